/**
 * Whether something the extension draws in a page is really on screen for
 * the person: a page may hide it with its own styles (display, opacity,
 * visibility, filters, transforms, clipping on the host or the root), move
 * it away, or cover it with an element of its own. Judged from what is
 * rendered, not from what the extension asked for.
 */

/** The elements above `el`, across shadow roots, up to the document's root. */
function* composedAncestors(el: Element): Generator<Element> {
  let node: Element | null = el;
  while (node) {
    yield node;
    if (node.parentElement) node = node.parentElement;
    else {
      const root = node.getRootNode();
      node = root instanceof ShadowRoot ? root.host : null;
    }
  }
}

/** What the page's styles do to the elements it controls (the host and everything above it). */
function styledAway(host: Element): string | undefined {
  let opacity = 1;
  for (const a of composedAncestors(host)) {
    const s = getComputedStyle(a);
    opacity *= Number(s.opacity);
    if (s.filter !== 'none') return 'a filter';
    if (s.transform !== 'none') return 'a transform';
    if (s.clipPath !== 'none') return 'clipping';
    if (s.maskImage !== 'none') return 'a mask';
  }
  return opacity < 1 ? 'transparency' : undefined;
}

/** Where a square is hit-tested for covers: its centre and near its corners (fractions of its box). */
const PROBES: readonly [number, number][] = [
  [0.5, 0.5],
  [0.2, 0.2],
  [0.8, 0.2],
  [0.2, 0.8],
  [0.8, 0.8],
];

/**
 * Whether the topmost element at each point is `host` (the page sees its own
 * elements and our host; anything of the page above ours is a cover). The
 * drawn elements pass pointer events through to the page, so for the moment
 * of the test they take them: all at once, so the browser recomputes styles
 * once for all the points, not once per point.
 */
function allOnTop(els: readonly HTMLElement[], host: Element, points: readonly [number, number][]): boolean {
  const before = els.map((el) => el.style.pointerEvents);
  for (const el of els) el.style.pointerEvents = 'auto';
  try {
    return points.every(([x, y]) => document.elementFromPoint(x, y) === host);
  } finally {
    els.forEach((el, i) => (el.style.pointerEvents = before[i]));
  }
}

/** Something the extension draws in a shadow root of the host, and the size it is drawn at (if it has one). */
export interface Drawn {
  el: HTMLElement;
  size?: { width: number; height: number };
}

/**
 * Why what is `drawn` (in a shadow root of `host`) is not all seen, or
 * undefined when it is: hidden or transparent, styled away, smaller than
 * its size or out of the window, or covered at its centre or near its
 * corners. The cheap checks come first; the hit tests, which make the
 * browser bring styles and layout up to date, run once for all of it.
 */
export function unseenReason(host: Element, drawn: readonly Drawn[]): string | undefined {
  if (!host.isConnected) return 'removed';
  const styled = styledAway(host);
  if (styled) return styled;
  const points: [number, number][] = [];
  for (const { el, size } of drawn) {
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) {
      return 'hidden';
    }
    const r = el.getBoundingClientRect();
    if (size && (r.width < size.width - 1 || r.height < size.height - 1)) return 'shrunk';
    if (r.left < 0 || r.top < 0 || r.right > window.innerWidth || r.bottom > window.innerHeight) return 'moved away';
    for (const [fx, fy] of PROBES) points.push([r.left + fx * r.width, r.top + fy * r.height]);
  }
  const els = drawn.map((d) => d.el);
  if (points.length > 0 && !allOnTop(els, host, points)) return 'covered';
  return undefined;
}
