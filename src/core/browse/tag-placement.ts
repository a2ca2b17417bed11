import { bottom, centre, inside, overlapArea, overlaps, type Rect, right, union } from './rect';

/**
 * Where a hint tag goes: next to its element, never over the element's
 * text (the words the user reads to know what they choose), inside the
 * visible window and clear of the corner squares (drawn above the tags,
 * they would hide them). Among the places that satisfy that, the first
 * (left of the element, the way the eye enters a line) that covers the
 * least of other tags and other elements' text.
 */
export interface TagRequest {
  /** Width and height of the tag. */
  w: number;
  h: number;
  element: Rect;
  /** The element's text and label (never covered); empty for elements without text. */
  text: readonly Rect[];
}

export interface PlacementArea {
  /** The visible window. */
  window: Rect;
  /** Never covered: the corner squares and anything drawn over the tags. */
  keepOut: readonly Rect[];
}

export interface Placed {
  rect: Rect;
  /** True only when no place beside the text existed (text larger than the window): the tag covers some of it. */
  coversText: boolean;
}

const GAP = 4;

/** Candidate top-left corners, best first. */
function candidates(w: number, h: number, el: Rect, text: Rect | undefined): { x: number; y: number }[] {
  const t = text ?? el;
  const midY = centre(t).y - h / 2;
  const firstLineY = t.y + Math.min(t.h, h) / 2 - h / 2;
  return [
    { x: el.x - GAP - w, y: midY },
    { x: t.x - GAP - w, y: firstLineY },
    { x: el.x - GAP - w, y: firstLineY },
    { x: t.x, y: el.y - GAP - h },
    { x: t.x, y: bottom(el) + GAP },
    { x: right(el) + GAP, y: midY },
    { x: right(t) + GAP, y: firstLineY },
    { x: t.x, y: t.y - GAP - h },
    { x: t.x, y: bottom(t) + GAP },
    { x: right(t) - w, y: el.y - GAP - h },
    { x: right(t) - w, y: bottom(el) + GAP },
  ];
}

/** Shifts a rectangle into the window (as far as it fits). */
function clampInto(r: Rect, win: Rect): Rect {
  const x = Math.min(Math.max(r.x, win.x), right(win) - r.w);
  const y = Math.min(Math.max(r.y, win.y), bottom(win) - r.h);
  return { x, y, w: r.w, h: r.h };
}

/** Covering a word of another element costs this many times covering a tag. */
const WORD_WEIGHT = 3;

/**
 * Places one tag. `taken`: tags placed before it; `words`: other elements'
 * text. Both are covered only when nothing better exists, words least.
 */
export function placeTag(
  req: TagRequest,
  area: PlacementArea,
  taken: readonly Rect[],
  words: readonly Rect[] = [],
): Placed {
  const textBox = union(req.text);
  const allowed = (r: Rect) =>
    inside(r, area.window) && !area.keepOut.some((k) => overlaps(r, k)) && !req.text.some((t) => overlaps(r, t));
  const cost = (r: Rect) =>
    taken.reduce((s, o) => s + overlapArea(r, o), 0) + WORD_WEIGHT * words.reduce((s, o) => s + overlapArea(r, o), 0);

  let best: Rect | undefined;
  let bestCost = Infinity;
  const consider = (r: Rect, order: number) => {
    if (!allowed(r)) return;
    // Earlier places win unless a later one covers clearly less.
    const c = cost(r) + order * 4;
    if (c < bestCost) {
      best = r;
      bestCost = c;
    }
  };
  candidates(req.w, req.h, req.element, textBox).forEach((p, order) =>
    consider(clampInto({ x: p.x, y: p.y, w: req.w, h: req.h }, area.window), order),
  );
  if (best && bestCost < req.w * req.h * 0.25) return { rect: best, coversText: false };

  // Crowded (or pushed against an edge or a square): rings of places further out.
  const around = textBox ?? req.element;
  for (let ring = 1; ring <= 6; ring++) {
    const dy = ring * (req.h + GAP);
    const dx = ring * (req.w / 2 + GAP);
    const spots = [
      { x: around.x - GAP - req.w, y: around.y - dy },
      { x: around.x - GAP - req.w, y: around.y + dy },
      { x: around.x, y: around.y - GAP - req.h - (ring - 1) * (req.h + GAP) },
      { x: around.x, y: bottom(around) + GAP + (ring - 1) * (req.h + GAP) },
      { x: around.x - GAP - req.w - dx, y: around.y },
      { x: right(around) + GAP + dx, y: around.y },
    ];
    spots.forEach((p) => consider(clampInto({ x: p.x, y: p.y, w: req.w, h: req.h }, area.window), 11 + ring));
    if (best && bestCost < req.w * req.h * 0.25) break;
  }
  if (best) return { rect: best, coversText: false };

  // Text filling the window (a large editor): the spot covering least of it.
  let fallback = clampInto({ x: req.element.x, y: req.element.y, w: req.w, h: req.h }, area.window);
  let least = Infinity;
  for (const p of candidates(req.w, req.h, req.element, textBox)) {
    const r = clampInto({ x: p.x, y: p.y, w: req.w, h: req.h }, area.window);
    if (area.keepOut.some((k) => overlaps(r, k))) continue;
    const covered = req.text.reduce((s, t) => s + overlapArea(r, t), 0);
    if (covered < least) {
      least = covered;
      fallback = r;
    }
  }
  return { rect: fallback, coversText: least > 0 };
}

/** Rectangles bucketed by area, so "does anything here overlap?" looks only nearby. */
export class RectGrid {
  // Numeric cell keys and no allocation per question: placing a few hundred tags asks ten thousand times.
  private readonly cells = new Map<number, Rect[]>();
  constructor(private readonly size = 96) {}

  add(r: Rect): void {
    const s = this.size;
    for (let i = Math.floor(r.x / s); i <= Math.floor(right(r) / s); i++)
      for (let j = Math.floor(r.y / s); j <= Math.floor(bottom(r) / s); j++) {
        const key = cellKey(i, j);
        const cell = this.cells.get(key);
        if (cell) cell.push(r);
        else this.cells.set(key, [r]);
      }
  }

  /** Whether any stored rectangle overlaps `r`. */
  overlapsAny(r: Rect): boolean {
    const s = this.size;
    for (let i = Math.floor(r.x / s); i <= Math.floor(right(r) / s); i++)
      for (let j = Math.floor(r.y / s); j <= Math.floor(bottom(r) / s); j++) {
        const cell = this.cells.get(cellKey(i, j));
        if (cell) for (const o of cell) if (overlaps(r, o)) return true;
      }
    return false;
  }
}

/** One number per cell (a page is far less than 2^19 cells of 96 px either way from the origin). */
const cellKey = (i: number, j: number): number => (i + 0x80000) * 0x100000 + (j + 0x80000);

/** What a tag must not cover: a list, or a grid of many. */
export type Obstacles = readonly Rect[] | RectGrid;
const overlapsAnyOf = (o: Obstacles, r: Rect): boolean =>
  o instanceof RectGrid ? o.overlapsAny(r) : o.some((t) => overlaps(r, t));

/** Steps (CSS px) of the places tried a little above and below an element's line. */
const SHIFT = 8;
/** How many rings of places around an element `placeClear` tries. */
const NEAR_RINGS = 2;

/**
 * A place for one tag that covers nothing it must not: no other tag
 * (`taken`), no element's text (`words`, its own included), no keep-out
 * area, inside the window; the first such place of the same order as
 * `placeTag`. Undefined when there is none (the caller takes one more step).
 */
export function placeClear(req: TagRequest, area: PlacementArea, taken: Obstacles, words: Obstacles): Rect | undefined {
  const clear = (r: Rect) =>
    inside(r, area.window) &&
    !area.keepOut.some((k) => overlaps(r, k)) &&
    !req.text.some((t) => overlaps(r, t)) &&
    !overlapsAnyOf(taken, r) &&
    !overlapsAnyOf(words, r);
  const textBox = union(req.text);
  const at = (p: { x: number; y: number }) => clampInto({ x: p.x, y: p.y, w: req.w, h: req.h }, area.window);
  for (const p of candidates(req.w, req.h, req.element, textBox)) {
    const r = at(p);
    if (clear(r)) return r;
  }
  const around = textBox ?? req.element;
  // Beside the line, a little above or below it: in a list, tags taller than a line alternate sides.
  const midY = centre(around).y - req.h / 2;
  for (let k = 1; k <= 4; k++) {
    for (const dy of [-k * SHIFT, k * SHIFT]) {
      for (const x of [req.element.x - GAP - req.w, right(around) + GAP]) {
        const r = at({ x, y: midY + dy });
        if (clear(r)) return r;
      }
    }
  }
  // Only near places: a tag farther away could be read as another element's (one more step instead).
  for (let ring = 1; ring <= NEAR_RINGS; ring++) {
    const dy = ring * (req.h + GAP);
    const dx = ring * (req.w / 2 + GAP);
    const spots = [
      { x: around.x - GAP - req.w, y: around.y - dy },
      { x: around.x - GAP - req.w, y: around.y + dy },
      { x: right(around) + GAP, y: around.y - dy },
      { x: right(around) + GAP, y: around.y + dy },
      { x: around.x, y: around.y - GAP - req.h - (ring - 1) * (req.h + GAP) },
      { x: around.x, y: bottom(around) + GAP + (ring - 1) * (req.h + GAP) },
      { x: around.x - GAP - req.w - dx, y: around.y },
      { x: right(around) + GAP + dx, y: around.y },
    ];
    for (const p of spots) {
      const r = at(p);
      if (clear(r)) return r;
    }
  }
  return undefined;
}

/**
 * Places every tag in order, covering no other tag and no element's text
 * (`words`: the text of every element on screen); undefined for a tag that
 * has no such place.
 */
export function placeTagsClear(
  requests: readonly TagRequest[],
  area: PlacementArea,
  words: Obstacles,
): (Rect | undefined)[] {
  const takenGrid = new RectGrid();
  return requests.map((req) => {
    const r = placeClear(req, area, takenGrid, words);
    if (r) takenGrid.add(r);
    return r;
  });
}

/** Places every tag in order: the first requests (the nearest elements) get the best places. */
export function placeTags(requests: readonly TagRequest[], area: PlacementArea): Placed[] {
  const words: Rect[] = requests.flatMap((r) => r.text);
  const taken: Rect[] = [];
  return requests.map((req) => {
    // Its own text is a hard limit already; the others' text and the tags placed so far are soft.
    // Only what lies within reach of its places can matter (a page of hundreds of tags stays quick).
    const reach = {
      x: req.element.x - 3 * (req.w + GAP),
      y: req.element.y - 7 * (req.h + GAP),
      w: req.element.w + 6 * (req.w + GAP),
      h: req.element.h + 14 * (req.h + GAP),
    };
    const near = (t: Rect) => overlaps(t, reach);
    const placed = placeTag(req, area, taken.filter(near), words.filter(near));
    taken.push(placed.rect);
    return placed;
  });
}
