import { parseArgs } from 'node:util';
import { RELAY_DEFAULT_PORT } from '../src/core/protocol/relay';
import { isLoopbackListen } from './request-checks';
import { startRelay } from './server';
import { relayToken } from './token';

const USAGE =
  'usage: npm run relay -- [--port 8002] [--host 127.0.0.1] [--allow-origin ORIGIN]... [--allow-host NAME]... [--require-token] [--quiet]';

/** `npm run relay`: starts the relay and runs until Ctrl-C. */
export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'allow-host': { type: 'string', multiple: true },
        'require-token': { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    console.error(`relay: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(values.port ?? RELAY_DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`relay: --port must be 0-65535, not "${values.port}"`);
    return 2;
  }
  const host = values.host ?? '127.0.0.1';
  for (const o of values['allow-origin'] ?? []) {
    if (!/^[a-z-]+:\/\/[^/\s]+$/i.test(o)) {
      console.error(`relay: --allow-origin "${o}" is not an origin like https://example.org`);
      return 2;
    }
  }
  for (const h of values['allow-host'] ?? []) {
    if (!/^[a-z0-9.-]+$/i.test(h)) {
      console.error(`relay: --allow-host "${h}" is not a host name like mybox.lan`);
      return 2;
    }
  }
  if (!isLoopbackListen(host)) {
    console.warn(
      `relay: WARNING: listening on ${host}, not loopback only: other machines can reach the relay and subscribe; ` +
        'publishing from them needs the token, which travels unencrypted.',
    );
  } else if (values['allow-host']?.length) {
    console.error('relay: --allow-host only applies with --host beyond loopback (e.g. --host 0.0.0.0)');
    return 2;
  }
  const { token, source } = relayToken();
  const stamp = () => new Date().toISOString().slice(11, 23);
  const log = values.quiet ? undefined : (line: string) => console.log(`${stamp()} ${line}`);
  let relay;
  try {
    relay = await startRelay({
      port,
      host,
      token,
      allowOrigins: values['allow-origin'] ?? [],
      allowHosts: values['allow-host'] ?? [],
      requireToken: values['require-token'],
      log,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    console.error(
      `relay: cannot listen on ${host}:${port}: ${err.code === 'EADDRINUSE' ? 'port already in use' : err.message}`,
    );
    return 2;
  }
  // A wildcard address is not one a client can name (nor one the Host check accepts).
  const wildcard = host === '0.0.0.0' || host === '::';
  const shown = wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  console.log(`BrainBrowsR relay on ws://${shown}:${relay.port}/ (health: http://${shown}:${relay.port}/health)`);
  console.log(`publisher token (${source}): ${token}`);
  console.log(
    'Pair the extension once: Studio > Settings > Other programs on this computer, paste this token, switch sharing on.' +
      (values['require-token'] ? ' Subscribers too must add ?token=TOKEN to the address.' : ''),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await relay.close();
  return 0;
}
