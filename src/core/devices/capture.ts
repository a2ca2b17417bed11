import { CytonDecoder } from './cyton';
import { ExploreDecoder } from './explore';
import { GanglionDecoder } from './ganglion';
import { MuseDecoder } from './muse';
import { RecordingAssembler, RESYNC_LABEL } from './assembler';
import type { Recording } from '../recording/types';
import type { DecodeResult } from './types';

export type CaptureKind = 'cyton' | 'cyton-daisy' | 'explore' | 'ganglion' | 'muse';
export const CAPTURE_KINDS: CaptureKind[] = ['cyton', 'cyton-daisy', 'explore', 'ganglion', 'muse'];

/** Bytes per stored notification of the BLE captures (Muse: electrode index byte + 20). */
export const NOTIFICATION_BYTES: Record<'ganglion' | 'muse', number> = { ganglion: 20, muse: 21 };

export interface CaptureResult {
  recording: Recording;
  /** Samples the decoder counted as missing on the wire. */
  lost: number;
  /** Of those, the ones inside the recording, filled by holding the last value (annotated `lost N`). */
  filled: number;
  /** Bytes that were not part of a usable packet. */
  skipped: number;
  /** Counter or clock jumps not believed (annotated `resync`). */
  resyncs: number;
}

/**
 * Decodes a raw byte capture into a recording. Serial devices: the bytes as
 * read from the port. Ganglion: 20-byte notifications back to back. Muse:
 * per notification one byte of electrode index (0 TP9, 1 AF7, 2 AF8, 3 TP10)
 * then its 20 bytes.
 */
export function decodeCapture(kind: CaptureKind, bytes: Uint8Array): CaptureResult {
  let skipped = 0;
  let lost = 0;
  let asm: RecordingAssembler | undefined;
  const names = (n: number) => Array.from({ length: n }, (_, i) => `ch${i + 1}`);
  const take = (r: DecodeResult, channels: () => string[], rate: number) => {
    skipped += r.skipped;
    lost += r.lost;
    if (r.block.timestamps.length > 0) {
      asm ??= new RecordingAssembler(channels(), rate);
      asm.add(r.block);
    }
    for (let k = 0; k < r.resyncs; k++) asm?.mark(RESYNC_LABEL);
  };
  if (kind === 'cyton' || kind === 'cyton-daisy' || kind === 'explore') {
    const decoder = kind === 'explore' ? new ExploreDecoder() : new CytonDecoder(kind === 'cyton-daisy');
    const chunk = 4096;
    for (let i = 0; i < bytes.length; i += chunk) {
      const r = decoder.push(bytes.subarray(i, i + chunk));
      take(r, () => names(decoder.channelCount), decoder.sampleRate);
    }
    skipped += decoder.buffered; // a cut packet at the end
    asm ??= new RecordingAssembler(names(decoder.channelCount || 1), decoder.sampleRate);
  } else if (kind === 'ganglion') {
    const decoder = new GanglionDecoder(2);
    const size = NOTIFICATION_BYTES.ganglion;
    for (let i = 0; i + size <= bytes.length; i += size) {
      take(decoder.push(bytes.subarray(i, i + size)), () => names(4), decoder.sampleRate);
    }
    skipped += bytes.length % size;
    asm ??= new RecordingAssembler(names(4), decoder.sampleRate);
  } else {
    const decoder = new MuseDecoder(4);
    const size = NOTIFICATION_BYTES.muse;
    const channels = () => ['TP9', 'AF7', 'AF8', 'TP10'];
    for (let i = 0; i + size <= bytes.length; i += size) {
      take(decoder.push(bytes[i], bytes.subarray(i + 1, i + size)), channels, decoder.sampleRate);
    }
    skipped += (bytes.length % size) + size * decoder.buffered;
    asm ??= new RecordingAssembler(channels(), decoder.sampleRate);
  }
  return { recording: asm.toRecording([], `${kind} capture`), lost, filled: asm.lost, skipped, resyncs: asm.resyncs };
}
