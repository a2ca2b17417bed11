import { containsPoint, distanceTo, type Point, type Rect, union } from '../../core/browse/rect';
import { isInput } from './dom';
import { childView, frameDocument, type FrameView, topView, viewOf } from './frames';
import { CLICKABLE_SELECTOR, type HintKind, isDisabled, kindOf, nounOf, shortName, wholeNameOf } from './kinds';
import { centreOf, reachableAt, shownByCss, textRects, visibleBoxes } from './visibility';

/** Something on screen the user can choose, where it was when the hints were drawn (top-window coordinates). */
export interface Clickable {
  el: HTMLElement;
  kind: HintKind;
  /** What it is called ("Harmonics", "Search"), for messages and the targets' labels. */
  name: string;
  /** The same, whole (a long name is shortened in `name`). */
  wholeName: string;
  /** "link", "button", "tick box"...: for messages. */
  noun: string;
  /** What shows of it: itself, or the label of a tick box the page's styling hides. */
  shown: HTMLElement;
  /** Where a click lands: the first visible box of `shown` that no square hides. */
  rect: Rect;
  /** Every visible box of `shown` (line boxes of a link that wraps). */
  boxes: Rect[];
  /** Everything of it that shows. */
  box: Rect;
  /** Its words and label: a tag never covers them. */
  text: Rect[];
  /** Same-origin frames holding it, from the top window down. */
  chain: HTMLIFrameElement[];
}

export interface Collected {
  items: Clickable[];
  /** More passed every check than `limit`: the farthest were left without a hint. */
  more: boolean;
  /** The page was too large to look through in time: some elements were not looked at. */
  partial: boolean;
}

export interface CollectOptions {
  /** The reading position: the nearest elements are checked (and kept) first. */
  from: Point;
  /** Where the overlay draws (the corner squares): an element under them cannot be seen. */
  keepOut: readonly Rect[];
  limit: number;
  /** Time for looking through the page's elements (ms); a page with hundreds of thousands stops there. */
  budgetMs?: number;
  /**
   * Lets the page draw a frame (the flicker goes on) between slices of the
   * close checks; without it they run in one go.
   */
  pause?: () => Promise<void>;
  /** Only these get a hint (found by its words): checked after the close checks, before the limit counts them. */
  accept?: (c: Clickable) => boolean;
}

/** An element inside the visible window, not yet checked closely. */
export interface Candidate {
  el: HTMLElement;
  view: FrameView;
  boxes: Rect[];
  distance: number;
}

export interface OnScreen {
  /** Nearest first. */
  candidates: Candidate[];
  partial: boolean;
}

/** The overlay's own element: nothing in it is the page's. */
const OVERLAY_TAG = 'BRAINBROWSR-OVERLAY';

/** The longest the close checks run before letting the page draw (ms). */
const SLICE_MS = 25;

/**
 * The first, cheap pass over every clickable element on screen (in the
 * page, in open shadow roots and in same-origin frames): those with a box
 * inside the visible window, nearest first. Only these are examined closely
 * (`examineNearest`, up to `limit`), so a page with thousands of links
 * costs about what the screen shows.
 */
export function findOnScreen(opts: CollectOptions): OnScreen {
  const deadline = performance.now() + (opts.budgetMs ?? 250);
  let partial = false;
  const candidates: Candidate[] = [];

  const visitRoot = (root: Document | ShadowRoot, view: FrameView) => {
    for (const el of Array.from(root.querySelectorAll<HTMLElement>(CLICKABLE_SELECTOR))) {
      if (el.tagName === OVERLAY_TAG) continue;
      const boxes = visibleBoxes(el, view);
      if (boxes.length === 0) continue;
      candidates.push({ el, view, boxes, distance: distanceTo(union(boxes)!, opts.from) });
    }
    for (const frame of Array.from(root.querySelectorAll('iframe'))) {
      const doc = frameDocument(frame);
      const inner = doc && childView(view, frame);
      if (inner) visitDocument(doc, inner);
    }
  };
  const visitDocument = (doc: Document, view: FrameView) => {
    for (const root of openRoots(doc, deadline)) {
      if (performance.now() > deadline) {
        partial = true;
        return;
      }
      visitRoot(root, view);
    }
  };
  visitDocument(document, topView());
  candidates.sort((a, b) => a.distance - b.distance);
  return { candidates, partial };
}

/**
 * The close checks (a hit test each), nearest first, until `limit` pass. A
 * screen covered by a dialog must not take seconds: they stop at twice the
 * budget; and they pause every few milliseconds so the flicker keeps its frames.
 */
export async function examineNearest(found: OnScreen, opts: CollectOptions): Promise<Collected> {
  const items: Clickable[] = [];
  let more = false;
  let partial = found.partial;
  let working = 0;
  let sliceStart = performance.now();
  for (const c of found.candidates) {
    const now = performance.now();
    if (opts.pause && now - sliceStart > SLICE_MS) {
      working += now - sliceStart;
      await opts.pause();
      sliceStart = performance.now();
    }
    if (working + performance.now() - sliceStart > (opts.budgetMs ?? 250) * 2) {
      partial = true;
      break;
    }
    // The page may have removed it while the flicker drew a frame.
    if (!c.el.isConnected) continue;
    const item = examine(c, opts.keepOut);
    if (!item || (opts.accept && !opts.accept(item))) continue;
    if (items.length >= opts.limit) {
      more = true;
      break;
    }
    items.push(item);
  }
  return { items: withoutWrappers(items), more, partial };
}

/** The document and every open shadow root in it (closed ones cannot be looked into, by design). */
function* openRoots(doc: Document, deadline: number): Generator<Document | ShadowRoot> {
  const pending: (Document | ShadowRoot)[] = [doc];
  let steps = 0;
  while (pending.length > 0) {
    const root = pending.shift()!;
    yield root;
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const sr = (n as Element).shadowRoot;
      if (sr && (n as Element).tagName !== OVERLAY_TAG) pending.push(sr);
      if (++steps % 4096 === 0 && performance.now() > deadline) return;
    }
  }
}

/** The close checks, for an element already known to be inside the window. */
function examine(c: Candidate, keepOut: readonly Rect[]): Clickable | undefined {
  const { el, view } = c;
  const kind = kindOf(el);
  if (!kind || isDisabled(el)) return undefined;
  let target: HTMLElement = el;
  let boxes = c.boxes;
  if (!shownByCss(el) || tiny(boxes)) {
    // A tick box drawn by the page's own styling: the real input is invisible, its label is what shows.
    const label = kind === 'toggle' ? (el as HTMLInputElement).labels?.[0] : undefined;
    const labelBoxes = label ? visibleBoxes(label, view) : [];
    if (!label || labelBoxes.length === 0 || !shownByCss(label)) return undefined;
    target = label;
    boxes = labelBoxes;
  }
  // A link wrapping out from under a square is clicked where it shows.
  const rect = boxes.find((b) => !keepOut.some((k) => containsPoint(k, centreOf(b))));
  if (!rect) return undefined;
  const at = centreOf(rect);
  if (!reachableAt(target, at, view) && !(target !== el && reachableAt(el, at, view))) return undefined;
  const wholeBox = kind === 'field' || kind === 'select' || isInput(el);
  const whole = wholeNameOf(el);
  return {
    el,
    kind,
    name: shortName(whole),
    wholeName: whole,
    noun: nounOf(el, kind),
    shown: target,
    rect,
    boxes,
    box: union(boxes)!,
    text: textRects(target === el ? el : target, view, wholeBox && target === el),
    chain: view.chain,
  };
}

/**
 * The items still to be seen once the squares stand where `keepOut` says:
 * each clicked at its first box that no square hides (and that a click
 * reaches), none where every box is hidden.
 */
export function clearOf(items: readonly Clickable[], keepOut: readonly Rect[]): Clickable[] {
  const hidden = (b: Rect) => keepOut.some((k) => containsPoint(k, centreOf(b)));
  const out: Clickable[] = [];
  for (const c of items) {
    if (!hidden(c.rect)) {
      out.push(c);
      continue;
    }
    const view = viewOf(c.chain);
    const rect = view && c.boxes.find((b) => !hidden(b) && reachableAt(c.shown, centreOf(b), view));
    if (rect) out.push({ ...c, rect });
  }
  return out;
}

const tiny = (boxes: Rect[]) => boxes.every((b) => b.w < 4 || b.h < 4);

/**
 * A link wrapping a button (or the like) drawn as one thing gets one hint:
 * the inner one's, which is what a click there reaches first.
 */
function withoutWrappers(items: Clickable[]): Clickable[] {
  const byEl = new Map(items.map((c) => [c.el as Element, c]));
  const wrappers = new Set<Clickable>();
  for (const c of items) {
    let up = c.el.parentElement;
    for (let depth = 0; up && depth < 6; depth++, up = up.parentElement) {
      const outer = byEl.get(up);
      if (outer && sameBox(outer.box, c.box)) wrappers.add(outer);
    }
  }
  return items.filter((c) => !wrappers.has(c));
}

const sameBox = (a: Rect, b: Rect) =>
  Math.abs(a.x - b.x) <= 4 && Math.abs(a.y - b.y) <= 4 && Math.abs(a.w - b.w) <= 8 && Math.abs(a.h - b.h) <= 8;
