import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import WebSocket from 'ws';
import { fmt, heading } from './util';

const now = () => performance.timeOrigin + performance.now();

/** Starts the real relay in its own process so its memory can be read. */
async function startRelayProcess() {
  const child = spawn(process.execPath, [resolve(import.meta.dirname, '../bin/relay.mjs'), '--port', '0', '--quiet'], {
    env: { ...process.env, BRAINBROWSR_RELAY_TOKEN: 'bench-token-0123456789' },
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
  const rss = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  };
  return { port, rss, stop: () => child.kill('SIGINT') };
}

async function run(count: number, rate: number, seconds: number) {
  const relay = await startRelayProcess();
  const latencies: number[] = [];
  let received = 0;
  const subs = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<WebSocket>((res, rej) => {
          const ws = new WebSocket(`ws://127.0.0.1:${relay.port}/`, ['brainbrowsr.v2']);
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
  const pub = new WebSocket(`ws://127.0.0.1:${relay.port}/publish?token=bench-token-0123456789`);
  await new Promise((r) => pub.once('open', r));
  const total = rate * seconds;
  for (let i = 0; i < total; i++) {
    pub.send(JSON.stringify({ type: 'detection', target: i % 4, time: now() }));
    await new Promise((r) => setTimeout(r, 1000 / rate));
  }
  const deadline = Date.now() + 5000;
  while (received < total * count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const rss = relay.rss();
  subs.forEach((s) => s.close());
  pub.close();
  relay.stop();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  console.log(
    `${String(count).padStart(4)} subscribers, ${rate} detections/s: p50 ${fmt(q(0.5), 2)} ms, p99 ${fmt(q(0.99), 2)} ms, ` +
      `delivered ${received}/${total * count}, relay RSS ${fmt(rss, 1)} MB`,
  );
}

export async function benchRelay(): Promise<void> {
  heading('Relay fan-out (loopback; subscribers share one client process, so latency includes their queueing)');
  for (const n of [100, 300, 1000]) await run(n, 50, 4);
}
