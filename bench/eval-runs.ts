/**
 * The recordings of one development condition, as the detector surveys in
 * bench/ stream them: every run on its own, and each person's runs back to
 * back as one session (start-up paid once, as in use).
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { detectMains } from '../src/core/dsp/mains';
import { asDryHeadset, DRY_HEADSET } from '../src/core/eval/dry-headset';
import { backToBack } from '../src/core/eval/session-stream';
import { DEFAULT_LAYOUT } from '../src/core/protocol/layout';
import type { Recording } from '../src/core/recording/types';
import { simulateRecording } from '../src/core/sim/session';
import type { Target } from '../src/core/ssvep/config';
import { loadRecording } from '../src/node/files';

export const CONDITIONS = ['exo', 'few', 'muse', 'sim'] as const;
export type Condition = (typeof CONDITIONS)[number];
export const isCondition = (s: string): s is Condition => (CONDITIONS as readonly string[]).includes(s);

const SHARED = resolve(import.meta.dirname, '../../shared/datasets');

export interface Run {
  subject: string;
  rec: Recording;
  targets: Target[];
}

export const hz = (fs: number[]): Target[] => fs.map((f) => ({ label: `${f}Hz`, frequency: f }));

/** The simulated headset's run: a minute of reading, then 6 looks at each default target and 8 rests, shuffled. */
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

/** Every run of the condition, in subject order. */
export function conditionRuns(cond: Condition): Run[] {
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
  return runs;
}

/** Each person's runs back to back, one session per person. */
export function sessionsOf(runs: Run[]): Run[] {
  const subjects = [...new Set(runs.map((r) => r.subject))];
  return subjects.map((subject) => {
    const mine = runs.filter((r) => r.subject === subject);
    return { subject, rec: backToBack(mine.map((r) => r.rec)), targets: mine[0].targets };
  });
}

/** Mains as the extension finds it: from the stream's first 10 s. */
export const mainsOf = (rec: Recording) =>
  detectMains(
    rec.data.map((c) => c.subarray(0, rec.sampleRate * 10)),
    rec.sampleRate,
  );
