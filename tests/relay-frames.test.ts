import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { messageText, textFrame } from '../relay/frames';

// ws's frame parser (exported by the package, absent from @types/ws).
const { Receiver } = createRequire(import.meta.url)('ws') as {
  Receiver: new (options: { isServer: boolean; maxPayload: number }) => Writable;
};

/** The prepared frames the relay writes straight to subscriber sockets, read back by ws's own parser. */
function parse(frame: Buffer): Promise<{ text: string; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false, maxPayload: 0 });
    receiver.on('message', (data: Buffer, isBinary: boolean) => resolve({ text: String(data), isBinary }));
    receiver.on('error', reject);
    // Byte by byte at the seams, as TCP may deliver it.
    receiver.write(frame.subarray(0, 1));
    receiver.write(frame.subarray(1, 3));
    receiver.write(frame.subarray(3));
  });
}

describe('relay: prepared text frames', () => {
  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 70_000])('carry a %i-byte payload intact', async (n) => {
    const text = 'x'.repeat(n);
    const frame = textFrame(text);
    expect(frame.length).toBe(n + (n < 126 ? 2 : n < 65_536 ? 4 : 10));
    expect(await parse(frame)).toEqual({ text, isBinary: false });
  });

  it('count bytes, not characters', async () => {
    const text = JSON.stringify({ type: 'status', state: 'off', message: 'é→😀'.repeat(30) });
    expect(await parse(textFrame(text))).toEqual({ text, isBinary: false });
  });
});

describe('incoming message text', () => {
  it('reads a Buffer, an ArrayBuffer and a list of fragments alike', () => {
    const text = '{"type":"detection","target":2,"label":"é→😀"}';
    const bytes = Buffer.from(text, 'utf8');
    expect(messageText(bytes)).toBe(text);
    expect(messageText(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length))).toBe(text);
    expect(messageText([bytes.subarray(0, 40), bytes.subarray(40)])).toBe(text);
  });
});
