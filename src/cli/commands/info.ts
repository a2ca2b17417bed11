import { parseArgs } from 'node:util';
import { recordingDuration, trialsOf } from '../../core/recording/types';
import { loadRecording } from '../../node/files';
import { UsageError } from '../errors';

export function info(argv: string[]): void {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  });
  if (positionals.length === 0) throw new UsageError('usage: brainbrowsr info FILE...');
  for (const file of positionals) {
    const rec = loadRecording(file);
    const counts = new Map<string, number>();
    const trials = trialsOf(rec.annotations);
    for (const a of trials) counts.set(a.label, (counts.get(a.label) ?? 0) + 1);
    const summary = {
      file,
      channels: rec.channels.map((c) => c.label),
      sampleRate: rec.sampleRate,
      samples: rec.data[0].length,
      duration: recordingDuration(rec),
      trials: trials.length,
      gaps: rec.annotations.length - trials.length,
      trialLabels: Object.fromEntries(counts),
    };
    if (values.json) {
      console.log(JSON.stringify(summary));
      continue;
    }
    console.log(`${file}`);
    console.log(`  channels: ${summary.channels.length} (${summary.channels.join(', ')})`);
    console.log(`  rate:     ${summary.sampleRate} Hz`);
    console.log(`  duration: ${summary.duration.toFixed(2)} s (${summary.samples} samples)`);
    const labels = [...counts].map(([l, n]) => `${n} x ${l}`).join(', ');
    console.log(`  trials:   ${summary.trials}${labels ? ` (${labels})` : ''}`);
  }
}
