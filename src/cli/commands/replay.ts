import { parseArgs } from 'node:util';
import { type AsyncSummary, scoreAsync, type TimedSelection } from '../../core/eval/async';
import { OnlinePipeline } from '../../core/online/pipeline';
import { DEFAULT_WINDOW } from '../../core/ssvep/calibration';
import { loadRecording } from '../../node/files';
import { UsageError } from '../errors';
import { PROFILE_OPTIONS, checkProfileArgs, profileFromArgs } from '../profile-args';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function replay(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...PROFILE_OPTIONS,
      label: { type: 'string' },
      realtime: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length === 0)
    throw new UsageError('usage: brainbrowsr replay FILE... --targets L=F,... [--calibrate FILE...]');
  checkProfileArgs(values);
  const first = loadRecording(positionals[0]);
  const profile = profileFromArgs(values, first, DEFAULT_WINDOW);
  const labels = profile.signal.targets.map((t) => t.label);
  const sessions: {
    annotations: { onset: number; duration: number; label: string }[];
    selections: TimedSelection[];
  }[] = [];
  for (const file of positionals) {
    const rec = file === positionals[0] ? first : loadRecording(file);
    if (rec.sampleRate !== profile.signal.sampleRate || rec.channels.length !== profile.signal.channelCount) {
      throw new UsageError(
        `${file}: ${rec.channels.length} channels at ${rec.sampleRate} Hz do not match the first file`,
      );
    }
    const pipeline = new OnlinePipeline(profile);
    const selections: TimedSelection[] = [];
    const n = rec.data[0].length;
    // Device-sized chunks when pacing in real time; bigger ones otherwise (same result).
    const chunk = values.realtime ? Math.max(1, Math.round(rec.sampleRate / 25)) : 4096;
    const started = Date.now();
    for (let i = 0; i < n; i += chunk) {
      const j = Math.min(n, i + chunk);
      pipeline.push(
        rec.data.map((c) => c.subarray(i, j)),
        (e) => {
          if (e.type !== 'selection') return;
          selections.push({ t: e.t, label: e.label });
          if (values.json)
            console.log(JSON.stringify({ type: 'selection', file, t: Number(e.t.toFixed(4)), label: e.label }));
          else console.log(`${file}  t=${e.t.toFixed(2)} s  ${e.label}  (confidence ${e.confidence.toFixed(2)})`);
        },
      );
      if (values.realtime) {
        const due = started + (j / rec.sampleRate) * 1000;
        if (due > Date.now()) await sleep(due - Date.now());
      }
    }
    if (rec.annotations.length > 0) sessions.push({ annotations: rec.annotations, selections });
  }
  if (sessions.length > 0) printAsync(scoreAsync(sessions, labels), values.json === true);
}

function printAsync(s: AsyncSummary, json: boolean): void {
  if (json) {
    const { latencies: _latencies, ...rest } = s;
    console.log(JSON.stringify({ type: 'summary', ...rest }));
    return;
  }
  const f = (v: number) => v.toFixed(3);
  console.log(
    `self-paced: ${s.targetTrials} target trials: hit ${f(s.hitRate)}, wrong ${f(s.errorRate)}, missed ${f(s.missRate)}; ` +
      `${s.falseActivations} false activations in ${s.restMinutes.toFixed(2)} rest-min (${s.falseActivationsPerMinute.toFixed(2)}/min); ` +
      `median latency ${s.medianLatency === null ? 'n/a' : s.medianLatency.toFixed(2) + ' s'}`,
  );
}
