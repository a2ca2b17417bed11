import { type AsyncSummary, scoreAsync, type TimedSelection } from '../../core/eval/async';
import { HoldTally, holdText } from '../../core/online/hold';
import { OnlinePipeline } from '../../core/online/pipeline';
import { type Annotation, trialsOf } from '../../core/recording/types';
import { DEFAULT_WINDOW } from '../../core/ssvep/profile-defaults';
import { openRecordingStream } from '../../node/stream';
import { UsageError } from '../errors';
import { parseCommand } from '../help';
import { PROFILE_HELP, PROFILE_OPTIONS, checkProfileArgs, profileFromArgs, warnUnscored } from '../profile-args';

export const REPLAY_HELP = `brainbrowsr replay FILE... --targets L=F[,L=F...] [options]

Streams recordings through the online pipeline exactly as live (notch,
filter bank, scorer, decider) and prints every selection, then per file how
much of the time selections were held and why (start-up, an electrode's
contact, no target above rest, after a selection); annotated files are then
scored self-paced (hits, wrong, missed, false activations per
minute of rest). Memory stays flat in file length.

${PROFILE_HELP}
  --label L       score an unannotated file as one trial of label L
  --realtime      pace the replay at the recording's rate
  --json          one line per selection, then a summary`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Streams recordings through the online pipeline exactly as live; memory stays flat in file length. */
export async function replay(argv: string[]): Promise<void> {
  const { positionals, values } = parseCommand(argv, REPLAY_HELP, {
    ...PROFILE_OPTIONS,
    label: { type: 'string' },
    realtime: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (!positionals) return;
  if (positionals.length === 0) {
    throw new UsageError('usage: brainbrowsr replay FILE... --targets L=F,... [--calibrate FILE...]');
  }
  checkProfileArgs(values);
  // The first 10 s tell the mains frequency; the file is streamed again from its start below.
  const head = openRecordingStream(positionals[0], 10, values.stream);
  let mainsSample: Float32Array[] = [];
  for (const chunk of head.chunks()) {
    mainsSample = chunk;
    break;
  }
  head.close();
  const { profile } = profileFromArgs(values, { ...head, data: [] }, DEFAULT_WINDOW, mainsSample);
  const labels = profile.signal.targets.map((t) => t.label);
  const sessions: { annotations: Annotation[]; selections: TimedSelection[] }[] = [];
  for (const file of positionals) {
    // Device-sized chunks when pacing in real time; bigger ones otherwise (same result).
    const rec = openRecordingStream(file, values.realtime ? 0.04 : 4, values.stream);
    try {
      if (rec.sampleRate !== profile.signal.sampleRate || rec.channels.length !== profile.signal.channelCount) {
        throw new UsageError(
          `${file}: ${rec.channels.length} channels at ${rec.sampleRate} Hz do not match the profile (${profile.signal.channelCount} at ${profile.signal.sampleRate} Hz)`,
        );
      }
      const pipeline = new OnlinePipeline(profile);
      const selections: TimedSelection[] = [];
      const held = new HoldTally();
      const step = profile.signal.step;
      const started = Date.now();
      let done = 0;
      for (const chunk of rec.chunks()) {
        done += chunk[0].length;
        pipeline.push(chunk, (e) => {
          if (e.type === 'heartbeat') {
            held.add(e.held, step);
            return;
          }
          selections.push({ t: e.t, label: e.label });
          if (values.json) {
            console.log(JSON.stringify({ type: 'selection', file, t: Number(e.t.toFixed(4)), label: e.label }));
          } else console.log(`${file}  t=${e.t.toFixed(2)} s  ${e.label}  (confidence ${e.confidence.toFixed(2)})`);
        });
        if (values.realtime) {
          const due = started + (done / rec.sampleRate) * 1000;
          if (due > Date.now()) await sleep(due - Date.now());
        }
      }
      printHeld(file, held, (c) => rec.channels[c]?.label ?? `channel ${c + 1}`, values.json === true);
      // --label: an unannotated file is one continuous trial of that label.
      const annotations =
        rec.annotations.length > 0 || !values.label
          ? rec.annotations
          : [{ onset: 0, duration: done / rec.sampleRate, label: values.label }];
      if (annotations.length > 0) sessions.push({ annotations, selections });
      const scored = trialsOf(annotations).length;
      warnUnscored('replay', file, { annotations, seconds: done / rec.sampleRate }, scored, labels, values.label);
    } finally {
      rec.close();
    }
  }
  if (sessions.length > 0) printAsync(scoreAsync(sessions, labels), values.json === true);
}

/** Per file: how much of the time nothing could be selected, and why, longest first. */
function printHeld(file: string, tally: HoldTally, channelName: (c: number) => string, json: boolean): void {
  const shares = tally.shares();
  if (json) {
    const reasons = shares.map(({ reason, seconds }) => ({
      ...reason,
      ...(reason.kind === 'contact' ? { channel: channelName(reason.channel) } : {}),
      ...(reason.kind === 'no-target' ? { since: undefined } : {}),
      seconds: Number(seconds.toFixed(2)),
    }));
    console.log(
      JSON.stringify({ type: 'held', file, seconds: tally.seconds, heldSeconds: tally.heldSeconds, reasons }),
    );
    return;
  }
  const pct = (s: number) => `${Math.round((100 * s) / Math.max(tally.seconds, 1e-9))} %`;
  const why = shares.map(
    ({ reason, seconds }) => `${holdText(reason, channelName)} ${seconds.toFixed(1)} s (${pct(seconds)})`,
  );
  console.log(
    `${file}  selections held ${pct(tally.heldSeconds)} of ${tally.seconds.toFixed(1)} s${why.length ? `: ${why.join('; ')}` : ''}`,
  );
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
