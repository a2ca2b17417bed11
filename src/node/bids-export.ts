import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { bidsFiles, type BidsOptionsCore } from '../core/recording/bids';
import { checkOutput, OutputError, writeAtomically } from './output';
import type { RecordingFile } from './recording-file';
import { writeRecordingFile } from './write-recording';

export interface BidsOptions extends BidsOptionsCore {
  force: boolean;
}

/**
 * Writes `file` into the BIDS-EEG dataset `dir` (created if needed):
 * `sub-S[/ses-N]/eeg/…_eeg.bdf` with its `_eeg.json`, `_channels.tsv` and
 * `_events.tsv`, and the dataset's `dataset_description.json`,
 * `participants.tsv` and `README` when they are missing. Returns the paths written.
 */
export function exportBids(file: RecordingFile, dir: string, o: BidsOptions): string[] {
  let head: Float32Array[] = [];
  for (const chunk of file.chunks(10)) {
    head = chunk;
    break;
  }
  const participants = join(dir, 'participants.tsv');
  const listed = existsSync(participants) ? readFileSync(participants, 'utf8') : undefined;
  const files = bidsFiles(
    {
      sampleRate: file.sampleRate,
      channels: file.channels,
      samples: file.samples,
      annotations: file.annotations,
      head,
      source: file.format,
    },
    o,
    basename(file.path),
    listed,
  );
  const data = join(dir, files.dataPath);
  const sidecars = Object.keys(files.recording).map((p) => join(dir, p));
  for (const out of [data, ...sidecars]) checkOutput(out, [file.path], o.force);
  const eegDir = dirname(data);
  try {
    mkdirSync(eegDir, { recursive: true });
  } catch (e) {
    throw new OutputError(`${eegDir}: cannot create (${(e as Error).message})`);
  }
  const written = writeRecordingFile(file, data, 'bdf');
  const put = (out: string, text: string) => {
    writeAtomically(out, (w) => w(text));
    written.push(out);
  };
  for (const [p, text] of Object.entries(files.recording)) put(join(dir, p), text);
  // The dataset's own files: made when missing; participants.tsv gains this subject once.
  for (const [p, text] of Object.entries(files.dataset)) {
    const out = join(dir, p);
    if (p === 'participants.tsv' ? text !== listed : !existsSync(out)) put(out, text);
  }
  return written;
}
