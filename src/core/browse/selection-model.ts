import { mulberry32 } from '../sim/eeg-model';
import type { Code } from './choice-codes';
import { LOOK_AWAY_SECONDS, planHints } from './hint-plan';

/**
 * How long browsing takes when selections are sometimes wrong: a model of
 * the user of the hint mode and the speller, simulated (Monte Carlo), for
 * `npm run bench -- browsing`. Each selection takes `seconds` and is the
 * intended target with probability `accuracy`, else one of the other
 * targets at random (how SSVEP confusions are usually modelled).
 *
 * The simulated user recovers the way BrainBrowsR lets them: a spare target
 * ("Back") steps back out of a wrong group; where there is none, the wrong
 * code runs out, the wrong thing happens and one "Undo" takes it back.
 */
export interface SelectionModel {
  accuracy: number;
  /** Seconds per selection (looking until the decider fires, and reading what changed). */
  seconds: number;
  base: number;
}

/** A deterministic generator, so benchmark figures repeat. */
export const seededRandom = mulberry32;

/** The target that fires when the user looks at `intended`. */
export function fire(intended: number, m: SelectionModel, rng: () => number): number {
  if (rng() < m.accuracy) return intended;
  const other = Math.floor(rng() * (m.base - 1));
  return other >= intended ? other + 1 : other;
}

export interface ChoiceResult {
  selections: number;
  /** The item chosen in the end (the wanted one unless the user gave up). */
  chosen: number;
  /** Wrong items chosen on the way (each needed an undo). */
  wrong: number;
}

/**
 * Selections to choose item `wanted` from prefix-free `codes`, starting at
 * the first digit. Off the wanted path the user selects a spare digit when
 * the level has one (back one step; at the first step it closes the choice,
 * and one selection opens it again), else finishes the quickest code and
 * undoes what it chose (`undoSelections`, itself a selection that can fail).
 */
export function simulateChoice(
  codes: readonly Code[],
  wanted: number,
  m: SelectionModel,
  rng: () => number,
  options: {
    undoSelections?: number;
    reopenSelections?: number;
    maxSelections?: number;
    /** Items that change nothing when chosen by mistake (Back, Close): they cost only this many selections to get back. */
    harmless?: ReadonlyMap<number, number>;
    /**
     * Off the wanted path with no spare target, the user looks away from the
     * squares to step back (hints-mode.ts): what that costs, in selections'
     * time. Without it, the quickest code is finished and undone.
     */
    lookAwaySelections?: number;
  } = {},
): ChoiceResult {
  const undo = options.undoSelections ?? 1;
  const reopen = options.reopenSelections ?? 1;
  const cap = options.maxSelections ?? 1000;
  const target = codes[wanted];
  let prefix: number[] = [];
  let selections = 0;
  let wrong = 0;
  const continuing = (p: number[]) => codes.filter((c) => c.length > p.length && p.every((d, i) => c[i] === d));
  while (selections < cap) {
    const onPath = prefix.every((d, i) => target[i] === d);
    let intended: number;
    if (onPath) intended = target[prefix.length];
    else {
      const live = new Set(continuing(prefix).map((c) => c[prefix.length]));
      const spare = Array.from({ length: m.base }, (_, d) => d).find((d) => !live.has(d));
      if (spare !== undefined) intended = spare;
      else if (options.lookAwaySelections !== undefined) {
        selections += options.lookAwaySelections;
        prefix.pop();
        continue;
      } else {
        // No way back at this level: the quickest code below ends it.
        const rest = continuing(prefix).sort((a, b) => a.length - b.length)[0];
        intended = rest[prefix.length];
      }
    }
    const digit = fire(intended, m, rng);
    selections++;
    const next = [...prefix, digit];
    const matching = continuing(prefix).filter((c) => c[prefix.length] === digit);
    if (matching.length === 0) {
      // A spare digit: back one step, or out of the choice (and in again).
      if (prefix.length === 0) selections += reopen;
      else prefix.pop();
      continue;
    }
    const done = matching.find((c) => c.length === next.length);
    if (done) {
      const chosen = codes.indexOf(done);
      if (chosen === wanted) return { selections, chosen, wrong };
      const harmless = options.harmless?.get(chosen);
      if (harmless !== undefined) selections += harmless;
      else {
        wrong++;
        selections += undoCost(undo, m, rng) + reopen;
      }
      prefix = [];
      continue;
    }
    prefix = next;
  }
  return { selections, chosen: -1, wrong };
}

/** Selections until an undo has worked (each try fires right with the model's accuracy; a miss costs its own undo). */
function undoCost(selections: number, m: SelectionModel, rng: () => number): number {
  let n = 0;
  for (let tries = 0; tries < 100; tries++) {
    n += selections;
    if (rng() < m.accuracy) return n;
    n += selections;
  }
  return n;
}

/**
 * The codes hint mode gives `elements` things on screen
 * (src/core/browse/hint-plan.ts, every tag with room: a grid of links in
 * reading order), and its Back and Close entries.
 */
export function hintCodes(
  elements: number,
  base: number,
): { codes: Code[]; reachable: number; harmless: Map<number, number> } {
  const rects = Array.from({ length: elements }, (_, i) => ({
    x: (i % 4) * 200,
    y: Math.floor(i / 4) * 24,
    w: 120,
    h: 20,
  }));
  const plan = planHints(rects, { x: 0, y: 0 }, base);
  const harmless = new Map<number, number>();
  const codes: Code[] = [];
  for (const e of plan.entries) {
    // Close costs one selection of "Choose…" to open them again; Back to the parts costs nothing more.
    if (e.kind !== 'item') harmless.set(codes.length, e.kind === 'close' ? 1 : 0);
    codes.push(e.code);
  }
  return { codes, reachable: elements - plan.leftOut.length, harmless };
}

export interface ReachFigures {
  /** Mean selections to open the wanted element (entering hint mode included). */
  selections: number;
  seconds: number;
  /** Share of attempts that chose something wrong on the way (and undid it). */
  wrongShare: number;
  /** Most selections any element needs with no mistake (entering hints included). */
  worstSelections: number;
  /** Elements that get a code (the rest wait for a scroll). */
  reachable: number;
}

/**
 * Time to open one of `elements` clickable things on screen by hints, over
 * every element that gets a code in turn (`trials` runs each), entering
 * hint mode included; a step back by looking away counts as the selections
 * that would fit in its time.
 */
export function reachFigures(elements: number, m: SelectionModel, trials = 20, seed = 1): ReachFigures {
  const { codes, reachable, harmless } = hintCodes(elements, m.base);
  const rng = seededRandom(seed);
  let selections = 0;
  let wrongRuns = 0;
  let runs = 0;
  const items = codes.map((_, i) => i).filter((i) => !harmless.has(i));
  for (const wanted of items) {
    for (let k = 0; k < trials; k++) {
      // "Choose…" itself: a miss fires another target, whose action is undone before trying again.
      let enter = 0;
      for (;;) {
        enter++;
        if (rng() < m.accuracy) break;
        enter += undoCost(1, m, rng);
      }
      const r = simulateChoice(codes, wanted, m, rng, { harmless, lookAwaySelections: LOOK_AWAY_SECONDS / m.seconds });
      selections += enter + r.selections;
      if (r.wrong > 0) wrongRuns++;
      runs++;
    }
  }
  const mean = selections / runs;
  return {
    selections: mean,
    seconds: mean * m.seconds,
    wrongShare: wrongRuns / runs,
    worstSelections: 1 + Math.max(...items.map((i) => codes[i].length)),
    reachable,
  };
}
