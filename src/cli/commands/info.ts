import { KNOWN_FORMATS } from '../../core/recording/detect';
import { RecordingError, trialsOf } from '../../core/recording/types';
import { openRecordingFile, type RecordingFile } from '../../node/recording-file';
import { xdfStreamsOf } from '../../node/xdf-file';
import { UsageError } from '../errors';
import { parseCommand } from '../help';

export const INFO_HELP = `brainbrowsr info FILE... [--stream NAME] [--json]

Format, channels, sampling rate, duration, trials, markers and lost samples
of each recording (${KNOWN_FORMATS}; chosen by content; a sibling
NAME_events.tsv supplies trials). BDF and EDF are read by their header and
annotations; the others are read through once, never held whole. An XDF's
streams are all listed; the one read is of type EEG unless --stream names it.

  --stream NAME  XDF files: the stream to read
  --json         one JSON object per file`;

export function info(argv: string[]): void {
  const { positionals, values } = parseCommand(argv, INFO_HELP, {
    json: { type: 'boolean' },
    stream: { type: 'string' },
  });
  if (!positionals) return;
  if (positionals.length === 0) throw new UsageError('usage: brainbrowsr info FILE... (see --help)');
  for (const path of positionals) {
    let file: RecordingFile;
    try {
      file = openRecordingFile(path, { stream: values.stream });
    } catch (e) {
      // An XDF without an EEG stream still says what it holds.
      const streams = e instanceof RecordingError && values.stream === undefined ? xdfStreamsOf(path) : undefined;
      if (!streams) throw e;
      const none = (e as RecordingError).fault;
      if (values.json) console.log(JSON.stringify({ file: path, format: 'XDF', streams, read: null, why: none }));
      else
        console.log(
          `${path}\n  format:   XDF\n${streams.map((s) => `  stream:   ${s}\n`).join('')}  read:     nothing: ${none}`,
        );
      continue;
    }
    printInfo(path, file, values.json === true);
  }
}

function printInfo(path: string, file: RecordingFile, json: boolean): void {
  const counts = new Map<string, number>();
  const trials = trialsOf(file.annotations);
  for (const a of trials) counts.set(a.label, (counts.get(a.label) ?? 0) + 1);
  const markers = file.annotations.filter((a) => a.duration === 0).length;
  const summary = {
    file: path,
    format: file.format,
    channels: file.channels.map((c) => c.label),
    sampleRate: file.sampleRate,
    samples: file.samples,
    duration: file.samples / file.sampleRate,
    trials: trials.length,
    markers,
    gaps: file.annotations.length - trials.length - markers,
    lost: file.lost ?? 0,
    trialLabels: Object.fromEntries(counts),
    ...(file.notes ? { notes: file.notes } : {}),
  };
  if (json) {
    console.log(JSON.stringify(summary));
    return;
  }
  console.log(`${path}`);
  if (summary.format) console.log(`  format:   ${summary.format}`);
  for (const note of file.notes ?? []) console.log(`  ${/^"/.test(note) ? 'stream:  ' : 'note:    '} ${note}`);
  console.log(`  channels: ${summary.channels.length} (${summary.channels.join(', ')})`);
  console.log(`  rate:     ${summary.sampleRate} Hz`);
  console.log(`  duration: ${summary.duration.toFixed(2)} s (${summary.samples} samples)`);
  const labels = [...counts].map(([l, n]) => `${n} x ${l}`).join(', ');
  console.log(`  trials:   ${summary.trials}${labels ? ` (${labels})` : ''}`);
  if (markers > 0) console.log(`  markers:  ${markers}`);
  if (file.lost !== undefined) console.log(`  lost:     ${file.lost} samples (held at the last value, annotated)`);
}
