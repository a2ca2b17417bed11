/**
 * The look-length survey behind docs/evaluation.md ("Look length that follows
 * the headset"): every look (window, harmonics, sub-bands) x z threshold x
 * agreeing windows on all subjects of one condition, per recording and with
 * each person's recordings back to back. Not a prediction (nothing is held
 * out): `npm run evaluate` makes the leave-one-subject-out choice.
 *
 *   npx tsx bench/look-length.ts <exo|few|muse|sim> [windows=2,3,4] [harmonics=3] [bands=3] [modes=runs,session]
 */
import { aggregate, selectionsOf, summarise } from '../src/core/eval/self-paced';
import { analyseRecording } from '../src/core/ssvep/calibration';
import { trainingFreeProfile } from '../src/core/ssvep/training-free';
import { conditionRuns, isCondition, mainsOf, type Run, sessionsOf } from './eval-runs';

const [cond = '', windowArg = '2,3,4', harmonicArg = '3', bandArg = '3', modeArg = 'runs,session'] =
  process.argv.slice(2);
const list = (s: string) => s.split(',').map(Number);
if (!isCondition(cond)) {
  console.error('usage: npx tsx bench/look-length.ts <exo|few|muse|sim> [windows] [harmonics] [bands] [modes]');
  process.exit(2);
}
const runs: Run[] = conditionRuns(cond);
const subjects = [...new Set(runs.map((r) => r.subject))];
const sessions = sessionsOf(runs);
for (const window of list(windowArg)) {
  for (const harmonics of list(harmonicArg)) {
    for (const bands of list(bandArg)) {
      for (const [mode, ss] of [
        ['runs', runs],
        ['session', sessions],
      ] as const) {
        if (!modeArg.split(',').includes(mode)) continue;
        const look = { window, harmonics, bands };
        const profile = (r: Run, rule: object) =>
          trainingFreeProfile(r.targets, r.rec.sampleRate, r.rec.channels.length, mainsOf(r.rec), { ...look, ...rule });
        const analysed = ss.map((r) => ({ r, windows: analyseRecording(r.rec, profile(r, {}).signal) }));
        for (const threshold of [2.5, 3, 3.5, 4, 4.5]) {
          for (const agree of [4, 8, 12]) {
            const results = subjects.map((subject) =>
              summarise(
                subject,
                analysed
                  .filter((a) => a.r.subject === subject)
                  .map(({ r, windows }) => ({
                    annotations: r.rec.annotations,
                    selections: selectionsOf(windows, profile(r, { threshold, agree })),
                  })),
                ss[0].targets.map((t) => t.label),
              ),
            );
            const a = aggregate(results);
            console.log(
              `${cond} ${mode} ${window} s, ${harmonics} harmonics, ${bands} bands, z >= ${threshold}, ${agree} windows | hits ${a.hit.toFixed(2)} (worst ${a.worstHit.toFixed(2)}) wrong ${(100 * a.wrong).toFixed(1)} % false/min ${a.falsePerMinute.toFixed(2)} (worst ${a.worstFalsePerMinute.toFixed(2)}) latency ${a.medianLatency?.toFixed(2) ?? '-'} s | per subject hits/wrong/false ${results.map((r) => `${r.summary.hits}/${r.summary.errors}/${r.summary.falseActivations}`).join(' ')}`,
            );
          }
        }
      }
    }
  }
}
