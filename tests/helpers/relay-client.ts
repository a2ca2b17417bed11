import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { connect as tcpConnect } from 'node:net';
import { resolve } from 'node:path';
import WebSocket from 'ws';
import type { ErrorMessage, SubscriberMessage } from '../../src/core/protocol/relay';
import { PAIRING_SUBPROTOCOL, PublisherHandshake } from '../../src/core/protocol/relay-handshake';
import { messageText } from '../../relay/frames';

export { messageText };

/** What the relay sends: to a v2 subscriber, or an error reply to a publisher. */
export type RelayFrame = SubscriberMessage | ErrorMessage;

/** One v2 frame parsed; `T` names the kind the test expects at that point. */
export const parseFrame = <T extends RelayFrame = RelayFrame>(text: string) => JSON.parse(text) as T;

/** One BrainServR frame parsed: always a JSON string ("3", "Connected with the server"...). */
export const parseBrainServR = (text: string) => JSON.parse(text) as string;

/** A WebSocket client on the relay that collects its text frames. */
export function wsClient(url: string, opts: WebSocket.ClientOptions & { protocol?: string } = {}) {
  const ws = new WebSocket(url, opts.protocol ? [opts.protocol] : [], opts);
  const frames: string[] = [];
  ws.on('message', (d) => frames.push(messageText(d)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  opened.catch(() => undefined); // callers that expect a refusal await it themselves
  const closed = new Promise<{ code: number; reason: string }>((r) =>
    ws.once('close', (code, reason) => r({ code, reason: String(reason) })),
  );
  const until = async (n: number, ms = 5000) => {
    const end = Date.now() + ms;
    while (frames.length < n) {
      if (Date.now() > end) throw new Error(`got ${frames.length} of ${n} frames: ${frames.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return frames;
  };
  return { ws, frames, opened, closed, until };
}

/**
 * Sends raw bytes to host:port and resolves with everything the server sent
 * back before it closed the connection (or `ms` passed). With `end`, the
 * bytes are followed by our FIN, so a server that has read everything closes
 * at once instead of waiting out `ms` for more.
 */
export function rawExchange(
  port: number,
  bytes: string | Buffer,
  ms = 2000,
  options: { host?: string; localAddress?: string; end?: boolean } = {},
): Promise<string> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ port, host: options.host ?? '127.0.0.1', localAddress: options.localAddress });
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => (options.end ? socket.end(bytes) : socket.write(bytes)));
  });
}

/** The status code of the first HTTP response line in `text`, or undefined. */
export const statusOf = (text: string) => {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
  return m ? Number(m[1]) : undefined;
};

/** A WebSocket upgrade request for `target` with the given extra header lines. */
export const upgradeRequest = (target: string, host: string, extra: string[] = []) =>
  [
    `GET ${target} HTTP/1.1`,
    `Host: ${host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...extra,
    '',
    '',
  ].join('\r\n');

/** The real relay (`npm run relay`) as its own process on an ephemeral loopback port. */
export async function spawnRelay(token: string, args: string[] = []) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [resolve(import.meta.dirname, '../../bin/relay.mjs'), '--port', '0', '--quiet', ...args],
    { env: { ...process.env, BRAINBROWSR_RELAY_TOKEN: token } },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const port = await new Promise<number>((res, rej) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      const m = /:(\d+)\/ \(health/.exec(out);
      if (m) res(Number(m[1]));
    });
    child.once('exit', (code) => rej(new Error(`relay exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    port,
    child,
    stderr: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/**
 * A publisher that pairs the way the extension does (the pairing subprotocol
 * and proof, no token on the wire). `paired` resolves with the relay's
 * answer: 'ok', the close code when it was refused after the upgrade, or
 * 'HTTP <status>' when it was refused before; `proved` says
 * whether the relay's own proof was right (frames after it are not
 * collected: the handshake is not part of what the test publishes).
 */
export function pairingClient(url: string, token: string, opts: WebSocket.ClientOptions = {}) {
  const c = wsClient(url, { ...opts, protocol: PAIRING_SUBPROTOCOL });
  const handshake = new PublisherHandshake(token);
  let relayProved: boolean | undefined;
  const paired = new Promise<'ok' | number | `HTTP ${number}`>((resolve) => {
    c.ws.once('close', (code) => resolve(code));
    c.ws.once('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode ?? 0}`));
    c.ws.once('open', () => c.ws.send(JSON.stringify(handshake.hello())));
    const onMessage = (d: WebSocket.RawData) => {
      const text = messageText(d);
      if (relayProved === undefined) {
        void handshake.answer(text).then((proof) => {
          relayProved = proof !== undefined;
          if (proof) c.ws.send(JSON.stringify(proof));
          else c.ws.close();
        });
      } else if ((JSON.parse(text) as { type?: string }).type === 'auth-ok') {
        c.ws.off('message', onMessage);
        c.frames.length = 0;
        resolve('ok');
      }
    };
    c.ws.on('message', onMessage);
  });
  return { ...c, paired, proved: () => relayProved };
}
