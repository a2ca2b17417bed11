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

/** Whether the topmost element at (x, y) is `el` itself (hit-tested with pointer events on for the moment). */
function onTop(el: HTMLElement, host: Element, x: number, y: number): boolean {
  const before = el.style.pointerEvents;
  el.style.pointerEvents = 'auto';
  try {
    // The page sees its own elements and our host; anything of the page above ours is a cover.
    return document.elementFromPoint(x, y) === host;
  } finally {
    el.style.pointerEvents = before;
  }
}

/**
 * Why `el` (in a shadow root of `host`) is not seen as drawn, or undefined
 * when it is: hidden or transparent, styled away, smaller than `size` or
 * out of the window, or covered at its centre or near its corners.
 */
export function unseenReason(
  el: HTMLElement,
  host: Element,
  size?: { width: number; height: number },
): string | undefined {
  if (!host.isConnected) return 'removed';
  if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) {
    return 'hidden';
  }
  const styled = styledAway(host);
  if (styled) return styled;
  const r = el.getBoundingClientRect();
  if (size && (r.width < size.width - 1 || r.height < size.height - 1)) return 'shrunk';
  if (r.left < 0 || r.top < 0 || r.right > window.innerWidth || r.bottom > window.innerHeight) return 'moved away';
  const points: [number, number][] = [
    [0.5, 0.5],
    [0.2, 0.2],
    [0.8, 0.2],
    [0.2, 0.8],
    [0.8, 0.8],
  ];
  for (const [fx, fy] of points) {
    if (!onTop(el, host, r.left + fx * r.width, r.top + fy * r.height)) return 'covered';
  }
  return undefined;
}
