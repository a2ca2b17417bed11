/**
 * The prototype spatial filter (online adaptive CCA's first half) against
 * the detector without it, each person's runs back to back as one session:
 * every z threshold x agreeing windows, and a leave-one-subject-out choice
 * of both within issue 19's budget (false activations <= 0.12 per
 * rest-minute, worst person <= 1; wrong selections <= the budget given).
 *
 * Then the safety floor every shipped look keeps: selections in 30 minutes
 * of the simulated eight-channel headset with nobody looking, with and
 * without the filter.
 *
 *   npx tsx bench/prototype-filter.ts [exo|few|muse|sim] [wrong budget, default 0.05] [rest: yes|no]
 */
import { aggregate, analyseInUse, chooseSetting, selectionsOf, summarise } from '../src/core/eval/self-paced';
import { lookFor } from '../src/core/ssvep/look-length';
import { trainingFreeProfile } from '../src/core/ssvep/training-free';
import type { WindowFeatures } from '../src/core/ssvep/window-analyzer';
import { simulateRecording } from '../src/core/sim/session';
import { conditionRuns, hz, isCondition, mainsOf, type Run, sessionsOf } from './eval-runs';

const [cond = 'exo', wrongArg = '0.05', restArg = 'yes'] = process.argv.slice(2);
if (!isCondition(cond)) {
  console.error('usage: npx tsx bench/prototype-filter.ts [exo|few|muse|sim] [wrong budget]');
  process.exit(2);
}
const sessions = sessionsOf(conditionRuns(cond));
const subjects = sessions.map((s) => s.subject);
const labels = sessions[0].targets.map((t) => t.label);

interface Setting {
  prototype: boolean;
  threshold: number;
  agree: number;
}
const name = (s: Setting) => `${s.prototype ? 'prototype' : 'CCA only'}, z >= ${s.threshold}, ${s.agree} windows`;
const profileOf = (r: Run, s: Setting) =>
  trainingFreeProfile(r.targets, r.rec.sampleRate, r.rec.channels.length, mainsOf(r.rec), s);

const started = Date.now();
// Analyses depend on the threshold only when the filter learns (from the windows above it).
const analyses = new Map<string, WindowFeatures[]>();
const windowsOf = (r: Run, s: Setting) => {
  const key = `${r.subject} ${s.prototype ? s.threshold : '-'} ${s.prototype}`;
  let w = analyses.get(key);
  if (!w) analyses.set(key, (w = analyseInUse(r.rec, profileOf(r, { ...s, agree: 8 }))));
  return w;
};
const base = lookFor(sessions[0].rec.channels.length);
const grid: Setting[] = [false, true].flatMap((prototype) =>
  [4.5, 4, 3.5, 3, 2.5].flatMap((threshold) => [8, 6, 4].map((agree) => ({ prototype, threshold, agree }))),
);
const results = new Map(
  grid.map((s) => [
    s,
    sessions.map((r) =>
      summarise(
        r.subject,
        [{ annotations: r.rec.annotations, selections: selectionsOf(windowsOf(r, s), profileOf(r, s)) }],
        labels,
      ),
    ),
  ]),
);
const line = (a: ReturnType<typeof aggregate>) =>
  `hits ${a.hit.toFixed(2)} (worst ${a.worstHit.toFixed(2)}) wrong ${(100 * a.wrong).toFixed(1)} % (worst ${(100 * a.worstWrong).toFixed(0)} %) false/min ${a.falsePerMinute.toFixed(2)} (worst ${a.worstFalsePerMinute.toFixed(2)}) latency ${a.medianLatency?.toFixed(2) ?? '-'} s`;
console.log(
  `${cond}: ${sessions.length} sessions, ${sessions[0].rec.channels.length} channels, look ${JSON.stringify(base)}`,
);
for (const [s, rs] of results) console.log(`  ${name(s)} | ${line(aggregate(rs))}`);

const budget = { falsePerMinute: 0.12, worstFalsePerMinute: 1, wrong: Number(wrongArg) };
for (const prototype of [false, true]) {
  const mine = grid.filter((s) => s.prototype === prototype);
  const held = subjects.map((subject) => {
    const chosen = chooseSetting(mine, (s) => aggregate(results.get(s)!.filter((r) => r.subject !== subject)), budget);
    return { chosen, result: results.get(chosen)!.find((r) => r.subject === subject)! };
  });
  console.log(
    `leave-one-subject-out, ${prototype ? 'prototype filter' : 'CCA only'} (wrong <= ${100 * budget.wrong} %): ${line(aggregate(held.map((h) => h.result)))}`,
  );
  for (const h of held) console.log(`    ${h.result.subject}: ${name(h.chosen)}`);
  const shipped = { prototype, threshold: base.threshold, agree: base.agree };
  const same = grid.find(
    (s) => s.prototype === prototype && s.threshold === shipped.threshold && s.agree === shipped.agree,
  )!;
  console.log(`  at the shipped look (${name(same)}): ${line(aggregate(results.get(same)!))}`);
}
if (restArg === 'yes') {
  console.log('selections in 30 minutes of simulated rest, eight channels, without / with the prototype filter:');
  for (const targets of [hz([13, 17, 21]), hz([8, 10, 12, 13])]) {
    for (const alpha of [false, true]) {
      const counts = [1, 2, 3].map((seed) => {
        const rec = simulateRecording(1800, [], {
          seed,
          subject: seed,
          channels: 8,
          artefacts: false,
          ...(alpha ? {} : { alphaLevel: 0 }),
        });
        return [false, true].map((prototype) => {
          const p = trainingFreeProfile(targets, rec.sampleRate, 8, 50, { prototype });
          return selectionsOf(analyseInUse(rec, p), p).length;
        });
      });
      console.log(
        `  ${targets.map((t) => t.frequency).join('/')} Hz, ${alpha ? 'alpha' : 'no alpha'}, people 1-3: ${counts.map(([a, b]) => `${a} / ${b}`).join(', ')}`,
      );
    }
  }
}
console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
