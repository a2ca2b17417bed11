import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import WebSocket from 'ws';
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

async function run(pinning: string[], count: number, rate: number, seconds: number) {
  const relay = await startRelayProcess(pinning);
  const latencies: number[] = [];
  let received = 0;
  const subs = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<WebSocket>((res, rej) => {
          // Lean but real clients: the load client must not be the bottleneck it measures.
          const ws = new WebSocket(`ws://127.0.0.1:${relay.port}/`, ['brainbrowsr.v2'], {
            perMessageDeflate: false,
            skipUTF8Validation: true,
          });
          ws.on('message', (d) => {
            const m = JSON.parse(String(d));
            if (m.type !== 'detection') return;
            latencies.push(now() - m.time);
            received++;
          });
          ws.once('open', () => res(ws));
          ws.once('error', rej);
        }),
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

export async function benchRelay(): Promise<void> {
  const pin = cpuPinning();
  heading(
    pin.client
      ? 'Relay fan-out (loopback; relay on CPU 0, the load client with all subscribers on CPU 1)'
      : 'Relay fan-out (loopback; UNPINNED: no taskset or one core, relay and load client share the CPU)',
  );
  if (pin.client) execFileSync('taskset', ['-a', '-cp', pin.client, String(process.pid)], { stdio: 'ignore' });
  try {
    const counts = process.env.BENCH_RELAY_SUBSCRIBERS?.split(',').map(Number) ?? [100, 300, 1000];
    for (const n of counts) await run(pin.relay, n, 50, 4);
  } finally {
    if (pin.restore) execFileSync('taskset', ['-a', '-p', pin.restore, String(process.pid)], { stdio: 'ignore' });
  }
}
