import { detectMains } from '../dsp/mains';
import { writeEdf } from './edf-writer';
import { writeEventsTsv } from './events-tsv';
import type { Annotation, ChannelInfo, Recording } from './types';

/**
 * The BIDS-EEG sidecars of one recording (BIDS 1.9, "Electroencephalography"):
 * names, `_eeg.json`, `_channels.tsv` and the dataset's top-level files. The
 * data file is BDF+ and the events table is `writeEventsTsv`'s.
 */
export const BIDS_VERSION = '1.9.0';

export interface BidsEntities {
  subject: string;
  session?: string;
  task: string;
}

/** A BIDS label (sub-, ses-, task-) must be letters and digits only: the fault, or undefined when it is one. */
export function bidsLabelFault(option: string, value: string): string | undefined {
  return /^[A-Za-z0-9]+$/.test(value)
    ? undefined
    : `--${option} must be letters and digits only (a BIDS label), not "${value}"`;
}

/** Folder (relative to the dataset) and file-name stem of a recording: `sub-01/ses-1/eeg`, `sub-01_ses-1_task-ssvep`. */
export function bidsPlace(e: BidsEntities): { folder: string; stem: string } {
  const parts = [`sub-${e.subject}`, ...(e.session !== undefined ? [`ses-${e.session}`] : [])];
  return { folder: [...parts, 'eeg'].join('/'), stem: [...parts, `task-${e.task}`].join('_') };
}

export interface EegSidecar {
  task: string;
  sampleRate: number;
  /** Mains frequency found in the signal; 0: none found. */
  powerLine: 0 | 50 | 60;
  reference: string;
  channels: ChannelInfo[];
  samples: number;
  /** What wrote the source file. */
  source?: string;
}

const isEeg = (c: ChannelInfo) => c.unit === 'uV';

export function eegJson(s: EegSidecar): string {
  const eeg = s.channels.filter(isEeg).length;
  return (
    JSON.stringify(
      {
        TaskName: s.task,
        SamplingFrequency: s.sampleRate,
        PowerLineFrequency: s.powerLine === 0 ? 'n/a' : s.powerLine,
        EEGReference: s.reference,
        SoftwareFilters: 'n/a',
        EEGChannelCount: eeg,
        MiscChannelCount: s.channels.length - eeg,
        RecordingDuration: s.samples / s.sampleRate,
        RecordingType: 'continuous',
        ...(s.source ? { SoftwareVersions: `converted by brainbrowsr from ${s.source}` } : {}),
      },
      null,
      2,
    ) + '\n'
  );
}

/** `name  type  units` per channel: voltages are EEG in microvolts, anything else MISC. */
export function channelsTsv(channels: ChannelInfo[]): string {
  const rows = channels.map((c) => [c.label, isEeg(c) ? 'EEG' : 'MISC', isEeg(c) ? 'µV' : c.unit || 'n/a'].join('\t'));
  return ['name\ttype\tunits', ...rows].join('\n') + '\n';
}

/** What the events table's columns hold (`writeEventsTsv`'s). */
export function eventsJson(): string {
  return (
    JSON.stringify(
      {
        trial_type: {
          Description:
            'What happened: a trial label (e.g. 13Hz: looking at the 13 Hz target; rest), a marker from the ' +
            'source file, or "lost N": N samples lost on the wire, held at the last value',
        },
        sample: { Description: 'Onset as a sample index from the start of the recording (0-based)' },
      },
      null,
      2,
    ) + '\n'
  );
}

/** The dataset's README: where it came from and what is in it. */
export function bidsReadme(first: string): string {
  return [
    'EEG recordings converted to BIDS by brainbrowsr (the BrainBrowsR command-line tool), starting with',
    `${first}.`,
    '',
    'Each recording is a BDF+ file (24-bit) with its sampling rate, the mains frequency found in the signal',
    'and the reference in _eeg.json, its channels in _channels.tsv and its trials, markers and lost',
    'samples in _events.tsv (also kept as BDF+ annotations in the data file).',
    '',
  ].join('\n');
}

export function datasetDescription(name: string): string {
  return JSON.stringify({ Name: name, BIDSVersion: BIDS_VERSION, DatasetType: 'raw' }, null, 2) + '\n';
}

/** participants.tsv with `subject` added (kept once) to the participants already listed. */
export function participantsTsv(existing: string | undefined, subject: string): string {
  const lines = (existing ?? 'participant_id\n').split(/\r?\n/).filter((l) => l.trim() !== '');
  const id = `sub-${subject}`;
  if (!lines.slice(1).some((l) => l.split('\t')[0] === id)) {
    const columns = lines[0].split('\t').length;
    lines.push([id, ...Array.from({ length: columns - 1 }, () => 'n/a')].join('\t'));
  }
  return lines.join('\n') + '\n';
}

/** What describes one recording's data, wherever it is held (a streamed file or a recording in memory). */
export interface BidsRecordingMeta {
  sampleRate: number;
  channels: ChannelInfo[];
  samples: number;
  annotations: Annotation[];
  /** The first seconds of every channel: the mains frequency is looked for in them. */
  head: ArrayLike<number>[];
  /** What wrote the source. */
  source?: string;
}

export interface BidsOptionsCore extends BidsEntities {
  reference: string;
}

/**
 * The files of one recording's BIDS entry and the dataset's top-level files,
 * by path relative to the dataset (the data file itself excepted: the caller
 * writes it at `dataPath`). `listed` is participants.tsv as it is, if any.
 */
export function bidsFiles(
  meta: BidsRecordingMeta,
  o: BidsOptionsCore,
  datasetName: string,
  listed?: string,
): { dataPath: string; recording: Record<string, string>; dataset: Record<string, string> } {
  const { folder, stem } = bidsPlace(o);
  const at = (suffix: string) => `${folder}/${stem}_${suffix}`;
  return {
    dataPath: at('eeg.bdf'),
    recording: {
      [at('eeg.json')]: eegJson({
        task: o.task,
        sampleRate: meta.sampleRate,
        powerLine: meta.head.length > 0 && meta.head[0].length > 0 ? detectMains(meta.head, meta.sampleRate) : 0,
        reference: o.reference,
        channels: meta.channels,
        samples: meta.samples,
        source: meta.source,
      }),
      [at('channels.tsv')]: channelsTsv(meta.channels),
      [at('events.tsv')]: writeEventsTsv(meta.annotations, meta.sampleRate),
      [at('events.json')]: eventsJson(),
    },
    dataset: {
      'dataset_description.json': datasetDescription(datasetName),
      'participants.tsv': participantsTsv(listed, o.subject),
      README: bidsReadme(datasetName),
    },
  };
}

/**
 * A whole BIDS-EEG dataset holding one recording in memory (the studio's
 * export zips it): path relative to the dataset -> content.
 */
export function bidsDataset(rec: Recording, o: BidsOptionsCore, datasetName: string): Map<string, string | Uint8Array> {
  const head = rec.data.map((c) => c.subarray(0, Math.min(c.length, 10 * rec.sampleRate)));
  const samples = rec.data[0]?.length ?? 0;
  const files = bidsFiles(
    { sampleRate: rec.sampleRate, channels: rec.channels, samples, annotations: rec.annotations, head },
    o,
    datasetName,
  );
  return new Map<string, string | Uint8Array>([
    ...Object.entries(files.dataset),
    [files.dataPath, writeEdf(rec, { format: 'BDF' })],
    ...Object.entries(files.recording),
  ]);
}
