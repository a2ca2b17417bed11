import { classifyEpochs, type EpochResult, summariseEpochs } from '../../core/eval/epochs';
import { openRecordingFile } from '../../node/recording-file';
import { UsageError } from '../errors';
import { parseCommand } from '../help';
import { parseNumber } from '../options';
import { PROFILE_HELP, PROFILE_OPTIONS, checkProfileArgs, profileFromArgs, warnUnscored } from '../profile-args';

export const EVALUATE_HELP = `brainbrowsr evaluate FILE... --targets L=F[,L=F...] --window W [options]

Epoch by epoch accuracy: each trial's window [onset + offset, + W) is
classified with causal filters run from the file's start (as online).
Recordings are read as they are scored (memory flat in file length).

${PROFILE_HELP}
  --offset O      seconds after each trial onset where its epoch starts (default 1)
  --label L       score an unannotated file as consecutive epochs of label L
  --json          one line per epoch, then a summary`;

export function evaluate(argv: string[]): void {
  const { positionals, values } = parseCommand(argv, EVALUATE_HELP, {
    ...PROFILE_OPTIONS,
    offset: { type: 'string' },
    label: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!positionals) return;
  if (positionals.length === 0)
    throw new UsageError('usage: brainbrowsr evaluate FILE... --targets L=F,... --window W');
  if (values.window === undefined && !values.profile) throw new UsageError('--window is required (seconds)');
  checkProfileArgs(values);
  const offset = parseNumber('offset', values.offset, 1);
  const recordings = positionals.map((f) => ({
    file: f,
    rec: openRecordingFile(f, { stream: values.stream }).lazyRecording(),
  }));
  const { profile } = profileFromArgs(values, recordings[0].rec, 2, undefined, true);
  const labels = profile.signal.targets.map((t) => t.label);
  const results: EpochResult[] = [];
  for (const { file, rec } of recordings) {
    const epochs = classifyEpochs(rec, file, profile, offset, values.label);
    const seconds = rec.data[0].length / rec.sampleRate;
    warnUnscored(
      'evaluate',
      file,
      { annotations: rec.annotations, seconds },
      epochs.length,
      labels,
      values.label,
      offset,
    );
    for (const e of epochs) {
      if (values.json) {
        console.log(
          JSON.stringify({
            type: 'epoch',
            file: e.file,
            onset: e.onset,
            truth: e.truth,
            pred: e.pred,
            scores: e.scores,
          }),
        );
      }
    }
    results.push(...epochs);
  }
  const s = summariseEpochs(results, labels, profile.signal.window);
  if (values.json) {
    console.log(
      JSON.stringify({ type: 'summary', method: profile.method, window: profile.signal.window, offset, ...s }),
    );
    return;
  }
  const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
  console.log(`method ${profile.method}, window ${profile.signal.window} s, offset ${offset} s, ${s.epochs} epochs`);
  const w = Math.max(6, ...s.confusion.labels.map((l) => l.length)) + 2;
  console.log('truth \\ pred'.padEnd(w + 6) + s.confusion.labels.map((l) => l.padStart(w)).join(''));
  s.confusion.labels.forEach((l, i) =>
    console.log(l.padEnd(w + 6) + s.confusion.counts[i].map((c) => String(c).padStart(w)).join('')),
  );
  console.log(`accuracy (idle as a class): ${pct(s.accuracy)}`);
  console.log(`idle epochs that fired:     ${pct(s.idleFired)} of ${s.idleEpochs}`);
  console.log(`target epochs missed:       ${pct(s.targetsMissed)} of ${s.targetEpochs}`);
  console.log(`precision of actions:       ${pct(s.precision)}`);
  console.log(`forced-choice accuracy:     ${pct(s.forcedChoiceAccuracy)}`);
  console.log(`ITR (forced choice, +1 s):  ${s.itr.toFixed(1)} bits/min`);
}
