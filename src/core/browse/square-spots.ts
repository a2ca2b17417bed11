import { centre, containsPoint, inside, overlapArea, overlaps, type Rect } from './rect';

/**
 * Where the squares stand while the person chooses something on the page.
 * A square hides what lies under it (a sticky header's logo and "Sign in",
 * the first links of a list): for the choice, a square that hides something
 * to choose moves along the window's edge, towards the middle, to the
 * nearest place that hides nothing; where there is none, to the place that
 * hides least. The others stay where they are.
 */

/** How far apart the places tried are (CSS px). */
const STEP = 16;

/** An element is hidden by a square that covers its centre or a third of it. */
export function hides(square: Rect, item: Rect): boolean {
  const area = item.w * item.h;
  return containsPoint(square, centre(item)) || (area > 0 && overlapArea(square, item) > area / 3);
}

/** Places along the edges for `square`, nearest first: towards the middle of its side, then along its top or bottom edge. */
function placesFor(square: Rect, win: Rect): Rect[] {
  const c = centre(square);
  const down = c.y < win.y + win.h / 2 ? 1 : -1;
  const inward = c.x < win.x + win.w / 2 ? 1 : -1;
  const out: Rect[] = [square];
  const reach = Math.max(win.w, win.h);
  for (let d = STEP; d <= reach; d += STEP) {
    out.push({ ...square, y: square.y + down * d });
    out.push({ ...square, x: square.x + inward * d });
  }
  return out.filter((r) => inside(r, win));
}

/**
 * New places for `squares` (same order): `items` are what can be chosen,
 * `fixed` what a square must not cover either (the status line).
 */
export function squareSpots(
  squares: readonly Rect[],
  win: Rect,
  items: readonly Rect[],
  fixed: readonly Rect[] = [],
): Rect[] {
  const placed = squares.slice();
  squares.forEach((square, i) => {
    const hidden = (r: Rect) => items.filter((it) => hides(r, it)).length;
    if (hidden(square) === 0) return;
    const others = placed.filter((_, j) => j !== i);
    let best = square;
    let least = hidden(square);
    for (const r of placesFor(square, win)) {
      if (others.some((o) => overlaps(o, r)) || fixed.some((f) => overlaps(f, r))) continue;
      const n = hidden(r);
      if (n < least) {
        best = r;
        least = n;
        if (n === 0) break;
      }
    }
    placed[i] = best;
  });
  return placed;
}
