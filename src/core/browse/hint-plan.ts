import { compareCodes, rankedCodes, type Code } from './choice-codes';
import { distanceTo, type Point, readingLines, readingOrder, type Rect } from './rect';

/**
 * Which code reaches which element on screen. Elements nearest the reading
 * position get the shortest codes. One code is always kept for "Back", so a
 * user who opened hints by mistake can leave them by choosing it:
 *
 * - Up to base^3 - 1 elements (63 with four targets): every element within
 *   three selections; "Back" (close) takes the shortest code left over, on
 *   the last target (one selection on small pages, up to three on full ones).
 * - More: the first selection picks a part of the screen (base - 1 parts in
 *   reading order, of about the same number of elements; the last target is
 *   "Back" and closes), then codes within that part as above, where the
 *   part's own "Back" returns to the choice of parts. Elements beyond what
 *   the parts hold (3 x 63) are left out, farthest first, and the caller
 *   says so.
 */
export type HintEntry =
  /** `item`: index into the rectangles the plan was made for. */
  | { kind: 'item'; item: number; code: Code }
  /** Closes hint mode. */
  | { kind: 'close'; code: Code }
  /** Back to the choice of parts of the screen. */
  | { kind: 'parts'; code: Code };

export interface HintPart {
  /** The digit that chooses it. */
  digit: number;
  /** Items in it (indices into the rectangles). */
  items: number[];
}

export interface HintPlan {
  entries: HintEntry[];
  /** Empty unless the screen was split into parts. */
  parts: HintPart[];
  /** Items without a code (too many on screen), nearest first. */
  leftOut: number[];
}

/** Selections a code may take before the screen is split into parts. */
export const MAX_SELECTIONS = 3;

export const directCapacity = (base: number) => base ** MAX_SELECTIONS - 1;
export const partCount = (base: number) => base - 1;
export const planCapacity = (base: number) => partCount(base) * directCapacity(base);

/** Indices nearest the reading position first; equal distances in reading order. */
export function rankByDistance(rects: readonly Rect[], from: Point): number[] {
  const order = readingOrder(rects);
  const place = new Map(order.map((item, k) => [item, k]));
  const dist = rects.map((r) => distanceTo(r, from));
  return rects.map((_, i) => i).sort((a, b) => dist[a] - dist[b] || place.get(a)! - place.get(b)!);
}

/**
 * Codes for `ranked.length` items plus one reserved code, nearest first.
 * The reserved code is the last of the shortest codes, so it sits on the
 * last target and costs as few selections as the rest allow.
 */
export function codesWithBack(count: number, base: number): { codes: Code[]; back: Code } {
  if (count < base) return { codes: Array.from({ length: count }, (_, d) => [d]), back: [base - 1] };
  const all = rankedCodes(count + 1, base);
  const shortest = Math.min(...all.map((c) => c.length));
  let backAt = -1;
  all.forEach((c, i) => {
    if (c.length === shortest && (backAt < 0 || compareCodes(c, all[backAt]) > 0)) backAt = i;
  });
  return { codes: all.filter((_, i) => i !== backAt), back: all[backAt] };
}

export function planHints(rects: readonly Rect[], from: Point, base: number): HintPlan {
  const ranked = rankByDistance(rects, from);
  if (ranked.length <= directCapacity(base)) {
    const { codes, back } = codesWithBack(ranked.length, base);
    const entries: HintEntry[] = ranked.map((item, k) => ({ kind: 'item', item, code: codes[k] }));
    entries.push({ kind: 'close', code: back });
    return { entries, parts: [], leftOut: [] };
  }
  const kept = ranked.slice(0, planCapacity(base));
  const rank = new Map(ranked.map((item, k) => [item, k]));
  const { parts, dropped } = splitIntoParts(rects, kept, partCount(base), directCapacity(base), (i) => rank.get(i)!);
  const leftOut = [...dropped, ...ranked.slice(kept.length)].sort((a, b) => rank.get(a)! - rank.get(b)!);
  const entries: HintEntry[] = [{ kind: 'close', code: [base - 1] }];
  parts.forEach((items, digit) => {
    const nearest = items.slice().sort((a, b) => rank.get(a)! - rank.get(b)!);
    const { codes, back } = codesWithBack(nearest.length, base);
    nearest.forEach((item, k) => entries.push({ kind: 'item', item, code: [digit, ...codes[k]] }));
    entries.push({ kind: 'parts', code: [digit, ...back] });
  });
  return { entries, parts: parts.map((items, digit) => ({ digit, items })), leftOut };
}

/**
 * Splits `items` into `count` runs in reading order of about equal size,
 * none larger than `capacity`. Cuts fall at line breaks, so a line of links
 * is not cut in two (parts are bands across the screen): when that leaves
 * a part too large, its farthest items (highest `rank`) are dropped
 * instead; only without a line break near the ideal cut is a line cut.
 */
export function splitIntoParts(
  rects: readonly Rect[],
  items: readonly number[],
  count: number,
  capacity: number,
  rank: (item: number) => number = (i) => i,
): { parts: number[][]; dropped: number[] } {
  const lines = readingLines(items.map((i) => rects[i])).map((line) => line.map((k) => items[k]));
  const order = lines.flat();
  const breaks = new Set<number>();
  lines.reduce((start, line) => (breaks.add(start), start + line.length), 0);
  const n = order.length;
  const cuts: number[] = [0];
  for (let p = 1; p < count; p++) {
    const ideal = Math.round((p * n) / count);
    const prev = cuts[cuts.length - 1];
    const remaining = count - p;
    const fits = (c: number) => c > prev && c - prev <= capacity && c < n;
    // Best: the parts after it can hold the rest too; next best: the last part will drop a few.
    const holdsRest = (c: number) => fits(c) && n - c <= remaining * capacity;
    const near = (ok: (c: number) => boolean) => {
      for (let d = 0; d <= Math.max(2, n / (4 * count)); d++) {
        if (breaks.has(ideal - d) && ok(ideal - d)) return ideal - d;
        if (breaks.has(ideal + d) && ok(ideal + d)) return ideal + d;
      }
      return undefined;
    };
    const cut = near(holdsRest) ?? near(fits) ?? Math.min(Math.max(ideal, prev + 1), prev + capacity);
    cuts.push(cut);
  }
  cuts.push(n);
  const parts: number[][] = [];
  const dropped: number[] = [];
  for (let p = 0; p < count; p++) {
    const part = order.slice(cuts[p], cuts[p + 1]);
    if (part.length > capacity) {
      const farthest = part
        .slice()
        .sort((a, b) => rank(b) - rank(a))
        .slice(0, part.length - capacity);
      dropped.push(...farthest);
      parts.push(part.filter((i) => !farthest.includes(i)));
    } else parts.push(part);
  }
  return { parts, dropped };
}
