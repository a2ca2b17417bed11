import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EXTENSION_ID } from '../src/core/protocol/extension-identity';
import { DIST } from '../src/node/chromium';
import { messageText } from './helpers/relay-client';
import { waitFor } from './helpers/wait';
import { freePort, portIsFree } from './helpers/free-port';

/**
 * `npm start` / `brainbrowsr demo` as a user runs them (a real relay, the
 * built extension in Chromium, the demo page server): whatever ends them
 * (Ctrl-C, SIGTERM, SIGHUP, the browser closed), everything they started is
 * gone and their ports are free within 5 s. The relay runs on a port of the
 * test's choosing, and the extension, paired with it through its settings
 * page, must publish there (--port end to end).
 */
const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin/brainbrowsr.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'brainbrowsr-demo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  if (!existsSync(join(DIST, 'manifest.json'))) execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'ignore' });
}, 120_000);

interface Running {
  child: ChildProcess;
  output: () => string;
  relayPort: number;
  sitePort: number;
  profileDir: string;
  exited: Promise<number | null>;
}

async function startDemo(extra: string[], viaNpm = false): Promise<Running> {
  const relayPort = await freePort();
  const args = ['--no-build', '--headless', '--port', String(relayPort), ...extra];
  const child = viaNpm
    ? spawn('npm', ['start', '--silent', '--', ...args], { cwd: ROOT })
    : spawn(process.execPath, [BIN, 'demo', ...args], { cwd: ROOT });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const deadline = Date.now() + 60_000;
  // "headset: streaming" is printed from the relay's own subscriber: the
  // extension published its status to the relay on our port.
  while (!/headset: streaming/.test(out) || !/demo feed at/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`demo did not come up:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const sitePort = Number(/demo feed at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)![1]);
  const profileDir = /browser profile: (\S+)/.exec(out)![1];
  return { child, output: () => out, relayPort, sitePort, profileDir, exited };
}

/** Chromium processes using `profileDir`. */
function browsersOf(profileDir: string): { pid: number; main: boolean }[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps
    .split('\n')
    .filter((l) => l.includes(`--user-data-dir=${profileDir}`))
    .map((l) => ({ pid: Number(l.trim().split(/\s+/)[0]), main: !l.includes('--type=') }));
}

async function expectAllGone(run: Running, stoppedAt: number) {
  const code = await Promise.race([run.exited, new Promise((r) => setTimeout(() => r('timeout'), 5000))]);
  expect(code, run.output()).not.toBe('timeout');
  const deadline = stoppedAt + 5000;
  let free = false;
  while (Date.now() < deadline && !free) {
    free =
      (await portIsFree(run.relayPort)) && (await portIsFree(run.sitePort)) && browsersOf(run.profileDir).length === 0;
    if (!free) await new Promise((r) => setTimeout(r, 100));
  }
  expect(await portIsFree(run.relayPort), `relay port ${run.relayPort}\n${run.output()}`).toBe(true);
  expect(await portIsFree(run.sitePort), `demo page port ${run.sitePort}`).toBe(true);
  expect(browsersOf(run.profileDir)).toEqual([]);
  expect(Date.now() - stoppedAt).toBeLessThanOrEqual(5000);
}

describe('brainbrowsr demo stops everything it started', () => {
  // SIGINT (Ctrl-C) is checked the same way at the end of the pairing test below, which needs a running demo anyway.
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`on ${signal}: relay, browser and page server gone, ports free, throwaway profile removed`, async () => {
      const run = await startDemo(['--fresh-profile']);
      expect(browsersOf(run.profileDir).length).toBeGreaterThan(0);
      const at = Date.now();
      run.child.kill(signal);
      await expectAllGone(run, at);
      expect(await run.exited).toBe(0);
      expect(existsSync(run.profileDir)).toBe(false);
    }, 90_000);
  }

  it('when the browser is closed', async () => {
    const run = await startDemo(['--fresh-profile']);
    const main = browsersOf(run.profileDir).find((b) => b.main)!;
    const at = Date.now();
    process.kill(main.pid, 'SIGTERM'); // Chromium shuts down as when its window is closed
    await expectAllGone(run, at);
    expect(run.output()).toMatch(/the browser was closed: stopping/);
  }, 90_000);

  it('npm start on SIGTERM (the signal reaches the demo, not only npm)', async () => {
    const run = await startDemo(['--fresh-profile'], true);
    const at = Date.now();
    run.child.kill('SIGTERM');
    await expectAllGone(run, at);
  }, 90_000);
});

describe('npm start pairs the extension with its relay', () => {
  it('a BrainServR client hears the scripted gaze: "3", "3", "0", "2" (next, next, like, previous); Ctrl-C stops it all', async () => {
    const run = await startDemo(['--fresh-profile']);
    // The extension published its status to the relay: it proved the relay and was accepted.
    expect(run.output()).toMatch(/pairing the extension with the relay on port \d+/);
    const client = new WebSocket(`ws://127.0.0.1:${run.relayPort}/`);
    const frames: string[] = [];
    client.on('message', (d) => frames.push(messageText(d)));
    const detections = () => frames.map((f) => JSON.parse(f) as string).filter((f) => /^\d+$/.test(f));
    await waitFor('four detections', () => detections().length >= 4, 90_000, 200);
    expect(frames[0]).toBe('"Connected with the server"');
    expect(detections().slice(0, 4)).toEqual(['3', '3', '0', '2']);
    client.close();
    // Ctrl-C: relay, browser and page server gone, ports free, throwaway profile removed.
    const at = Date.now();
    run.child.kill('SIGINT');
    await expectAllGone(run, at);
    expect(await run.exited).toBe(0);
    expect(existsSync(run.profileDir)).toBe(false);
  }, 150_000);
});

describe('npm start keeps its browser profile', () => {
  it('in the folder given (default under the user data dir), across runs', async () => {
    const dir = join(tmp, 'profile');
    const first = await startDemo(['--profile-dir', dir]);
    expect(first.profileDir).toBe(dir);
    first.child.kill('SIGINT');
    await expectAllGone(first, Date.now());
    // The extension's storage (settings, calibrations) is on disk in that folder.
    expect(existsSync(join(dir, 'Default', 'Local Extension Settings', EXTENSION_ID))).toBe(true);
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    const second = await startDemo(['--profile-dir', dir]);
    second.child.kill('SIGINT');
    await expectAllGone(second, Date.now());
    expect(existsSync(join(dir, 'Default'))).toBe(true);
  }, 150_000);
});
