import { type Code, codesUnder, compareCodes, rankedCodes } from './choice-codes';
import { distanceTo, overlaps, type Point, readingLines, readingOrder, type Rect } from './rect';
import { type PlacementArea, placeTag, placeTagsClear, RectGrid } from './tag-placement';

/**
 * Which code reaches which element on screen, and where its tag goes.
 * Elements nearest the reading position get the shortest codes.
 *
 * - Up to base^3 elements (64 with four targets): every element within
 *   three selections. Where a code is left over at no cost (fewer than 64),
 *   it is "Back" (close), on the last target; the way back that costs no
 *   code is looking away from the squares (hints-mode.ts), at every step.
 * - More, up to base^4 (256): the first selection picks a part of the
 *   screen (bands in reading order of at most 64 each, as few as hold them;
 *   a target left over closes), then codes within that part as above.
 *   Elements beyond are left out, farthest first, and the caller says so.
 * - Tags never overlap and never cover an element's text (`TagFit`): where
 *   some have no room, the others keep three selections on the first three
 *   targets and the last target leads to those (one step later, drawn
 *   without the others); any that find no room even then are left out.
 */
export type HintEntry =
  /** `item`: index into the rectangles; its tag is drawn once `shownAfter` digits are selected, at `tag`. */
  | { kind: 'item'; item: number; code: Code; shownAfter: number; tag?: Rect }
  /** Closes hint mode. */
  | { kind: 'close'; code: Code }
  /** Back to the choice one step up (the parts of the screen, or the first tags). */
  | { kind: 'parts'; code: Code };

export interface HintPart {
  /** The digit that chooses it. */
  digit: number;
  /** Items in it (indices into the rectangles). */
  items: number[];
}

/** Items drawn one step later, after `code` is selected, for lack of room. */
export interface HintLater {
  code: Code;
  items: number[];
}

export interface HintPlan {
  entries: HintEntry[];
  /** Empty unless the screen was split into parts. */
  parts: HintPart[];
  later: HintLater[];
  /** Items without a code (too many on screen, or no room for a tag), nearest first. */
  leftOut: number[];
}

/** How tags are sized and where they may go; without it, codes are planned as if every tag had room. */
export interface TagFit {
  area: PlacementArea;
  /** The place a tag showing `digits` symbols takes, its rings and a margin included. */
  size(digits: number): { w: number; h: number };
  /** Each element's words (by index into the rectangles): no tag covers them. */
  text: readonly (readonly Rect[])[];
}

/** Selections a code may take before the screen is split into parts. */
export const MAX_SELECTIONS = 3;
/**
 * Looking away from every square this long (stream seconds) takes back the
 * last selection of a code: the way back that costs no code (hints-mode.ts).
 * Long enough to read the few tags left after a selection.
 */
export const LOOK_AWAY_SECONDS = 6;
/** Times a group of tags may wait one step more for room. */
const MAX_LATER = 3;

export const directCapacity = (base: number) => base ** MAX_SELECTIONS;
export const planCapacity = (base: number) => base * directCapacity(base);

/** Indices nearest the reading position first; equal distances in reading order. */
export function rankByDistance(rects: readonly Rect[], from: Point): number[] {
  const order = readingOrder(rects);
  const place = new Map(order.map((item, k) => [item, k]));
  const dist = rects.map((r) => distanceTo(r, from));
  return rects.map((_, i) => i).sort((a, b) => dist[a] - dist[b] || place.get(a)! - place.get(b)!);
}

/**
 * Codes for `count` items under `roots`, plus "Back" when a code is left
 * over without making any code longer: the last of the shortest codes (on
 * the last target, as few selections as the rest allow).
 */
export function codesWithFreeBack(
  count: number,
  base: number,
  roots?: readonly Code[],
): { codes: Code[]; back?: Code } {
  const from = roots ?? Array.from({ length: base }, (_, d) => [d]);
  if (count < from.length)
    return { codes: from.slice(0, count).map((c) => c.slice()), back: from[from.length - 1].slice() };
  const plain = codesUnder(count, from, base);
  const all = codesUnder(count + 1, from, base);
  const longest = (cs: Code[]) => Math.max(...cs.map((c) => c.length));
  if (longest(all) > longest(plain)) return { codes: plain };
  const shortest = Math.min(...all.map((c) => c.length));
  let backAt = -1;
  all.forEach((c, i) => {
    if (c.length === shortest && (backAt < 0 || compareCodes(c, all[backAt]) > 0)) backAt = i;
  });
  return { codes: all.filter((_, i) => i !== backAt), back: all[backAt] };
}

/** Codes for `count` items plus one reserved for Back, always (a list's options: Back returns to the hints). */
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

interface PlanContext {
  rects: readonly Rect[];
  base: number;
  fit?: TagFit;
  words: Rect[];
  /** The same words bucketed by place, built once per plan (every level and round asks it). */
  wordGrid: RectGrid;
  rank: (item: number) => number;
}

interface Level {
  entries: HintEntry[];
  later: HintLater[];
  leftOut: number[];
}

/**
 * Codes (after `prefix`) and tags for `items`, nearest first: those whose
 * tags have room now, and the rest one step later under the last target.
 */
function planLevel(
  items: readonly number[],
  prefix: Code,
  ctx: PlanContext,
  backKind: 'close' | 'parts',
  depth: number,
): Level {
  const { base, fit } = ctx;
  const digits = Array.from({ length: base }, (_, d) => [d]);
  const perRoot = base ** (MAX_SELECTIONS - 1);
  const byRank = (a: number, b: number) => ctx.rank(a) - ctx.rank(b);
  let shown = items.slice(0, directCapacity(base));
  let waiting = items.slice(directCapacity(base));
  const leftOut: number[] = [];
  let codes: Code[] = [];
  let back: Code | undefined;
  let tags: (Rect | undefined)[] = [];
  const later = () => depth < MAX_LATER;
  for (let round = 0; ; round++) {
    const roots = waiting.length > 0 && later() ? digits.slice(0, base - 1) : digits;
    const room = roots.length * perRoot;
    if (shown.length > room) {
      waiting = [...shown.slice(room), ...waiting].sort(byRank);
      shown = shown.slice(0, room);
    }
    ({ codes, back } = codesWithFreeBack(shown.length, base, roots));
    if (!fit) break;
    tags = placeInReadingOrder(shown, codes, ctx, fit);
    const failed = shown.filter((_, k) => !tags[k]);
    if (failed.length === 0) break;
    const placed = (_: unknown, k: number) => tags[k] !== undefined;
    if (later() && failed.length < shown.length && round < 3) {
      // One step more for those without room: drawn without the others' tags.
      waiting = [...failed, ...waiting].sort(byRank);
      shown = shown.filter(placed);
      continue;
    }
    // No step left: a tag may cover its own element's words (a large editor), nothing else.
    const taken = tags.filter((t): t is Rect => t !== undefined);
    shown.forEach((item, k) => {
      if (tags[k]) return;
      const own = fit.text[item];
      const others = ctx.words.filter((w) => !own.includes(w));
      const spot = placeTag(
        { ...fit.size(codes[k].length), element: ctx.rects[item], text: own },
        fit.area,
        taken,
        others,
      ).rect;
      if (taken.some((t) => overlaps(t, spot)) || others.some((w) => overlaps(w, spot))) return;
      tags[k] = spot;
      taken.push(spot);
    });
    leftOut.push(...shown.filter((_, k) => !tags[k]));
    codes = codes.filter(placed);
    shown = shown.filter(placed);
    tags = tags.filter((t) => t !== undefined);
    break;
  }
  if (!later()) {
    leftOut.push(...waiting);
    waiting = [];
  }
  const entries: HintEntry[] = shown.map((item, k) => ({
    kind: 'item',
    item,
    code: [...prefix, ...codes[k]],
    shownAfter: prefix.length,
    tag: fit ? tags[k] : undefined,
  }));
  if (back) entries.push({ kind: backKind, code: [...prefix, ...back] });
  const afterwards: HintLater[] = [];
  if (waiting.length > 0) {
    const code = [...prefix, base - 1];
    const sub = planLevel(waiting, code, ctx, 'parts', depth + 1);
    entries.push(...sub.entries);
    afterwards.push({ code, items: sub.entries.flatMap((e) => (e.kind === 'item' ? [e.item] : [])) }, ...sub.later);
    leftOut.push(...sub.leftOut);
  }
  return { entries, later: afterwards, leftOut };
}

/**
 * Places the tags line by line, left to right (codes stay ranked by
 * distance): in a list, a tag taller than a line then finds the place its
 * line's neighbour left free, on the other side of the link.
 */
function placeInReadingOrder(shown: readonly number[], codes: readonly Code[], ctx: PlanContext, fit: TagFit) {
  const order = readingOrder(shown.map((item) => ctx.rects[item]));
  const placed = placeTagsClear(
    order.map((k) => ({ ...fit.size(codes[k].length), element: ctx.rects[shown[k]], text: fit.text[shown[k]] })),
    fit.area,
    ctx.wordGrid,
  );
  const tags = new Array<Rect | undefined>(shown.length);
  order.forEach((k, i) => (tags[k] = placed[i]));
  return tags;
}

export function planHints(rects: readonly Rect[], from: Point, base: number, fit?: TagFit): HintPlan {
  const steps = planHintsInSteps(rects, from, base, fit);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * `planHints` a part of the screen at a time: the caller may let a frame
 * be drawn between the steps (planning 256 tags in one go on a slow
 * machine holds the flicker still for a tenth of a second and more).
 */
export function* planHintsInSteps(
  rects: readonly Rect[],
  from: Point,
  base: number,
  fit?: TagFit,
): Generator<void, HintPlan, void> {
  const ranked = rankByDistance(rects, from);
  const rankOf = new Map(ranked.map((item, k) => [item, k]));
  const words = fit ? fit.text.flat() : [];
  const wordGrid = new RectGrid();
  for (const w of words) wordGrid.add(w);
  const ctx: PlanContext = { rects, base, fit, words, wordGrid, rank: (i) => rankOf.get(i)! };
  const byRank = (a: number, b: number) => ctx.rank(a) - ctx.rank(b);
  if (ranked.length <= directCapacity(base)) {
    const level = planLevel(ranked, [], ctx, 'close', 0);
    return { entries: level.entries, parts: [], later: level.later, leftOut: level.leftOut.sort(byRank) };
  }
  const kept = ranked.slice(0, planCapacity(base));
  const count = Math.min(base, Math.ceil(kept.length / directCapacity(base)));
  const { parts, dropped } = splitIntoParts(rects, kept, count, directCapacity(base), ctx.rank);
  const entries: HintEntry[] = count < base ? [{ kind: 'close', code: [base - 1] }] : [];
  const later: HintLater[] = [];
  const leftOut = [...dropped, ...ranked.slice(kept.length)];
  const planned: HintPart[] = [];
  for (const [digit, items] of parts.entries()) {
    yield;
    const level = planLevel(items.slice().sort(byRank), [digit], ctx, 'parts', 0);
    entries.push(...level.entries);
    later.push(...level.later);
    leftOut.push(...level.leftOut);
    planned.push({ digit, items: level.entries.flatMap((e) => (e.kind === 'item' ? [e.item] : [])) });
  }
  return { entries, parts: planned, later, leftOut: leftOut.sort(byRank) };
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
