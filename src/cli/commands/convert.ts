import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CAPTURE_KINDS, type CaptureKind, decodeCapture } from '../../core/devices/capture';
import {
  encodeRecording,
  formatFromName,
  type Recording,
  RecordingError,
  writeEventsTsv,
} from '../../core/recording/index';
import { loadRecording } from '../../node/files';
import { UsageError } from '../errors';

/** convert IN OUT: between BDF+, EDF+ and CSV; with --device, IN is a raw headset capture. */
export function convert(argv: string[]): void {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { device: { type: 'string' } },
  });
  if (positionals.length !== 2) {
    throw new UsageError(
      `usage: brainbrowsr convert IN OUT [--device ${CAPTURE_KINDS.join('|')}]  (OUT: .bdf, .edf or .csv)`,
    );
  }
  const [input, output] = positionals;
  const format = formatFromName(output);
  if (!format) throw new UsageError(`${output}: output must end in .bdf, .edf or .csv`);
  let rec: Recording;
  if (values.device !== undefined) {
    if (!CAPTURE_KINDS.includes(values.device as CaptureKind)) {
      throw new UsageError(`--device must be one of ${CAPTURE_KINDS.join(', ')}`);
    }
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(input);
    } catch {
      throw new RecordingError(input, 'cannot read the capture');
    }
    const r = decodeCapture(values.device as CaptureKind, bytes);
    if (r.recording.data[0].length === 0) {
      throw new RecordingError(input, `no ${values.device} packets found (${r.skipped} bytes skipped)`);
    }
    console.error(
      `${input}: ${r.recording.data[0].length} samples at ${r.recording.sampleRate} Hz; lost ${r.lost} samples (filled by holding the last value, annotated); skipped ${r.skipped} bytes`,
    );
    rec = r.recording;
  } else rec = loadRecording(input);
  writeFileSync(output, encodeRecording(rec, format));
  // CSV has no place for trials: they go to a BIDS events table beside it.
  if (format === 'csv' && rec.annotations.length > 0) {
    const events = output.replace(/\.csv$/i, '_events.tsv');
    writeFileSync(events, writeEventsTsv(rec.annotations, rec.sampleRate));
    console.error(`wrote ${output} and ${events}`);
  } else console.error(`wrote ${output}`);
}
