/**
 * The look-length survey behind docs/evaluation.md ("Look length that follows
 * the headset"): every look (window, harmonics, sub-bands) x z threshold x
 * agreeing windows on all subjects of one condition, per recording and with
 * each person's recordings back to back. Not a prediction (nothing is held
 * out): `npm run evaluate` makes the leave-one-subject-out choice.
 *
 *   npx tsx bench/look-length.ts <exo|few|muse|sim> [windows=2,3,4] [harmonics=3] [bands=3] [modes=runs,session]
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { detectMains } from '../src/core/dsp/mains';
import { asDryHeadset, DRY_HEADSET } from '../src/core/eval/dry-headset';
import { aggregate, selectionsOf, summarise } from '../src/core/eval/self-paced';
import { backToBack } from '../src/core/eval/session-stream';
import { DEFAULT_LAYOUT } from '../src/core/protocol/layout';
import type { Recording } from '../src/core/recording/types';
import { simulateRecording } from '../src/core/sim/session';
import { analyseRecording } from '../src/core/ssvep/calibration';
import type { Target } from '../src/core/ssvep/config';
import { trainingFreeProfile } from '../src/core/ssvep/training-free';
import { loadRecording } from '../src/node/files';

const SHARED = resolve(import.meta.dirname, '../../shared/datasets');
const [cond = '', windowArg = '2,3,4', harmonicArg = '3', bandArg = '3', modeArg = 'runs,session'] =
  process.argv.slice(2);
const list = (s: string) => s.split(',').map(Number);
if (!['exo', 'few', 'muse', 'sim'].includes(cond)) {
  console.error('usage: npx tsx bench/look-length.ts <exo|few|muse|sim> [windows] [harmonics] [bands] [modes]');
  process.exit(2);
}
const hz = (fs: number[]): Target[] => fs.map((f) => ({ label: `${f}Hz`, frequency: f }));
interface Run {
  subject: string;
  rec: Recording;
  targets: Target[];
}

function simulated(subject: number, ses: number): Run {
  const targets = hz(DEFAULT_LAYOUT.targets.map((t) => t.frequency));
  const order = [...targets.flatMap((t) => Array<number>(6).fill(t.frequency)), ...Array<null>(8).fill(null)];
  let seed = subject * 100 + ses;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const spans = order.map((f, i) => ({
    frequency: f,
    start: 60 + 9 * i,
    end: 65 + 9 * i,
    label: f === null ? 'rest' : `${f}Hz`,
  }));
  const rec = simulateRecording(60 + 9 * order.length + 5, spans, { seed: seed + 1, subject, channels: 4 });
  return { subject: `sim-${subject}`, rec, targets };
}

const runs: Run[] = [];
if (cond === 'exo' || cond === 'few') {
  for (let s = 1; s <= 6; s++) {
    for (const ses of [1, 2]) {
      const rec = loadRecording(`${SHARED}/ssvep-exo/sub-0${s}_ses-${ses}.bdf`);
      runs.push({
        subject: `sub-0${s}`,
        rec: cond === 'few' ? asDryHeadset(rec, { ...DRY_HEADSET, seed: 10 * s + ses }) : rec,
        targets: hz([13, 17, 21]),
      });
    }
  }
} else if (cond === 'muse') {
  for (const f of readdirSync(`${SHARED}/muse-ssvep`)
    .filter((f) => f.endsWith('.bdf'))
    .sort()) {
    runs.push({ subject: f.split('_')[0], rec: loadRecording(`${SHARED}/muse-ssvep/${f}`), targets: hz([20, 30]) });
  }
} else for (const subject of [1, 2, 3]) for (const ses of [1, 2]) runs.push(simulated(subject, ses));

const subjects = [...new Set(runs.map((r) => r.subject))];
const sessions: Run[] = subjects.map((subject) => {
  const mine = runs.filter((r) => r.subject === subject);
  return { subject, rec: backToBack(mine.map((r) => r.rec)), targets: mine[0].targets };
});
const mainsOf = (rec: Recording) =>
  detectMains(
    rec.data.map((c) => c.subarray(0, rec.sampleRate * 10)),
    rec.sampleRate,
  );
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
