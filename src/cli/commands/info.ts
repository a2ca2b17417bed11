import { trialsOf } from '../../core/recording/types';
import { openRecordingFile } from '../../node/recording-file';
import { UsageError } from '../errors';
import { parseCommand } from '../help';

export const INFO_HELP = `brainbrowsr info FILE... [--json]

Channels, sampling rate, duration and trials of each recording (BDF/BDF+,
EDF/EDF+, explorepy CSV; a sibling NAME_events.tsv supplies trials). BDF and
EDF are read by their header and annotations, never whole.

  --json   one JSON object per file`;

export function info(argv: string[]): void {
  const { positionals, values } = parseCommand(argv, INFO_HELP, { json: { type: 'boolean' } });
  if (!positionals) return;
  if (positionals.length === 0) throw new UsageError('usage: brainbrowsr info FILE... (see --help)');
  for (const path of positionals) {
    const file = openRecordingFile(path);
    const counts = new Map<string, number>();
    const trials = trialsOf(file.annotations);
    for (const a of trials) counts.set(a.label, (counts.get(a.label) ?? 0) + 1);
    const summary = {
      file: path,
      channels: file.channels.map((c) => c.label),
      sampleRate: file.sampleRate,
      samples: file.samples,
      duration: file.samples / file.sampleRate,
      trials: trials.length,
      gaps: file.annotations.length - trials.length,
      trialLabels: Object.fromEntries(counts),
    };
    if (values.json) {
      console.log(JSON.stringify(summary));
      continue;
    }
    console.log(`${path}`);
    console.log(`  channels: ${summary.channels.length} (${summary.channels.join(', ')})`);
    console.log(`  rate:     ${summary.sampleRate} Hz`);
    console.log(`  duration: ${summary.duration.toFixed(2)} s (${summary.samples} samples)`);
    const labels = [...counts].map(([l, n]) => `${n} x ${l}`).join(', ');
    console.log(`  trials:   ${summary.trials}${labels ? ` (${labels})` : ''}`);
  }
}
