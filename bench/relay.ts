import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import WebSocket from 'ws';
import { type DetectionMessage, type SubscriberMessage, V2_SUBPROTOCOL } from '../src/core/protocol/relay';
import { messageText } from '../relay/frames';
import { fmt, heading } from './util';

const now = () => performance.timeOrigin + performance.now();
const TOKEN = 'bench-token-0123456789';
/** Another checkout's relay to compare against (e.g. the previous commit's). */
const RELAY_BIN = process.env.BENCH_RELAY_BIN ?? resolve(import.meta.dirname, '../bin/relay.mjs');

/**
 * The relay and the load client each get a core of their own (`taskset`),
 * so the figures are the relay's and not two processes fighting for one
 * core. Without taskset or a second core both run unpinned (said so).
 */
function cpuPinning(): { relay: string[]; client?: string; restore?: string } {
  try {
    if (availableParallelism() < 2) return { relay: [] };
    const mask = /affinity mask:\s*([0-9a-f]+)/.exec(
      execFileSync('taskset', ['-p', String(process.pid)], { encoding: 'utf8' }),
    );
    return { relay: ['taskset', '-c', '0'], client: '1', restore: mask?.[1] };
  } catch {
    return { relay: [] };
  }
}

/** Starts the real relay in its own process so its memory and CPU time can be read. */
async function startRelayProcess(pinning: string[]) {
  const [cmd, ...args] = [...pinning, process.execPath, RELAY_BIN, '--port', '0', '--quiet'];
  const child = spawn(cmd, args, {
    env: { ...process.env, BRAINBROWSR_RELAY_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((res, rej) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      const m = /127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) res(Number(m[1]));
    });
    child.once('exit', () => rej(new Error('relay exited')));
  });
  const proc = (file: string) => readFileSync(`/proc/${child.pid}/${file}`, 'utf8');
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(proc('status'))?.[1] ?? 0) / 1024;
  /** User + system CPU time of the relay, in ms (clock ticks are 10 ms on Linux). */
  const cpuMs = () => {
    const fields = proc('stat')
      .slice(proc('stat').lastIndexOf(')') + 2)
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  return { port, rss, cpuMs, stop: () => child.kill('SIGINT') };
}

/**
 * The subscribers all live in one load-client process on one core, so their
 * own cost per message delays the last ones of each burst: it is the bench's
 * overhead, not the relay's. By default they are minimal WebSocket clients
 * (the RFC 6455 handshake, then the relay's unmasked frames parsed in
 * place); BENCH_RELAY_CLIENT=ws uses the ws package instead.
 */
const LOAD_CLIENT = process.env.BENCH_RELAY_CLIENT === 'ws' ? 'ws' : 'minimal';

function minimalSubscriber(port: number, onText: (text: string) => void): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const key = randomBytes(16).toString('base64');
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    const socket = connect(port, '127.0.0.1');
    let buf: Buffer = Buffer.alloc(0);
    let open = false;
    socket.once('connect', () =>
      socket.write(
        `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${V2_SUBPROTOCOL}\r\n\r\n`,
      ),
    );
    socket.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      if (!open) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        if (!head.startsWith('HTTP/1.1 101') || !head.includes(`Sec-WebSocket-Accept: ${accept}`)) {
          return reject(new Error(`handshake refused: ${head}`));
        }
        open = true;
        buf = buf.subarray(end + 4);
        resolve({ close: () => socket.destroy() });
      }
      while (buf.length >= 2) {
        let n = buf[1] & 0x7f;
        let offset = 2;
        if (n === 126) {
          if (buf.length < 4) return;
          n = buf.readUInt16BE(2);
          offset = 4;
        } else if (n === 127) {
          if (buf.length < 10) return;
          n = Number(buf.readBigUInt64BE(2));
          offset = 10;
        }
        if (buf.length < offset + n) return;
        if ((buf[0] & 0x0f) === 1) onText(buf.toString('utf8', offset, offset + n)); // text; pings etc. skipped
        buf = buf.subarray(offset + n);
      }
    });
    socket.once('error', reject);
  });
}

function wsSubscriber(port: number, onText: (text: string) => void): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, [V2_SUBPROTOCOL], {
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    ws.on('message', (d) => onText(messageText(d)));
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function run(pinning: string[], count: number, rate: number, seconds: number) {
  const relay = await startRelayProcess(pinning);
  const latencies: number[] = [];
  let received = 0;
  const onText = (text: string) => {
    // Every detection this benchmark publishes carries its send time.
    const m = JSON.parse(text) as Exclude<SubscriberMessage, DetectionMessage> | (DetectionMessage & { time: number });
    if (m.type !== 'detection') return;
    latencies.push(now() - m.time);
    received++;
  };
  const subs = await Promise.all(
    Array.from({ length: count }, () =>
      LOAD_CLIENT === 'ws' ? wsSubscriber(relay.port, onText) : minimalSubscriber(relay.port, onText),
    ),
  );
  const pub = new WebSocket(`ws://127.0.0.1:${relay.port}/publish?token=${TOKEN}`);
  await new Promise((r) => pub.once('open', r));
  await new Promise((r) => setTimeout(r, 200));
  const cpuBefore = relay.cpuMs();
  const clientBefore = process.cpuUsage();
  const total = rate * seconds;
  for (let i = 0; i < total; i++) {
    pub.send(JSON.stringify({ type: 'detection', target: i % 4, time: now() }));
    await new Promise((r) => setTimeout(r, 1000 / rate));
  }
  const deadline = Date.now() + 5000;
  while (received < total * count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const cpuPerDetection = (relay.cpuMs() - cpuBefore) / total;
  const client = process.cpuUsage(clientBefore);
  const clientPerDetection = (client.user + client.system) / 1000 / total;
  const rss = relay.rss();
  subs.forEach((s) => s.close());
  pub.close();
  relay.stop();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  console.log(
    `${String(count).padStart(4)} subscribers, ${rate} detections/s: p50 ${fmt(q(0.5), 2)} ms, p99 ${fmt(q(0.99), 2)} ms, ` +
      `max ${fmt(latencies.at(-1) ?? NaN, 2)} ms, delivered ${received}/${total * count}, ` +
      `CPU per detection: relay ${fmt(cpuPerDetection, 2)} ms, load client ${fmt(clientPerDetection, 2)} ms; ` +
      `relay RSS ${fmt(rss, 1)} MB`,
  );
}

/**
 * The floor under any fan-out: a bare Node TCP server (no WebSocket, no
 * relay) on the relay's core writing one detection-sized buffer to each of
 * `count` loopback sockets, 50 times a second, read by sockets that only
 * count bytes. Their CPU per burst is what the kernel's loopback TCP
 * charges per write and per read: neither the relay nor the load client
 * can go below it.
 */
async function floor(pinning: string[], count: number, bytes: number, bursts: number) {
  const script = `
    const net = require('node:net');
    const sockets = [];
    const frame = Buffer.alloc(${bytes}, 32);
    const server = net.createServer((s) => { s.setNoDelay(); s.on('error', () => {}); sockets.push(s); });
    server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
    process.stdin.on('data', (d) => {
      for (const line of String(d).split('\\n')) {
        if (line === 'burst') for (const s of sockets) s.write(frame);
        if (line === 'cpu') { const u = process.cpuUsage(); console.log('cpu ' + (u.user + u.system)); }
      }
    });`;
  const [cmd, ...args] = [...pinning, process.execPath, '-e', script];
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (d) => {
    lines.push(...String(d).trim().split('\n'));
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (prefix: string) => {
    for (;;) {
      const i = lines.findIndex((l) => l.startsWith(prefix));
      if (i >= 0) return Number(lines.splice(i, 1)[0].slice(prefix.length));
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  const port = await next('port ');
  let received = 0;
  const sockets = await Promise.all(
    Array.from({ length: count }, () => {
      const s = connect(port, '127.0.0.1');
      s.on('data', (d) => (received += d.length));
      return new Promise<Socket>((r) => s.once('connect', () => r(s)));
    }),
  );
  await new Promise((r) => setTimeout(r, 200));
  child.stdin.write('cpu\n');
  const before = await next('cpu ');
  const clientBefore = process.cpuUsage();
  for (let i = 0; i < bursts; i++) {
    child.stdin.write('burst\n');
    await new Promise((r) => setTimeout(r, 20));
  }
  const deadline = Date.now() + 5000;
  while (received < bursts * count * bytes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  child.stdin.write('cpu\n');
  const perBurst = (await next('cpu ')) - before;
  const client = process.cpuUsage(clientBefore);
  sockets.forEach((s) => s.destroy());
  child.kill();
  console.log(
    `${String(count).padStart(4)} bare TCP sockets, ${bytes}-byte write each, 50 bursts/s: ` +
      `CPU per burst: server ${fmt(perBurst / 1000 / bursts, 2)} ms, ` +
      `client (reads only) ${fmt((client.user + client.system) / 1000 / bursts, 2)} ms (floors for the figures above)`,
  );
}

export async function benchRelay(): Promise<void> {
  const pin = cpuPinning();
  heading(
    pin.client
      ? `Relay fan-out (loopback; relay on CPU 0, the load client with all its ${LOAD_CLIENT} subscribers on CPU 1)`
      : 'Relay fan-out (loopback; UNPINNED: no taskset or one core, relay and load client share the CPU)',
  );
  if (pin.client) execFileSync('taskset', ['-a', '-cp', pin.client, String(process.pid)], { stdio: 'ignore' });
  try {
    const counts = process.env.BENCH_RELAY_SUBSCRIBERS?.split(',').map(Number) ?? [100, 300, 1000];
    for (const n of counts) await run(pin.relay, n, 50, 4);
    // The v2 detection frame the runs above fan out is about 60 bytes.
    await floor(pin.relay, Math.max(...counts), 60, 200);
  } finally {
    if (pin.restore) execFileSync('taskset', ['-a', '-p', pin.restore, String(process.pid)], { stdio: 'ignore' });
  }
}
