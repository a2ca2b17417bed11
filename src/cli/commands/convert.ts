import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { encodeRecording, formatFromName, writeEventsTsv } from '../../core/recording/index';
import { loadRecording } from '../../node/files';
import { UsageError } from '../errors';

export function convert(argv: string[]): void {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length !== 2) throw new UsageError('usage: brainbrowsr convert IN OUT  (.bdf, .edf or .csv)');
  const [input, output] = positionals;
  const format = formatFromName(output);
  if (!format) throw new UsageError(`${output}: output must end in .bdf, .edf or .csv`);
  const rec = loadRecording(input);
  writeFileSync(output, encodeRecording(rec, format));
  // CSV has no place for trials: they go to a BIDS events table beside it.
  if (format === 'csv' && rec.annotations.length > 0) {
    const events = output.replace(/\.csv$/i, '_events.tsv');
    writeFileSync(events, writeEventsTsv(rec.annotations, rec.sampleRate));
    console.error(`wrote ${output} and ${events}`);
  } else console.error(`wrote ${output}`);
}
