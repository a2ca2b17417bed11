import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { hostname, networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_ORIGIN } from '../src/core/protocol/extension-identity';
import { type Relay, startRelay } from '../relay/server';
import { pairingClient, rawExchange, statusOf, wsClient } from './helpers/relay-client';

/**
 * The relay with --host 0.0.0.0 (the user opted in to the network), reached
 * over a real non-loopback connection: clients connect to this machine's own
 * network address from that address, so the relay's socket sees a
 * non-loopback peer (what a client on another machine looks like to it).
 */

const TOKEN = 'network-test-token-0123456789';

/** This machine's first non-internal IPv4 address; without one there is no network to test. */
function machineAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  throw new Error('no non-loopback IPv4 address on this machine: the network-mode tests need one');
}

const ip = machineAddress();
let relay: Relay;
let net: string;
const fromNetwork = { localAddress: ip };

beforeAll(async () => {
  relay = await startRelay({ port: 0, host: '0.0.0.0', token: TOKEN, allowOrigins: [], allowHosts: ['relay.lan'] });
  net = `ws://${ip}:${relay.port}`;
});
afterAll(() => relay.close());

describe('relay on the network (--host 0.0.0.0)', () => {
  it('sees the test clients as non-loopback peers', async () => {
    const seen = new Promise<string | undefined>((r) =>
      relay.server.once('upgrade', (req) => r(req.socket.remoteAddress)),
    );
    const sub = wsClient(`${net}/`, fromNetwork);
    await sub.opened;
    expect(await seen).toBe(ip);
    sub.ws.close();
  });

  it("refuses a network client that claims loopback Host and the extension's Origin but has no token", async () => {
    const forged = { ...fromNetwork, origin: EXTENSION_ORIGIN, headers: { Host: `127.0.0.1:${relay.port}` } };
    await expect(wsClient(`${net}/publish`, forged).opened).rejects.toThrow('HTTP 401');
    await expect(wsClient(`${net}/publish`, { ...fromNetwork, origin: EXTENSION_ORIGIN }).opened).rejects.toThrow(
      'HTTP 401',
    );
    await expect(wsClient(`${net}/publish?token=wrong`, fromNetwork).opened).rejects.toThrow('HTTP 401');
    expect(relay.stats().publisher).toBe(false);
  });

  it('lets a network client with the token publish to network and local subscribers', async () => {
    const remote = wsClient(`${net}/`, fromNetwork);
    const local = wsClient(`ws://127.0.0.1:${relay.port}/`, { protocol: 'brainbrowsr.v2' });
    await Promise.all([remote.opened, local.opened]);
    const pub = wsClient(`${net}/publish?token=${TOKEN}`, fromNetwork);
    await pub.opened;
    pub.ws.send(JSON.stringify({ type: 'detection', target: 1 }));
    await remote.until(2);
    await local.until(2);
    expect(remote.frames).toEqual(['"Connected with the server"', '"1"']);
    expect(JSON.parse(local.frames[1])).toEqual({ type: 'detection', target: 1 });
    for (const c of [remote, local, pub]) c.ws.close();
    await pub.closed;
  });

  it('refuses the extension origin alone from this machine too; a paired publisher is accepted', async () => {
    const claim = wsClient(`ws://127.0.0.1:${relay.port}/publish`, { origin: EXTENSION_ORIGIN });
    await expect(claim.opened).rejects.toThrow('HTTP 401');
    const pub = pairingClient(`ws://127.0.0.1:${relay.port}/publish`, TOKEN, { origin: EXTENSION_ORIGIN });
    expect(await pub.paired).toBe('ok');
    expect(relay.stats().publisher).toBe(true);
    pub.ws.close();
    await pub.closed;
  });

  it("accepts honest network subscribers by the machine's address, host name and --allow-host names", async () => {
    for (const host of [`${ip}:${relay.port}`, `${hostname()}:${relay.port}`, `RELAY.lan:${relay.port}`]) {
      const sub = wsClient(`${net}/`, { ...fromNetwork, headers: { Host: host } });
      await sub.opened;
      await sub.until(1);
      expect(sub.frames[0]).toBe('"Connected with the server"');
      sub.ws.close();
    }
    const health = await rawExchange(
      relay.port,
      `GET /health HTTP/1.1\r\nHost: ${ip}:${relay.port}\r\nConnection: close\r\n\r\n`,
      1000,
      {
        host: ip,
        localAddress: ip,
      },
    );
    expect(statusOf(health)).toBe(200);
  });

  it('refuses a Host naming another machine (DNS rebinding) on the network too', async () => {
    const rebound = { ...fromNetwork, headers: { Host: `attacker.example:${relay.port}` } };
    await expect(wsClient(`${net}/`, rebound).opened).rejects.toThrow('HTTP 403');
    const health = await rawExchange(
      relay.port,
      `GET /health HTTP/1.1\r\nHost: attacker.example:${relay.port}\r\n\r\n`,
    );
    expect(statusOf(health)).toBe(403);
  });
});

/**
 * A client in its own network namespace behind a veth pair: another network
 * stack, its packets crossing a link, as a second machine's would. Needs
 * CAP_NET_ADMIN (root); where `ip netns` is not allowed this part is skipped
 * and the own-address tests above stand alone.
 */
const ns = `bbr${process.pid}`;
const [hostSide, nsSide] = [`bbrh${process.pid}`, `bbrn${process.pid}`];
const subnet = `10.213.${(process.pid >> 6) & 255}`;
const [hostAddr, nsAddr] = [`${subnet}.${(process.pid & 63) * 4 + 1}`, `${subnet}.${(process.pid & 63) * 4 + 2}`];
const ip4 = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });
const netnsUsable = (() => {
  try {
    ip4('netns', 'add', ns);
    ip4('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', nsSide);
    ip4('link', 'set', nsSide, 'netns', ns);
    ip4('addr', 'add', `${hostAddr}/30`, 'dev', hostSide);
    ip4('link', 'set', hostSide, 'up');
    ip4('netns', 'exec', ns, 'ip', 'addr', 'add', `${nsAddr}/30`, 'dev', nsSide);
    ip4('netns', 'exec', ns, 'ip', 'link', 'set', nsSide, 'up');
    ip4('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
    return true;
  } catch {
    return false;
  }
})();
const removeNamespace = () => {
  try {
    ip4('netns', 'del', ns); // removes the veth pair with it
  } catch {
    // never created, or already gone
  }
};
process.once('exit', removeNamespace);
afterAll(removeNamespace);

/** Runs WebSocket attempts from inside the namespace; resolves with what each got (greeting or HTTP status). */
function fromNamespace(attempts: { path: string; headers?: Record<string, string>; send?: unknown }[]) {
  const script = `
    const WebSocket = require('ws');
    const attempts = ${JSON.stringify(attempts)};
    (async () => {
      const out = [];
      for (const a of attempts) {
        out.push(await new Promise((resolve) => {
          const ws = new WebSocket('ws://${hostAddr}:' + process.argv[1] + a.path, { headers: a.headers || {} });
          ws.on('unexpected-response', (_q, res) => resolve('HTTP ' + res.statusCode));
          ws.on('error', (e) => resolve('error ' + e.message));
          ws.on('open', () => { if (a.send) ws.send(JSON.stringify(a.send)); setTimeout(() => { ws.close(); resolve('open'); }, 200); });
          ws.on('message', (d) => { ws.close(); resolve(String(d)); });
        }));
      }
      console.log(JSON.stringify(out));
    })();`;
  // Asynchronously: the relay under test runs in this process and must keep answering.
  return async (port: number) => {
    const { stdout } = await promisify(execFile)(
      'ip',
      ['netns', 'exec', ns, process.execPath, '-e', script, String(port)],
      { cwd: import.meta.dirname, encoding: 'utf8', timeout: 20_000 },
    );
    return JSON.parse(stdout) as string[];
  };
}

describe.runIf(netnsUsable)('relay on the network, client in another network namespace (veth)', () => {
  it('refuses the forged publisher, takes the token, serves honest subscribers', async () => {
    const seen: (string | undefined)[] = [];
    const onUpgrade = (req: { socket: { remoteAddress?: string } }) => seen.push(req.socket.remoteAddress);
    relay.server.on('upgrade', onUpgrade);
    const local = wsClient(`ws://127.0.0.1:${relay.port}/`);
    await local.opened;
    const results = await fromNamespace([
      { path: '/publish', headers: { Host: `127.0.0.1:${relay.port}`, Origin: EXTENSION_ORIGIN } },
      { path: '/' },
      { path: '/', headers: { Host: `attacker.example:${relay.port}` } },
      { path: `/publish?token=${TOKEN}`, send: { type: 'detection', target: 0 } },
    ])(relay.port);
    relay.server.off('upgrade', onUpgrade);
    expect(results).toEqual(['HTTP 401', '"Connected with the server"', 'HTTP 403', 'open']);
    expect(seen).toContain(nsAddr);
    await local.until(2);
    expect(local.frames[1]).toBe('"0"');
    local.ws.close();
  });
});

describe('relay on loopback only (the default)', () => {
  let local: Relay;
  beforeAll(async () => {
    local = await startRelay({ port: 0, host: '127.0.0.1', token: TOKEN, allowOrigins: [], allowHosts: ['relay.lan'] });
  });
  afterAll(() => local.close());

  it("refuses the machine's network names in Host: only loopback names pass", async () => {
    for (const host of [`${ip}:${local.port}`, `${hostname()}:${local.port}`, `relay.lan:${local.port}`]) {
      const reply = await rawExchange(local.port, `GET /health HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
      expect(statusOf(reply), host).toBe(403);
      await expect(wsClient(`ws://127.0.0.1:${local.port}/`, { headers: { Host: host } }).opened).rejects.toThrow(
        'HTTP 403',
      );
    }
    const ok = wsClient(`ws://localhost:${local.port}/`);
    await ok.opened;
    ok.ws.close();
  });
});
