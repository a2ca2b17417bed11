import { CytonDecoder } from './cyton';
import { ExploreDecoder } from './explore';
import { GanglionDecoder } from './ganglion';
import { MuseDecoder } from './muse';
import { RecordingAssembler } from './assembler';
import type { Recording } from '../recording/types';

export type CaptureKind = 'cyton' | 'cyton-daisy' | 'explore' | 'ganglion' | 'muse';
export const CAPTURE_KINDS: CaptureKind[] = ['cyton', 'cyton-daisy', 'explore', 'ganglion', 'muse'];

/**
 * Decodes a raw byte capture into a recording. Serial devices: the bytes as
 * read from the port. Ganglion: 20-byte notifications back to back. Muse:
 * per notification one byte of electrode index (0 TP9, 1 AF7, 2 AF8, 3 TP10)
 * then its 20 bytes.
 */
export function decodeCapture(
  kind: CaptureKind,
  bytes: Uint8Array,
): { recording: Recording; lost: number; skipped: number } {
  let skipped = 0;
  let lost = 0;
  const chunk = 4096;
  const names = (n: number) => Array.from({ length: n }, (_, i) => `ch${i + 1}`);
  if (kind === 'cyton' || kind === 'cyton-daisy' || kind === 'explore') {
    const decoder = kind === 'explore' ? new ExploreDecoder() : new CytonDecoder(kind === 'cyton-daisy');
    let asm: RecordingAssembler | undefined;
    for (let i = 0; i < bytes.length; i += chunk) {
      const r = decoder.push(bytes.subarray(i, i + chunk));
      skipped += r.skipped;
      if (r.block.timestamps.length === 0) continue;
      asm ??= new RecordingAssembler(names(decoder.channelCount), decoder.sampleRate);
      asm.add(r.block);
    }
    asm ??= new RecordingAssembler(names(decoder.channelCount || 1), decoder.sampleRate);
    lost = asm.lost;
    return { recording: asm.toRecording([], `${kind} capture`), lost, skipped };
  }
  if (kind === 'ganglion') {
    const decoder = new GanglionDecoder(2);
    const asm = new RecordingAssembler(names(4), decoder.sampleRate);
    for (let i = 0; i + 20 <= bytes.length; i += 20) {
      const r = decoder.push(bytes.subarray(i, i + 20));
      skipped += r.skipped;
      asm.add(r.block);
    }
    skipped += bytes.length % 20;
    return { recording: asm.toRecording([], 'ganglion capture'), lost: asm.lost, skipped };
  }
  const decoder = new MuseDecoder(4);
  const asm = new RecordingAssembler(['TP9', 'AF7', 'AF8', 'TP10'], decoder.sampleRate);
  for (let i = 0; i + 21 <= bytes.length; i += 21) {
    const r = decoder.push(bytes[i], bytes.subarray(i + 1, i + 21));
    skipped += r.skipped;
    asm.add(r.block);
  }
  skipped += bytes.length % 21;
  return { recording: asm.toRecording([], 'muse capture'), lost: asm.lost, skipped };
}
