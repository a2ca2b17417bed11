import type { Rect } from '../../core/browse/rect';
import type { Clickable } from './collect';
import { viewOf } from './frames';
import { isDisabled } from './kinds';
import { centreOf, reachableAt, shownByCss, visibleBoxes } from './visibility';

/** How far (CSS px) an element may have moved since its hint was drawn and still be what the user chose. */
export const MOVE_TOLERANCE = 12;

/**
 * Just before acting: is the chosen element still there, visible, usable
 * and where its hint showed it? Returns why not, in words (nothing is done
 * then), or undefined when it is safe to act.
 */
export function whyNot(c: Clickable, keepOut: readonly Rect[]): string | undefined {
  const nothing = 'nothing was pressed';
  if (!c.el.isConnected || !c.shown.isConnected) return `That ${c.noun} is no longer there; ${nothing}`;
  const view = viewOf(c.chain);
  if (!view || !shownByCss(c.shown)) return `That ${c.noun} is hidden now; ${nothing}`;
  if (isDisabled(c.el)) return `That ${c.noun} cannot be used now; ${nothing}`;
  // The box it was chosen at (a link that wraps has several).
  const now = visibleBoxes(c.shown, view).find((b) => !moved(b, c.rect));
  if (!now) return `That ${c.noun} moved; ${nothing}`;
  const at = centreOf(now);
  if (keepOut.some((k) => at.x >= k.x && at.x <= k.x + k.w && at.y >= k.y && at.y <= k.y + k.h)) {
    return `That ${c.noun} moved; ${nothing}`;
  }
  if (!reachableAt(c.shown, at, view) && !reachableAt(c.el, at, view))
    return `Something covers that ${c.noun} now; ${nothing}`;
  return undefined;
}

/** Moved or resized beyond the tolerance since `then`. */
export function moved(now: Rect, then: Rect): boolean {
  const a = centreOf(now);
  const b = centreOf(then);
  return (
    Math.abs(a.x - b.x) > MOVE_TOLERANCE ||
    Math.abs(a.y - b.y) > MOVE_TOLERANCE ||
    Math.abs(now.w - then.w) > Math.max(MOVE_TOLERANCE, then.w / 2) ||
    Math.abs(now.h - then.h) > Math.max(MOVE_TOLERANCE, then.h / 2)
  );
}
