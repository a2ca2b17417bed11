import { intersection, type Point, type Rect, union } from '../../core/browse/rect';
import { isShadowRoot } from './dom';
import { type FrameView, shift, toRect } from './frames';

/**
 * Whether the user can see an element where it is drawn: shown by CSS,
 * on screen, and not covered by something else at its centre (what a
 * click there would reach). Rectangles are in top-window coordinates.
 */

/** Shown by CSS (display, visibility, opacity, content-visibility). */
export function shownByCss(el: HTMLElement): boolean {
  if (typeof el.checkVisibility !== 'function') return el.getClientRects().length > 0;
  return el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true });
}

/** The element's boxes (line boxes of an inline element) that show in the frame, in top-window coordinates. */
export function visibleBoxes(el: Element, view: FrameView): Rect[] {
  const out: Rect[] = [];
  for (const r of Array.from(el.getClientRects())) {
    if (r.width < 1 || r.height < 1) continue;
    const part = intersection(shift(toRect(r), view.offset), view.clip);
    if (part) out.push(part);
  }
  return out;
}

/** `node` is `el` or lies inside it, counting slotted content and shadow trees. */
export function composedContains(el: Element, node: Node | null): boolean {
  for (let n: Node | null = node; n;) {
    if (n === el) return true;
    n = (n as Element).assignedSlot ?? n.parentNode ?? (isShadowRoot(n) ? n.host : null);
  }
  return false;
}

/** The element a click at this top-window point would reach, in `el`'s own tree (its document or shadow root). */
function hitIn(el: Element, p: Point, view: FrameView): Element | null {
  const root = el.getRootNode() as Document | ShadowRoot;
  return root.elementFromPoint(p.x - view.offset.x, p.y - view.offset.y);
}

/**
 * Nothing covers `el` at `p`: the frames holding it are what their parents
 * show there, and inside its frame a click reaches it (or a label of it).
 */
export function reachableAt(el: Element, p: Point, view: FrameView): boolean {
  for (let v: FrameView | undefined = view; v?.parent; v = v.parent) {
    const frame = v.chain[v.chain.length - 1];
    if (hitIn(frame, p, v.parent) !== frame) return false;
  }
  const hit = hitIn(el, p, view);
  if (!hit) return false;
  if (composedContains(el, hit)) return true;
  const label = hit.closest('label');
  return label !== null && label.control === el;
}

export const centreOf = (r: Rect): Point => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });

/** The text the user reads to know what it is (its words and its label), in top-window coordinates. */
export function textRects(el: HTMLElement, view: FrameView, wholeBox: boolean): Rect[] {
  const rects: Rect[] = [];
  const add = (r: DOMRectReadOnly) => {
    if (r.width < 1 || r.height < 1) return;
    const part = intersection(shift(toRect(r), view.offset), view.clip);
    if (part) rects.push(part);
  };
  const contents = (node: Node) => {
    const range = node.ownerDocument!.createRange();
    range.selectNodeContents(node);
    Array.from(range.getClientRects()).forEach(add);
  };
  if (wholeBox) Array.from(el.getClientRects()).forEach(add);
  else contents(el);
  // An icon-only control: its picture is what is read.
  if (rects.length === 0) Array.from(el.getClientRects()).forEach(add);
  const labels = (el as HTMLInputElement).labels;
  if (labels) Array.from(labels).forEach(contents);
  // Many fragments (a long paragraph link): their outline is enough.
  if (rects.length > 12) return [union(rects)!];
  return rects;
}
