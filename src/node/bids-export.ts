import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  bidsPlace,
  channelsTsv,
  datasetDescription,
  type BidsEntities,
  eegJson,
  eventsJson,
  bidsReadme,
  participantsTsv,
} from '../core/recording/bids';
import { detectMains } from '../core/dsp/mains';
import { writeEventsTsv } from '../core/recording/events-tsv';
import { checkOutput, OutputError, writeAtomically } from './output';
import type { RecordingFile } from './recording-file';
import { writeRecordingFile } from './write-recording';

export interface BidsOptions extends BidsEntities {
  reference: string;
  force: boolean;
}

/**
 * Writes `file` into the BIDS-EEG dataset `dir` (created if needed):
 * `sub-S[/ses-N]/eeg/…_eeg.bdf` with its `_eeg.json`, `_channels.tsv` and
 * `_events.tsv`, and the dataset's `dataset_description.json`,
 * `participants.tsv` and `README` when they are missing. Returns the paths written.
 */
export function exportBids(file: RecordingFile, dir: string, o: BidsOptions): string[] {
  const { folder, stem } = bidsPlace(o);
  const eegDir = join(dir, folder);
  const path = (suffix: string) => join(eegDir, `${stem}_${suffix}`);
  const outputs = [path('eeg.bdf'), path('eeg.json'), path('channels.tsv'), path('events.tsv'), path('events.json')];
  for (const out of outputs) checkOutput(out, [file.path], o.force);
  try {
    mkdirSync(eegDir, { recursive: true });
  } catch (e) {
    throw new OutputError(`${eegDir}: cannot create (${(e as Error).message})`);
  }
  let head: Float32Array[] = [];
  for (const chunk of file.chunks(10)) {
    head = chunk;
    break;
  }
  const written = writeRecordingFile(file, outputs[0], 'bdf');
  const put = (out: string, text: string) => {
    writeAtomically(out, (w) => w(text));
    written.push(out);
  };
  put(
    outputs[1],
    eegJson({
      task: o.task,
      sampleRate: file.sampleRate,
      powerLine: head.length > 0 ? detectMains(head, file.sampleRate) : 0,
      reference: o.reference,
      channels: file.channels,
      samples: file.samples,
      source: file.format,
    }),
  );
  put(outputs[2], channelsTsv(file.channels));
  put(outputs[3], writeEventsTsv(file.annotations, file.sampleRate));
  put(outputs[4], eventsJson());
  const description = join(dir, 'dataset_description.json');
  if (!existsSync(description)) put(description, datasetDescription(basename(file.path)));
  const participants = join(dir, 'participants.tsv');
  const listed = existsSync(participants) ? readFileSync(participants, 'utf8') : undefined;
  const updated = participantsTsv(listed, o.subject);
  if (updated !== listed) put(participants, updated);
  const readme = join(dir, 'README');
  if (!existsSync(readme)) {
    put(readme, bidsReadme(basename(file.path)));
  }
  return written;
}
