import { intersection, type Rect } from '../../core/browse/rect';

/**
 * Coordinates across same-origin frames: an element's rectangle in its own
 * frame, moved into the top window by each frame's content box, and cut to
 * what each frame shows.
 */
export interface FrameView {
  /** Frames from the top window down to the element's document (empty: the top document). */
  chain: HTMLIFrameElement[];
  /** Where the frame's (0, 0) lies in the top window. */
  offset: { x: number; y: number };
  /** The part of the top window this frame shows, in top-window coordinates. */
  clip: Rect;
  /** The view of the frame holding this one (undefined for the top document). */
  parent?: FrameView;
}

export const toRect = (r: DOMRectReadOnly): Rect => ({ x: r.left, y: r.top, w: r.width, h: r.height });

export const shift = (r: Rect, by: { x: number; y: number }): Rect => ({
  x: r.x + by.x,
  y: r.y + by.y,
  w: r.w,
  h: r.h,
});

/** The visible window: the visual viewport (pinch zoom) inside the layout viewport. */
export function visibleWindow(win: Window = window): Rect {
  const vv = win.visualViewport;
  if (!vv) return { x: 0, y: 0, w: win.innerWidth, h: win.innerHeight };
  return { x: vv.offsetLeft, y: vv.offsetTop, w: vv.width, h: vv.height };
}

/** The frame's content box (inside border and padding) in its parent's coordinates. */
function contentBox(frame: HTMLIFrameElement): Rect {
  const r = frame.getBoundingClientRect();
  const s = frame.ownerDocument.defaultView?.getComputedStyle(frame);
  const left = frame.clientLeft + parseFloat(s?.paddingLeft ?? '0');
  const top = frame.clientTop + parseFloat(s?.paddingTop ?? '0');
  return {
    x: r.left + left,
    y: r.top + top,
    w: frame.clientWidth - 2 * (left - frame.clientLeft),
    h: frame.clientHeight - 2 * (top - frame.clientTop),
  };
}

/** The view into a child frame from its parent's view; undefined when nothing of it shows. */
export function childView(parent: FrameView, frame: HTMLIFrameElement): FrameView | undefined {
  const box = shift(contentBox(frame), parent.offset);
  const clip = intersection(box, parent.clip);
  if (!clip) return undefined;
  return { chain: [...parent.chain, frame], offset: { x: box.x, y: box.y }, clip, parent };
}

export function topView(): FrameView {
  return { chain: [], offset: { x: 0, y: 0 }, clip: visibleWindow() };
}

/** The view of a frame chain as it is now (frames move and scroll too); undefined when a frame is gone or hidden. */
export function viewOf(chain: readonly HTMLIFrameElement[]): FrameView | undefined {
  let view: FrameView | undefined = topView();
  for (const frame of chain) {
    if (!frame.isConnected || !view) return undefined;
    view = childView(view, frame);
  }
  return view;
}

/** A same-origin frame's document (undefined for other origins, sandboxed or not yet loaded frames). */
export function frameDocument(frame: HTMLIFrameElement): Document | undefined {
  try {
    const doc = frame.contentDocument;
    return doc?.documentElement ? doc : undefined;
  } catch {
    return undefined;
  }
}
