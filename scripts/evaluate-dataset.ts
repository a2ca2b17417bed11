/**
 * `npm run evaluate`: every figure of docs/evaluation.md, measured so that it
 * predicts what a new user gets (../shared/docs/evaluation-protocol.md):
 *
 * - anything tuned across people (the training-free threshold) is chosen
 *   leave-one-subject-out: the subject scored played no part in choosing it;
 * - calibrations are fitted on a subject's first session and scored on the
 *   later one;
 * - the few-channel dry-headset condition (Oz, O1, O2 at 250 Hz with added
 *   dry-electrode noise and mains) and the consumer headband are never
 *   tuned on;
 * - mains is detected from each recording, not assumed.
 *
 * Each recording is analysed once per signal configuration; every decision
 * rule is then replayed through OnlinePipeline.classify, the code the
 * extension runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { detectMains } from '../src/core/dsp/mains';
import { asDryHeadset, DRY_HEADSET } from '../src/core/eval/dry-headset';
import {
  type Aggregate,
  aggregate,
  chooseSetting,
  selectionsOf,
  type SubjectResult,
  summarise,
} from '../src/core/eval/self-paced';
import type { TimedSelection } from '../src/core/eval/async';
import { addOneSwitch, scoreOneSwitch, SWITCH_WITHIN } from '../src/core/eval/one-switch';
import { backToBack } from '../src/core/eval/session-stream';
import { type Recording, trialsOf } from '../src/core/recording/types';
import { analyseRecording, calibrate } from '../src/core/ssvep/calibration';
import { defaultProfile } from '../src/core/ssvep/profile-defaults';
import { checkIn, type CheckInReport } from '../src/core/ssvep/check-in';
import { calibratedDefault } from '../src/core/ssvep/calibrated-default';
import type { SignalConfig, Target } from '../src/core/ssvep/config';
import type { Profile } from '../src/core/ssvep/profile';
import { originalProfile, TRAINING_FREE, trainingFreeProfile } from '../src/core/ssvep/training-free';
import { DEFAULT_NORMALIZER } from '../src/core/ssvep/rest-normalizer';
import { FEW_CHANNEL_LOOK, FEW_CHANNELS, FULL_CAP_LOOK, type Look } from '../src/core/ssvep/look-length';
import type { WindowFeatures } from '../src/core/ssvep/window-analyzer';
import { simulateRecording } from '../src/core/sim/session';
import { channelQuality } from '../src/core/dsp/spectrum';
import { loadRecording } from '../src/node/files';
import { DEFAULT_LAYOUT } from '../src/core/protocol/layout';
import { designIir } from '../src/core/dsp/design';
import { SosFilter } from '../src/core/dsp/sos-filter';
import { FBCCA_WEIGHTS } from '../src/core/ssvep/filter-bank';
import { WindowAnalyzer } from '../src/core/ssvep/window-analyzer';

const started = Date.now();
const SHARED = resolve(import.meta.dirname, '../../shared/datasets');
for (const d of ['ssvep-exo/sub-01_ses-1.bdf', 'muse-ssvep/sub-01_ses-1_run-1.bdf']) {
  if (!existsSync(`${SHARED}/${d}`)) {
    console.error(`dataset missing: ${SHARED}/${d}`);
    process.exit(2);
  }
}

interface Session {
  subject: string;
  session: string;
  rec: Recording;
  targets: Target[];
  mains: 0 | 50 | 60;
}

const hz = (fs: number[]) => fs.map((f) => ({ label: `${f}Hz`, frequency: f }));
const mainsOf = (rec: Recording) =>
  detectMains(
    rec.data.map((c) => c.subarray(0, rec.sampleRate * 10)),
    rec.sampleRate,
  );
const session = (subject: string, name: string, rec: Recording, targets: Target[]): Session => ({
  subject,
  session: name,
  rec,
  targets,
  mains: mainsOf(rec),
});

// ---- the conditions --------------------------------------------------------------
const exo: Session[] = [];
const few: Session[] = [];
for (let s = 1; s <= 6; s++) {
  for (const ses of [1, 2]) {
    const rec = loadRecording(`${SHARED}/ssvep-exo/sub-0${s}_ses-${ses}.bdf`);
    exo.push(session(`sub-0${s}`, `ses-${ses}`, rec, hz([13, 17, 21])));
    few.push(
      session(`sub-0${s}`, `ses-${ses}`, asDryHeadset(rec, { ...DRY_HEADSET, seed: 10 * s + ses }), hz([13, 17, 21])),
    );
  }
}
const muse: Session[] = readdirSync(`${SHARED}/muse-ssvep`)
  .filter((f) => f.endsWith('.bdf'))
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  .map((f) => {
    const [subject, ses, run] = f.replace('.bdf', '').split('_');
    return session(subject, `${ses} ${run}`, loadRecording(`${SHARED}/muse-ssvep/${f}`), hz([20, 30]));
  });
/** Simulated headset (the extension's default layout): a minute of reading, then 6 looks per target and 8 rests. */
function simulatedSession(subject: number, ses: number): Session {
  const targets = hz(DEFAULT_LAYOUT.targets.map((t) => t.frequency));
  const order = [...targets.flatMap((t) => Array(6).fill(t.frequency) as number[]), ...Array<null>(8).fill(null)];
  let seed = subject * 100 + ses;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const spans = order.map((f: number | null, i) => ({
    frequency: f,
    start: 60 + 9 * i,
    end: 65 + 9 * i,
    label: f === null ? 'rest' : `${f}Hz`,
  }));
  const rec = simulateRecording(60 + 9 * order.length + 5, spans, { seed: seed + 1, subject, channels: 4 });
  return session(`sim-${subject}`, `ses-${ses}`, rec, targets);
}
const sim: Session[] = [1, 2, 3].flatMap((s) => [1, 2].map((ses) => simulatedSession(s, ses)));

// ---- each person's recordings back to back, as one session ------------------------
const streamed = (ss: Session[]): Session[] =>
  subjectsOf(ss).map((subject) => {
    const mine = ss.filter((s) => s.subject === subject);
    const rec = backToBack(mine.map((s) => s.rec));
    // Mains as detected at the start of the session, as the extension does.
    return { subject, session: 'all, back to back', rec, targets: mine[0].targets, mains: mine[0].mains };
  });
// ---- analysis cache -------------------------------------------------------------
const cache = new Map<string, WindowFeatures[]>();
// EVALUATE_CACHE=dir keeps every analysis on disk, so that several processes can share the work
// (EVALUATE_WARM below) on a machine where one process gets a small share of the cores.
const diskCache = process.env.EVALUATE_CACHE;
function windowsOf(s: Session, signal: SignalConfig, tag: string): WindowFeatures[] {
  const key = `${tag}|${s.subject}|${s.session}|${JSON.stringify(signal)}`;
  let w = cache.get(key);
  if (w) return w;
  const file = diskCache && `${diskCache}/${createHash('sha1').update(key).digest('hex')}.bin`;
  if (file && existsSync(file)) w = readWindows(file);
  else {
    w = analyseRecording(s.rec, signal);
    if (file) writeWindows(file, w);
  }
  cache.set(key, w);
  return w;
}
function writeWindows(file: string, ws: WindowFeatures[]): void {
  const r = ws[0]?.rho.length ?? 0;
  const c = ws[0]?.channelRms.length ?? 0;
  const out = new Float64Array(3 + ws.length * (1 + r + c));
  out.set([ws.length, r, c]);
  ws.forEach((w, i) => {
    const at = 3 + i * (1 + r + c);
    out[at] = w.endSample;
    out.set(w.rho, at + 1);
    out.set(w.channelRms, at + 1 + r);
  });
  writeFileSync(`${file}.part`, out);
  renameSync(`${file}.part`, file);
}
function readWindows(file: string): WindowFeatures[] {
  const b = readFileSync(file);
  const v = new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
  const [n, r, c] = v;
  return Array.from({ length: n }, (_, i) => {
    const at = 3 + i * (1 + r + c);
    return { endSample: v[at], rho: v.slice(at + 1, at + 1 + r), channelRms: v.slice(at + 1 + r, at + 1 + r + c) };
  });
}
const labelsOf = (s: Session) => s.targets.map((t) => t.label);
const subjectsOf = (ss: Session[]) => [...new Set(ss.map((s) => s.subject))];

type ProfileFor = (s: Session) => Profile;
function run(
  tag: string,
  ss: Session[],
  profileFor: ProfileFor,
): { annotations: Recording['annotations']; selections: TimedSelection[] }[] {
  return ss.map((s) => {
    const p = profileFor(s);
    return { annotations: s.rec.annotations, selections: selectionsOf(windowsOf(s, p.signal, tag), p) };
  });
}
function perSubject(tag: string, ss: Session[], profileFor: (s: Session) => Profile): SubjectResult[] {
  return subjectsOf(ss).map((subject) => {
    const mine = ss.filter((s) => s.subject === subject);
    return summarise(subject, run(tag, mine, profileFor), labelsOf(mine[0]));
  });
}

/**
 * What is tuned across people: the look (window and sub-bands), the z
 * threshold and how many windows must agree (src/core/ssvep/look-length.ts).
 */
interface Rule extends Look {
  /** Windows at twice the threshold count double (dynamic stopping). */
  fast: boolean;
  /** Also standardise against each target's own history (the smaller z counts). */
  own: boolean;
}
const ruleName = (r: Rule) =>
  `${r.window} s, ${r.bands === 1 ? '1 band' : `${r.bands} bands`}, z >= ${r.threshold}, ${r.agree} windows${r.fast ? '' : ', no double-counting'}${r.own ? ', own-history guard' : ''}`;
const free = (rule: Rule) => (s: Session) => {
  const p = trainingFreeProfile(s.targets, s.rec.sampleRate, s.rec.channels.length, s.mains, rule);
  p.z = { ...p.z!, normalizer: { ...p.z!.normalizer, ownHistory: rule.own } };
  return p;
};
const asRule = (look: Look): Rule => ({
  ...look,
  fast: TRAINING_FREE.fast,
  own: DEFAULT_NORMALIZER.ownHistory ?? false,
});
/** The detector before looks followed the headset: 2 s, 3 sub-bands, z >= 3, 8 windows on every headset. */
const PREVIOUS: Rule = asRule({ window: 2, bands: 3, threshold: 3, agree: 8 });
// The looks tried: the earlier 2 s filter bank, one band at 2 s (what ships for 1-4 channels), and both at 3 s.
// Measured while choosing which to try (bench/look-length.ts, 2026-12-07, all six subjects): a single band at
// 3 s fired at rest on eight channels (z >= 3, 8 windows: 0.75 false activations per rest-minute), and 4 s
// windows added wrong selections on three channels (z >= 3, 8 windows: 33-38 % wrong against 14 % at 3 s).
const LOOKS: Pick<Look, 'window' | 'bands'>[] = [
  { window: 2, bands: 3 },
  { window: 2, bands: 1 },
  { window: 3, bands: 3 },
  { window: 3, bands: 1 },
];
// Most cautious first, within each look.
const GRID: Rule[] = LOOKS.flatMap((look) =>
  [4.5, 4, 3.5, 3, 2.5].flatMap((threshold) => [8, 6, 4].map((agree) => asRule({ ...look, threshold, agree }))),
);

/**
 * The safety floor no rule may break: no selection at all in 30 minutes of
 * the simulated headset with nobody looking at anything, on pure noise and
 * on noise with alpha (targets above the alpha band: 13/17/21 Hz), and on
 * pure noise with the original 8/10/12/13 Hz layout; three simulated people
 * each.
 */
const restSims = [
  ...[1, 2, 3].map((seed) => ({ targets: hz([13, 17, 21]), opts: { seed, subject: seed, alphaLevel: 0 } })),
  ...[1, 2, 3].map((seed) => ({ targets: hz([13, 17, 21]), opts: { seed, subject: seed } })),
  ...[1, 2, 3].map((seed) => ({ targets: hz([8, 10, 12, 13]), opts: { seed, subject: seed, alphaLevel: 0 } })),
].map(({ targets, opts }) =>
  session('rest-sim', `${opts.seed}`, simulateRecording(1800, [], { ...opts, channels: 4, artefacts: false }), targets),
);
const restSimSelections = (rule: Rule) =>
  restSims.reduce((n, s) => n + selectionsOf(windowsOf(s, free(rule)(s).signal, 'free'), free(rule)(s)).length, 0);
// EVALUATE_WARM=i (0-3, a look; or base) with EVALUATE_CACHE: only analyse everything look i needs into the cache, then stop.
const ratioRule = (s: Session) =>
  defaultProfile(
    { method: 'fbcca', targets: s.targets, window: 2, mains: s.mains },
    s.rec.sampleRate,
    s.rec.channels.length,
  );
const original = (s: Session) => originalProfile(s.targets, s.rec.sampleRate, s.rec.channels.length, s.mains);
if (process.env.EVALUATE_WARM === 'base') {
  for (const ss of [exo, few, sim, muse]) {
    for (const s of ss) {
      windowsOf(s, original(s).signal, 'orig');
      windowsOf(s, ratioRule(s).signal, 'ratio');
    }
  }
  console.log(`baselines analysed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exit(0);
}
if (process.env.EVALUATE_WARM !== undefined) {
  const look = asRule({ ...LOOKS[Number(process.env.EVALUATE_WARM)], threshold: 3, agree: 8 });
  const all = [exo, few, sim, muse];
  for (const ss of [...all, restSims, ...all.map(streamed)])
    for (const s of ss) windowsOf(s, free(look)(s).signal, 'free');
  for (const s of all.flatMap(streamed)) {
    for (const t of s.targets) {
      const one: Session = { ...s, targets: [t] };
      windowsOf(one, free(look)(one).signal, 'free');
    }
  }
  console.log(`look ${process.env.EVALUATE_WARM} analysed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exit(0);
}
const safeOnSimulator = new Map(GRID.map((rule) => [rule, restSimSelections(rule) === 0]));
const SAFE_GRID = GRID.filter((rule) => safeOnSimulator.get(rule));
// Issue 19's limits: false activations first, then wrong selections (2 % on a full cap, 5 % on few channels);
// where no rule keeps the wrong limit, the fewest wrong selections (chooseSetting), never the most hits.
const FULL_CAP_BUDGET = { falsePerMinute: 0.12, worstFalsePerMinute: 1, wrong: 0.02 };
const FEW_CHANNEL_BUDGET = { falsePerMinute: 0.25, worstFalsePerMinute: 1, wrong: 0.05 };

/** Per rule, per subject: the training-free detector on every session of a condition. */
function freeBySubject(ss: Session[]): Map<Rule, SubjectResult[]> {
  return new Map(GRID.map((rule) => [rule, perSubject('free', ss, free(rule))]));
}
type Budget = typeof FULL_CAP_BUDGET;
/** Each held-out subject's rule, chosen on the other subjects of the same headset class. */
const looRuleOf = (byRule: Map<Rule, SubjectResult[]>, budget: Budget) => (held: string) =>
  chooseSetting(SAFE_GRID, (rule) => aggregate(byRule.get(rule)!.filter((r) => r.subject !== held)), budget);
const exoFree = freeBySubject(exo);
const fewFree = freeBySubject(few);
const exoLoo = looRuleOf(exoFree, FULL_CAP_BUDGET);
const fewLoo = looRuleOf(fewFree, FEW_CHANNEL_BUDGET);
const chosenFull = chooseSetting(SAFE_GRID, (rule) => aggregate(exoFree.get(rule)!), FULL_CAP_BUDGET);
const chosenFew = chooseSetting(SAFE_GRID, (rule) => aggregate(fewFree.get(rule)!), FEW_CHANNEL_BUDGET);
/**
 * What a new user of this headset gets: the look chosen on all six subjects of its class (few channels up to
 * FEW_CHANNELS), which is what ships when src/core/ssvep/look-length.ts is up to date (said below if not).
 */
const classRule = (channels: number) => (channels <= FEW_CHANNELS ? chosenFew : chosenFull);
const shipped = (s: Session) => free(classRule(s.rec.channels.length))(s);
/** The rule a subject of a condition is scored with: leave-one-subject-out where the class is tuned, else its class's. */
const ruleFor = (ss: Session[]) => (subject: string, s: Session) =>
  ss === exo ? exoLoo(subject) : ss === few ? fewLoo(subject) : classRule(s.rec.channels.length);

/** The training-free detector with each subject's rule chosen on the other subjects. */
function freeLoso(ss: Session[], byRule: Map<Rule, SubjectResult[]>, loo: (held: string) => Rule): SubjectResult[] {
  return subjectsOf(ss).map((subject) => byRule.get(loo(subject))!.find((r) => r.subject === subject)!);
}

// ---- calibrated: fit on the first session, score the later ones -----------------
const firstOf = (ss: Session[], subject: string) => ss.find((s) => s.subject === subject)!;
const laterOf = (ss: Session[], subject: string) => ss.filter((s) => s.subject === subject).slice(1);
const reports = new Map<string, CheckInReport>();
function calibratedZ(ss: Session[], thresholdFor: (subject: string) => Rule, cond: string): SubjectResult[] {
  return subjectsOf(ss).map((subject) => {
    const first = firstOf(ss, subject);
    const base = free(thresholdFor(subject))(first);
    const { profile, report } = checkIn([first.rec], base);
    reports.set(`${cond}|${subject}`, report);
    const later = laterOf(ss, subject);
    return summarise(
      subject,
      run('free', later, (s) => ({ ...profile, signal: { ...profile.signal, mains: s.mains } })),
      labelsOf(first),
    );
  });
}
function calibratedLda(ss: Session[]): SubjectResult[] {
  return subjectsOf(ss).map((subject) => {
    const first = firstOf(ss, subject);
    const profile = calibrate([{ recording: first.rec, name: first.session }], {
      method: 'fbcca-lda',
      targets: first.targets,
      window: 1.5,
      mains: first.mains,
    });
    return summarise(
      subject,
      run('lda', laterOf(ss, subject), () => profile),
      labelsOf(first),
    );
  });
}
function calibratedAuto(ss: Session[], ruleFor: (subject: string) => Rule): SubjectResult[] {
  return subjectsOf(ss).map((subject) => {
    const first = firstOf(ss, subject);
    const chosen = calibratedDefault([first.rec], first.targets, first.mains);
    // The training-free part follows the rule chosen without this subject.
    const rule = ruleFor(subject);
    const profile: Profile =
      chosen.profile.method === 'fbcca-z'
        ? checkIn([first.rec], { ...free(rule)(first), channels: chosen.profile.channels }).profile
        : chosen.profile;
    return summarise(
      subject,
      run(profile.method === 'fbcca-z' ? 'free' : 'lda', laterOf(ss, subject), () => profile),
      labelsOf(first),
    );
  });
}
const laterSessions = (ss: Session[]) => ss.filter((s) => s !== firstOf(ss, s.subject));

// ---- tables ----------------------------------------------------------------------
const f2 = (v: number) => v.toFixed(2);
const pc = (v: number) => `${(100 * v).toFixed(1)} %`;
const lat = (v: number | null) => (v === null ? '-' : `${v.toFixed(2)} s`);
function row(name: string, a: Aggregate): string {
  return `| ${name} | ${f2(a.hit)} | ${f2(a.worstHit)} | ${pc(a.wrong)} | ${f2(a.falsePerMinute)} | ${f2(a.worstFalsePerMinute)} | ${pc(a.worstWrong)} | ${a.restMinutes.toFixed(1)} | ${lat(a.medianLatency)} |`;
}
const HEAD =
  '| detector | hits | worst subject hits | wrong | false act. / rest-min | worst subject false act. | worst subject wrong | rest-min | median latency |\n|---|---|---|---|---|---|---|---|---|';

const sameLook = (a: Rule, b: Look) =>
  a.window === b.window && a.bands === b.bands && a.threshold === b.threshold && a.agree === b.agree;
for (const [name, chosen, ships] of [
  ['eight channels (ssvep-exo, all six subjects)', chosenFull, FULL_CAP_LOOK],
  ['few channels (the dry 3-channel version of ssvep-exo, all six subjects)', chosenFew, FEW_CHANNEL_LOOK],
] as const) {
  console.log(`Look chosen on ${name}: ${ruleName(chosen)}`);
  if (!sameLook(chosen, ships) || chosen.fast !== TRAINING_FREE.fast || chosen.own !== DEFAULT_NORMALIZER.ownHistory) {
    console.log(`  (what ships is ${ruleName(asRule(ships))}: update src/core/ssvep/look-length.ts)`);
  }
}
console.log(
  `Leave-one-subject-out, eight channels: ${subjectsOf(exo)
    .map((s) => `${s}: ${ruleName(exoLoo(s))}`)
    .join('; ')}`,
);
console.log(
  `Leave-one-subject-out, few channels: ${subjectsOf(few)
    .map((s) => `${s}: ${ruleName(fewLoo(s))}`)
    .join('; ')}`,
);
console.log(
  `Chosen for the most hits within ${FULL_CAP_BUDGET.falsePerMinute} (eight channels) or ${FEW_CHANNEL_BUDGET.falsePerMinute} (few channels) false activations per rest-minute (mean over the other subjects), no subject above ${FULL_CAP_BUDGET.worstFalsePerMinute}, and ${100 * FULL_CAP_BUDGET.wrong} % (eight) or ${100 * FEW_CHANNEL_BUDGET.wrong} % (few) wrong selections; where no rule keeps the wrong limit, the rule with the fewest wrong selections. Among the ${SAFE_GRID.length} of ${GRID.length} rules silent on the simulator.`,
);
console.log('\nEvery rule on all six subjects (what the choice saw; not a prediction):\n');
console.log(
  '| rule | 8 ch hits | wrong | false act. / rest-min | 3 ch hits | wrong | false act. / rest-min | silent 30 min on the simulator |\n|---|---|---|---|---|---|---|---|',
);
for (const rule of GRID) {
  const a = aggregate(exoFree.get(rule)!);
  const f = aggregate(fewFree.get(rule)!);
  console.log(
    `| ${ruleName(rule)} | ${f2(a.hit)} | ${pc(a.wrong)} | ${f2(a.falsePerMinute)} | ${f2(f.hit)} | ${pc(f.wrong)} | ${f2(f.falsePerMinute)} | ${safeOnSimulator.get(rule) ? 'yes' : 'no'} |`,
  );
}
console.log(
  '\nHits: share of target trials selected right. Wrong: share of the selections made during target trials that were wrong.',
);
console.log('Means are over subjects; each subject counts once.');

/** Per subject, one rule per subject (leave-one-subject-out where the class is tuned). */
function perSubjectRule(tag: string, ss: Session[], rule: (subject: string, s: Session) => Rule): SubjectResult[] {
  return subjectsOf(ss).map((subject) => {
    const mine = ss.filter((s) => s.subject === subject);
    return summarise(
      subject,
      run(tag, mine, (s) => free(rule(subject, s))(s)),
      labelsOf(mine[0]),
    );
  });
}

const conditions: { name: string; ss: Session[]; calibratable: boolean }[] = [
  { name: '(a, b) ssvep-exo, 8 channels, 256 Hz', ss: exo, calibratable: true },
  { name: '(c) few-channel dry headset: Oz, O1, O2 at 250 Hz with dry-electrode noise', ss: few, calibratable: true },
  {
    name: `simulated headset (4 channels, the default ${DEFAULT_LAYOUT.targets.map((t) => t.frequency).join('/')} Hz layout)`,
    ss: sim,
    calibratable: true,
  },
  { name: '(d) muse-ssvep: consumer headband, 5 channels, 20 / 30 Hz (no rest trials)', ss: muse, calibratable: false },
];
const defaultRows = new Map<string, SubjectResult[]>();
for (const c of conditions) {
  console.log(`\n## ${c.name}\n`);
  console.log('Uncalibrated, every recording on its own:\n');
  console.log(HEAD);
  console.log(
    row(
      'original loop: CCA 0.5-35 Hz, 2 harmonics, 4 s, 0.1 / 1.3x rule',
      aggregate(perSubject('orig', c.ss, original)),
    ),
  );
  console.log(row('previous default: FBCCA 5 bands, ratio rule 1.3x', aggregate(perSubject('ratio', c.ss, ratioRule))));
  console.log(
    row(
      `fbcca-z before looks followed the headset (${ruleName(PREVIOUS)})`,
      aggregate(perSubject('free', c.ss, free(PREVIOUS))),
    ),
  );
  const tuned = c.ss === exo || c.ss === few;
  const loso =
    c.ss === exo
      ? freeLoso(exo, exoFree, exoLoo)
      : c.ss === few
        ? freeLoso(few, fewFree, fewLoo)
        : perSubjectRule('free', c.ss, ruleFor(c.ss));
  defaultRows.set(c.name, loso);
  const lookName = tuned
    ? 'fbcca-z, look for the headset, leave-one-subject-out'
    : `fbcca-z, look for the headset (${ruleName(classRule(c.ss[0].rec.channels.length))}; never tuned on this condition)`;
  console.log(row(`**${lookName}**`, aggregate(loso)));
  console.log(`\nSession: each person's recordings streamed back to back (start-up paid once):\n`);
  console.log(HEAD);
  const session = streamed(c.ss);
  console.log(
    row(
      `fbcca-z before looks followed the headset (${ruleName(PREVIOUS)})`,
      aggregate(perSubject('free', session, free(PREVIOUS))),
    ),
  );
  console.log(row(`**${lookName}**`, aggregate(perSubjectRule('free', session, ruleFor(c.ss)))));
  if (c.calibratable) {
    console.log('\nCalibrated on the first session, scored on the later one:\n');
    console.log(HEAD);
    const later = laterSessions(c.ss);
    console.log(row('original loop (no calibration), later sessions', aggregate(perSubject('orig', later, original))));
    const thresholdOf = (subject: string) => ruleFor(c.ss)(subject, firstOf(c.ss, subject));
    const uncalibratedLater = subjectsOf(later).map(
      (subject) =>
        perSubject(
          'free',
          later.filter((s) => s.subject === subject),
          free(thresholdOf(subject)),
        )[0],
    );
    console.log(row('fbcca-z, no calibration, later sessions', aggregate(uncalibratedLater)));
    console.log(
      row(
        'fbcca-z + calibration (rest prior, per-target thresholds)',
        aggregate(calibratedZ(c.ss, thresholdOf, c.name)),
      ),
    );
    console.log(row('fbcca-lda (previous calibrated default)', aggregate(calibratedLda(c.ss))));
    console.log(
      row(
        'calibrated default: fbcca-lda where it cross-validates, else fbcca-z + calibration',
        aggregate(calibratedAuto(c.ss, thresholdOf)),
      ),
    );
  }
}

console.log('\n## Per subject, default detector (uncalibrated, look for the headset), every recording\n');
console.log(
  '| condition | subject | hits | wrong | false activations | rest-min | median latency |\n|---|---|---|---|---|---|---|',
);
for (const [name, rs] of defaultRows) {
  for (const r of rs) {
    console.log(
      `| ${name.split(':')[0]} | ${r.subject} | ${r.summary.hits}/${r.summary.targetTrials} | ${r.summary.errors} | ${r.summary.falseActivations} | ${r.summary.restMinutes.toFixed(1)} | ${lat(r.summary.medianLatency)} |`,
    );
  }
}

// ---- one flickering target used as a switch (issue 19, item 6) ---------------------
console.log('\n## One switch: a single flickering target against rest, self-paced (issue 19, item 6)\n');
console.log(
  `Each person's recordings back to back; each target in turn is the only one the detector knows. A look at it is selected when a selection comes within ${SWITCH_WITHIN} s of its onset; false activations are selections in rest trials; "other looks" are selections while the person looked at another flicker (nothing else flickers in the one-switch mode). Same look and rule as the four-target detector of the condition (leave-one-subject-out where tuned).\n`,
);
console.log(
  `| condition | switch looks selected within ${SWITCH_WITHIN} s | worst subject | false act. / rest-min | worst subject false act. | rest-min | selections / min of other looks | median latency |\n|---|---|---|---|---|---|---|---|`,
);
for (const c of conditions) {
  const bySubject = streamed(c.ss).map((s) => {
    const rule = ruleFor(c.ss)(s.subject, s);
    const parts = s.targets.map((t) => {
      const one: Session = { ...s, targets: [t] };
      const p = free(rule)(one);
      return scoreOneSwitch(s.rec.annotations, selectionsOf(windowsOf(one, p.signal, 'free'), p), t.label, labelsOf(s));
    });
    return addOneSwitch(parts);
  });
  const share = bySubject.map((r) => (r.looks ? r.selected / r.looks : 0));
  const fa = bySubject.map((r) => (r.restMinutes ? r.falseActivations / r.restMinutes : 0));
  const rest = bySubject.reduce((a, r) => a + r.restMinutes, 0);
  const other =
    bySubject.reduce((a, r) => a + r.otherSelections, 0) / bySubject.reduce((a, r) => a + r.otherMinutes, 0);
  const latencies = bySubject.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const mean = (v: number[]) => v.reduce((a, x) => a + x, 0) / v.length;
  console.log(
    `| ${c.name.split(':')[0]} | ${f2(mean(share))} | ${f2(Math.min(...share))} | ${rest ? f2(mean(fa)) : '-'} | ${rest ? f2(Math.max(...fa)) : '-'} | ${rest.toFixed(1)} | ${f2(other)} | ${lat(latencies.length ? latencies[Math.floor(latencies.length / 2)] : null)} |`,
  );
}

// ---- (d) the consumer headband -----------------------------------------------------
console.log('\n## (d) muse-ssvep: consumer headband (TP9, AF7, AF8, TP10 + POz), 20 / 30 Hz, no rest trials\n');
console.log(
  `Uncalibrated (${ruleName(classRule(muse[0].rec.channels.length))}, the look for ${muse[0].rec.channels.length} channels); check-in fitted on the session's first run and scored on its later runs.\n`,
);
console.log(
  '| subject / session | mains found | channels | trials | before (2 s) hits | wrong | uncalibrated hits | wrong | after check-in: hits | wrong | check-in verdict |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
const museSessions = [...new Set(muse.map((s) => `${s.subject} ${s.session.split(' ')[0]}`))];
for (const key of museSessions) {
  const runs = muse.filter((s) => `${s.subject} ${s.session.split(' ')[0]}` === key);
  const labels = labelsOf(runs[0]);
  const before = summarise(key, run('free', runs, free(PREVIOUS)), labels);
  const unc = summarise(key, run('free', runs, shipped), labels);
  const quality = runs[0].rec.channels
    .map((c, i) => {
      const x = runs[0].rec.data[i];
      const q = channelQuality(x, bandPassed(x, runs[0].rec.sampleRate));
      return q.quality === 'good' ? '' : `${c.label} ${q.quality} (${q.rms.toFixed(0)} uV)`;
    })
    .filter(Boolean)
    .join(', ');
  let after = '- | -';
  let verdict = '-';
  if (runs.length > 1) {
    const { profile, report } = checkIn([runs[0].rec], shipped(runs[0]));
    const r = summarise(
      key,
      run('free', runs.slice(1), () => profile),
      labels,
    );
    after = `${r.summary.hits}/${r.summary.targetTrials} | ${r.summary.errors}`;
    verdict = `${report.verdict}: ${report.targets.map((t) => `${t.label} ${t.responseRatio.toFixed(2)}x, ${pc(t.forcedChoice)}`).join('; ')}`;
  }
  console.log(
    `| ${key} | ${runs[0].mains} Hz | ${quality || 'all good'} | ${unc.summary.targetTrials} | ${before.summary.hits} | ${before.summary.errors} | ${unc.summary.hits} | ${unc.summary.errors} | ${after} | ${verdict} |`,
  );
}

/** 5-45 Hz causal band-pass of one channel, for the quality check's noise figure. */
function bandPassed(x: Float32Array, fs: number): Float64Array {
  const filter = new SosFilter(
    designIir({ family: 'butter', order: 4, type: 'bandpass', cutoff: [5, 45], sampleRate: fs }),
    1,
  );
  const out = new Float64Array(x.length);
  filter.process([x], [out]);
  return out;
}

console.log('\n## Forced choice (no idle), 2 s epochs from onset + 1 s, training-free FBCCA scores\n');
console.log('| condition | accuracy |\n|---|---|');
for (const [name, ss] of [
  ['ssvep-exo 8 ch', exo],
  ['few-channel dry', few],
  ['muse-ssvep', muse],
  ['simulated', sim],
] as [string, Session[]][]) {
  let right = 0;
  let total = 0;
  for (const s of ss) {
    const p = free(PREVIOUS)(s);
    const ws = windowsOf(s, p.signal, 'free');
    const K = s.targets.length;
    for (const a of trialsOf(s.rec.annotations)) {
      const k = s.targets.findIndex((t) => t.label === a.label);
      if (k < 0) continue;
      const end = (a.onset + 1 + p.signal.window) * s.rec.sampleRate;
      const w = ws.find((x) => x.endSample >= end);
      if (!w || w.endSample - end > p.signal.step * s.rec.sampleRate) continue;
      const analyzer = new WindowAnalyzer(p.signal);
      const F = analyzer.frequencies.length;
      const score = (j: number) => {
        let v = 0;
        for (let b = 0; b < analyzer.bandCount; b++) v += FBCCA_WEIGHTS(b) * w.rho[b * F + j] ** 2;
        return v;
      };
      let best = 0;
      for (let j = 1; j < K; j++) if (score(j) > score(best)) best = j;
      total++;
      if (best === k) right++;
    }
  }
  console.log(`| ${name} | ${pc(total ? right / total : 0)} (${total} trials) |`);
}

console.log(`\nnpm run evaluate took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
