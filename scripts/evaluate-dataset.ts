/**
 * `npm run evaluate`: the results table of docs/evaluation.md on
 * ../shared/datasets/ssvep-exo, calibrating on each subject's ses-1 and
 * testing on ses-2, through the same code as `brainbrowsr evaluate` and
 * `brainbrowsr replay` (the per-subject commands are printed).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { scoreAsync, type TimedSelection } from '../src/core/eval/async';
import { classifyEpochs, type EpochResult, summariseEpochs } from '../src/core/eval/epochs';
import { OnlinePipeline } from '../src/core/online/pipeline';
import type { Annotation } from '../src/core/recording/types';
import { calibrate, DEFAULT_WINDOW, defaultProfile } from '../src/core/ssvep/calibration';
import type { MethodName } from '../src/core/ssvep/config';
import { loadRecording } from '../src/node/files';

const DATASET = resolve(import.meta.dirname, '../../shared/datasets/ssvep-exo');
if (!existsSync(`${DATASET}/sub-01_ses-1.bdf`)) {
  console.error(`dataset missing at ${DATASET}`);
  process.exit(2);
}
const TARGETS = [13, 17, 21].map((f) => ({ label: `${f}Hz`, frequency: f }));
const LABELS = TARGETS.map((t) => t.label);
const file = (s: number, ses: number) => `${DATASET}/sub-0${s}_ses-${ses}.bdf`;
const rel = (s: number, ses: number) => `../shared/datasets/ssvep-exo/sub-0${s}_ses-${ses}.bdf`;

function profileFor(method: MethodName, s: number, window: number) {
  const opts = { method, targets: TARGETS, window };
  if (method === 'cca' || method === 'fbcca') {
    // Training-free, but the idle threshold is still fitted on ses-1 rest trials.
    return calibrate([{ recording: loadRecording(file(s, 1)), name: 'ses-1' }], opts);
  }
  return calibrate([{ recording: loadRecording(file(s, 1)), name: 'ses-1' }], opts);
}

const pct = (v: number) => (100 * v).toFixed(1);
console.log('## Epochs: 2 s windows from onset + 1 s (calibrate ses-1, test ses-2, 6 subjects)');
console.log(
  '| method | accuracy with idle | idle epochs fired | targets missed | precision | forced choice | ITR bits/min |',
);
console.log('|---|---|---|---|---|---|---|');
for (const method of ['cca', 'fbcca', 'fbcca-lda'] as MethodName[]) {
  const all: EpochResult[] = [];
  for (let s = 1; s <= 6; s++)
    all.push(...classifyEpochs(loadRecording(file(s, 2)), rel(s, 2), profileFor(method, s, 2), 1));
  const r = summariseEpochs(all, LABELS, 2);
  console.log(
    `| ${method} | ${pct(r.accuracy)} % | ${pct(r.idleFired)} % | ${pct(r.targetsMissed)} % | ${pct(r.precision)} % | ${pct(r.forcedChoiceAccuracy)} % | ${r.itr.toFixed(1)} |`,
  );
}
{
  const all: EpochResult[] = [];
  for (let s = 1; s <= 6; s++) {
    const p = defaultProfile({ method: 'fbcca', targets: TARGETS, window: 2 }, 256, 8);
    all.push(...classifyEpochs(loadRecording(file(s, 2)), rel(s, 2), p, 1));
  }
  const r = summariseEpochs(all, LABELS, 2);
  console.log(
    `| fbcca, uncalibrated ratio rule | ${pct(r.accuracy)} % | ${pct(r.idleFired)} % | ${pct(r.targetsMissed)} % | ${pct(r.precision)} % | ${pct(r.forcedChoiceAccuracy)} % | ${r.itr.toFixed(1)} |`,
  );
}

console.log('\n## Self-paced: whole ses-2 streamed through the online pipeline');
console.log('| method | window | hit | wrong | missed | false act. / rest-min | median latency |');
console.log('|---|---|---|---|---|---|---|');
const perSubject: string[] = [];
for (const [method, window] of [
  ['fbcca', 2],
  ['fbcca-lda', 2],
  ['fbcca-lda', DEFAULT_WINDOW],
] as [MethodName, number][]) {
  const sessions: { annotations: Annotation[]; selections: TimedSelection[] }[] = [];
  for (let s = 1; s <= 6; s++) {
    const test = loadRecording(file(s, 2));
    const p = new OnlinePipeline(profileFor(method, s, window));
    const selections: TimedSelection[] = [];
    p.push(test.data, (e) => e.type === 'selection' && selections.push({ t: e.t, label: e.label }));
    sessions.push({ annotations: test.annotations, selections });
    if (method === 'fbcca-lda' && window === DEFAULT_WINDOW) {
      const a = scoreAsync([sessions[s - 1]], LABELS);
      perSubject.push(
        `| sub-0${s} | ${a.hits} | ${a.errors} | ${a.misses} | ${a.falseActivations} | ${a.medianLatency?.toFixed(2) ?? '-'} s |`,
      );
    }
  }
  const a = scoreAsync(sessions, LABELS);
  console.log(
    `| ${method} | ${window} s | ${a.hitRate.toFixed(3)} | ${a.errorRate.toFixed(3)} | ${a.missRate.toFixed(3)} | ${a.falseActivationsPerMinute.toFixed(2)} | ${a.medianLatency?.toFixed(2)} s |`,
  );
}
console.log(`\nPer subject, fbcca-lda ${DEFAULT_WINDOW} s (24 target trials and 8 rest trials each):`);
console.log('| subject | hits | wrong | missed | false activations | median latency |');
console.log('|---|---|---|---|---|---|');
perSubject.forEach((l) => console.log(l));
console.log('\nOne subject by hand:');
console.log(`  npx brainbrowsr replay ${rel(1, 2)} --targets 13Hz=13,17Hz=17,21Hz=21 --calibrate ${rel(1, 1)}`);
console.log(
  `  npx brainbrowsr evaluate ${rel(1, 2)} --targets 13Hz=13,17Hz=17,21Hz=21 --window 2 --calibrate ${rel(1, 1)}`,
);
