/** A rectangle in window (CSS pixel) coordinates: left, top, width, height. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

export const right = (r: Rect) => r.x + r.w;
export const bottom = (r: Rect) => r.y + r.h;
export const centre = (r: Rect): Point => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });

/** Area two rectangles share (0 when they only touch). */
export function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(right(a), right(b)) - Math.max(a.x, b.x);
  const h = Math.min(bottom(a), bottom(b)) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

export const overlaps = (a: Rect, b: Rect) => overlapArea(a, b) > 0;

/** Whether `inner` lies wholly inside `outer`. */
export function inside(inner: Rect, outer: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && right(inner) <= right(outer) && bottom(inner) <= bottom(outer);
}

export function containsPoint(r: Rect, p: Point): boolean {
  return p.x >= r.x && p.x <= right(r) && p.y >= r.y && p.y <= bottom(r);
}

/** Distance from a point to the nearest point of a rectangle (0 inside it). */
export function distanceTo(r: Rect, p: Point): number {
  const dx = Math.max(r.x - p.x, 0, p.x - right(r));
  const dy = Math.max(r.y - p.y, 0, p.y - bottom(r));
  return Math.hypot(dx, dy);
}

/** The part of `r` inside `clip`, or undefined when they do not overlap. */
export function intersection(r: Rect, clip: Rect): Rect | undefined {
  const x = Math.max(r.x, clip.x);
  const y = Math.max(r.y, clip.y);
  const w = Math.min(right(r), right(clip)) - x;
  const h = Math.min(bottom(r), bottom(clip)) - y;
  return w > 0 && h > 0 ? { x, y, w, h } : undefined;
}

/** The smallest rectangle holding all of them (undefined for none). */
export function union(rects: readonly Rect[]): Rect | undefined {
  if (rects.length === 0) return undefined;
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  return { x, y, w: Math.max(...rects.map(right)) - x, h: Math.max(...rects.map(bottom)) - y };
}

/**
 * Lines in reading order, top to bottom, each left to right: rectangles
 * whose tops lie within half a line of the line's first one share it
 * (sorting by top alone would interleave a line whose elements differ by a
 * pixel in height). Returns indices into `rects`.
 */
export function readingLines(rects: readonly Rect[]): number[][] {
  const byTop = rects.map((_, i) => i).sort((a, b) => rects[a].y - rects[b].y || rects[a].x - rects[b].x);
  const lines: number[][] = [];
  let line: number[] = [];
  let limit = -Infinity;
  for (const i of byTop) {
    if (line.length > 0 && rects[i].y > limit) {
      lines.push(line);
      line = [];
    }
    if (line.length === 0) limit = rects[i].y + Math.max(2, rects[i].h / 2);
    line.push(i);
  }
  if (line.length > 0) lines.push(line);
  for (const l of lines) l.sort((a, b) => rects[a].x - rects[b].x || a - b);
  return lines;
}

export const readingOrder = (rects: readonly Rect[]): number[] => readingLines(rects).flat();
