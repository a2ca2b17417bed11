import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'brainbrowsr');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'brainbrowsr');
}

/**
 * The publisher token: BRAINBROWSR_RELAY_TOKEN when set, otherwise generated
 * once and kept readable by this user only (mode 0600).
 */
export function relayToken(env: NodeJS.ProcessEnv = process.env): { token: string; source: string } {
  if (env.BRAINBROWSR_RELAY_TOKEN) return { token: env.BRAINBROWSR_RELAY_TOKEN, source: 'BRAINBROWSR_RELAY_TOKEN' };
  const dir = configDir(env);
  const file = join(dir, 'relay-token');
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 16) {
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return { token, source: file };
    }
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, token + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, source: file };
}
