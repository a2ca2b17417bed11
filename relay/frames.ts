import type { RawData } from 'ws';

/**
 * A complete, unmasked WebSocket text frame (RFC 6455 5.2) for `text`. The
 * relay builds it once per message and writes the same bytes to every
 * subscriber's socket, so fan-out costs one socket write per subscriber and
 * no per-subscriber encoding or framing.
 */
export function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const n = payload.length;
  const headerLength = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + n);
  frame[0] = 0x81; // FIN, opcode 1 (text)
  if (n < 126) {
    frame[1] = n;
  } else if (n < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}

/**
 * The text of a message ws delivered: a Buffer with the default binaryType,
 * an ArrayBuffer or a list of fragments with the others (where `String()`
 * would give "[object ArrayBuffer]" or join the fragments with commas).
 */
export function messageText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
