import { RecordingAssembler, RESYNC_LABEL } from './assembler';
import { captureKinds, type HeadsetSpec, headsetSpec } from './registry';
import type { Recording } from '../recording/types';
import type { DecodeResult, StreamNote } from './types';

/** Bytes a serial capture is decoded in at a time (any chunking decodes the same). */
const SERIAL_CHUNK = 4096;

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
  /** What the decoder noted on the time line (also annotated), e.g. packets of another layout dropped. */
  notes: StreamNote[];
}

/**
 * Bytes per stored notification of a Bluetooth headset's capture (with
 * several characteristics, one more: the byte naming which); undefined for a
 * serial headset, whose capture is the bytes as read from the port.
 */
export function notificationBytes(kind: string): number | undefined {
  const spec = headsetSpec(kind);
  return spec && storedNotificationBytes(spec);
}

function storedNotificationBytes(spec: HeadsetSpec): number | undefined {
  const link = spec.bluetooth;
  if (!link) return undefined;
  return link.notificationBytes + (link.notify.length > 1 ? 1 : 0);
}

/**
 * Decodes a raw byte capture of a headset in the table (see notificationBytes)
 * into a recording; `firmware`: what the headset said of its firmware, for a
 * headset whose packing depends on it (the Ganglion).
 */
export function decodeCapture(kind: string, bytes: Uint8Array, firmware?: string): CaptureResult {
  const spec = headsetSpec(kind);
  if (!spec || !(captureKinds() as string[]).includes(kind)) {
    throw new Error(`no capture format for headset kind "${kind}"`);
  }
  return decodeHeadsetCapture(spec, bytes, kind, firmware);
}

/** Decodes a capture of the headset `spec` describes (a row of the table, its decoder); `kind` names it in the recording. */
export function decodeHeadsetCapture(
  spec: HeadsetSpec,
  bytes: Uint8Array,
  kind: string,
  firmware?: string,
): CaptureResult {
  const decoder = spec.decoder(firmware);
  const names = () => spec.channelNames(decoder.channelCount || 1);
  let skipped = 0;
  let lost = 0;
  let asm: RecordingAssembler | undefined;
  const notes: StreamNote[] = [];
  const take = (r: DecodeResult) => {
    skipped += r.skipped;
    lost += r.lost;
    if (r.block.timestamps.length > 0) {
      asm ??= new RecordingAssembler(names(), decoder.sampleRate);
      asm.add(r.block);
    }
    for (let k = 0; k < r.resyncs; k++) asm?.mark(RESYNC_LABEL);
    for (const n of r.notes ?? []) {
      asm ??= new RecordingAssembler(names(), decoder.sampleRate);
      asm.note(n.time, n.label);
      notes.push(n);
    }
  };
  const size = storedNotificationBytes(spec);
  if (size === undefined) {
    for (let i = 0; i < bytes.length; i += SERIAL_CHUNK) take(decoder.push(bytes.subarray(i, i + SERIAL_CHUNK)));
  } else {
    for (let i = 0; i + size <= bytes.length; i += size) take(decoder.push(bytes.subarray(i, i + size)));
    skipped += bytes.length % size; // a cut notification at the end
  }
  if (decoder.end) take(decoder.end());
  skipped += decoder.buffered; // a cut packet at the end, or notifications never completed
  asm ??= new RecordingAssembler(names(), decoder.sampleRate);
  return {
    recording: asm.toRecording([], `${kind} capture`),
    lost,
    filled: asm.lost,
    skipped,
    resyncs: asm.resyncs,
    notes,
  };
}
