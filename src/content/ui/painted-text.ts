/**
 * Text drawn on a canvas instead of written into the page's document: a
 * page searches, selects and copies the text of every node of its document,
 * closed shadow roots included (`window.find`, `getSelection`), but not the
 * pixels of a canvas. Everything the overlay writes for the person to read
 * (what the squares do, the status line, the menu, the speller's text and
 * suggestions, the help banner) goes through here.
 *
 * The canvas takes the font, colour and underline its CSS gives it, so the
 * panels keep styling text with CSS. It is an image to assistive technology
 * (role="img") named by its text, so a screen reader still reads it.
 */
export interface PaintOptions {
  /** Wraps to the width the layout gives the canvas (display: block), at spaces, else anywhere. */
  wrap?: boolean;
  /** Draws a caret before the character at this index. */
  caret?: number;
  /** Colour of the caret. */
  caretColor?: string;
}

interface Painted {
  text: string;
  options: PaintOptions;
  /** Layout width (CSS px) a wrapped text was last drawn for: a resize to the same width redraws nothing. */
  drawnWidth?: number;
}

const painted = new WeakMap<HTMLCanvasElement, Painted>();
/** Built before being added to the page: drawn once added (at the latest in a microtask). */
const pending = new Set<HTMLCanvasElement>();

/** Wrapped canvases are redrawn when the layout changes their width (all in one pass: see drawAll). */
const resized = new ResizeObserver((entries) => {
  const changed: HTMLCanvasElement[] = [];
  for (const e of entries) {
    if (!(e.target instanceof HTMLCanvasElement)) continue;
    const width = Math.round(e.contentRect.width);
    if (painted.get(e.target)?.drawnWidth !== width) changed.push(e.target);
  }
  drawAll(changed);
});

/** A canvas showing `text`; add it where the text would go. */
export function paintedText(text: string, options: PaintOptions = {}): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.style.verticalAlign = 'middle';
  if (options.wrap) {
    canvas.style.display = 'block';
    canvas.style.width = '100%';
    resized.observe(canvas);
  }
  setPaintedText(canvas, text, options);
  return canvas;
}

/** Changes what a painted text shows; the same text again costs nothing. */
export function setPaintedText(canvas: HTMLCanvasElement, text: string, options: PaintOptions = {}): void {
  const old = painted.get(canvas);
  if (old && old.text === text && old.options.caret === options.caret) return;
  painted.set(canvas, { text, options });
  canvas.setAttribute('aria-label', text);
  if (canvas.isConnected) drawAll([canvas]);
  else {
    if (pending.size === 0) queueMicrotask(paintNow);
    pending.add(canvas);
  }
}

/** Draws the painted texts added to the page since they were made (for a caller measuring them at once). */
export function paintNow(): void {
  const batch = [...pending];
  pending.clear();
  drawAll(batch);
}

/** What a painted text shows (for test builds and for callers comparing). */
export function paintedTextOf(canvas: Element): string | undefined {
  return canvas instanceof HTMLCanvasElement ? painted.get(canvas)?.text : undefined;
}

interface Line {
  start: number;
  end: number;
}

/**
 * Line breaks for `width`: at spaces where a line would be too long, inside
 * a word only when the word is. Measures whole words, and characters only
 * inside a word wider than the line: the speller's text is redrawn at each
 * letter, and measuring every prefix of it would cost the square of its length.
 */
function wrapLines(text: string, width: number, measure: (s: string) => number): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const paragraph of text.split('\n')) {
    const end = start + paragraph.length;
    let lineStart = start;
    let i = start;
    while (i < end) {
      // The next word [i, wordEnd) and the spaces after it, up to `next`; spaces at a line's end take no room.
      let wordEnd = i;
      while (wordEnd < end && text[wordEnd] !== ' ') wordEnd++;
      let next = wordEnd;
      while (next < end && text[next] === ' ') next++;
      if (measure(text.slice(lineStart, wordEnd)) <= width) {
        i = next;
        continue;
      }
      if (i > lineStart) {
        // The word starts a new line.
        lines.push({ start: lineStart, end: i });
        lineStart = i;
        continue;
      }
      // One word wider than the line: as many of its characters as fit (at least one).
      let fit = lineStart + 1;
      while (fit < wordEnd && measure(text.slice(lineStart, fit + 1)) <= width) fit++;
      lines.push({ start: lineStart, end: fit });
      lineStart = fit;
      i = fit;
    }
    lines.push({ start: lineStart, end });
    start = end + 1;
  }
  return lines;
}

/** What a canvas's CSS gives its text, and the width the layout gives a wrapped one. */
interface Look {
  font: string;
  size: number;
  lineHeight: number;
  color: string;
  underline: boolean;
  width: number;
}

function lookOf(canvas: HTMLCanvasElement, p: Painted): Look {
  const style = getComputedStyle(canvas);
  const size = parseFloat(style.fontSize) || 16;
  return {
    font: `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`,
    size,
    lineHeight: parseFloat(style.lineHeight) || size * 1.2,
    color: style.color,
    underline: style.textDecorationLine.includes('underline'),
    width: p.options.wrap ? canvas.clientWidth : 0,
  };
}

/**
 * Draws `canvases`: first every style and width is read, then every canvas
 * drawn and sized. Reading one canvas's style after sizing another would
 * make the browser lay the page out again for each (a menu or the speller
 * adds dozens at once, and a page of thousands of links is slow to lay out).
 */
function drawAll(canvases: readonly HTMLCanvasElement[]): void {
  const jobs: { canvas: HTMLCanvasElement; p: Painted; look: Look }[] = [];
  for (const canvas of canvases) {
    const p = painted.get(canvas);
    if (p && canvas.isConnected) jobs.push({ canvas, p, look: lookOf(canvas, p) });
  }
  for (const { canvas, p, look } of jobs) draw(canvas, p, look);
}

/**
 * Where the text is drawn before it is handed to the canvas in the page: a
 * canvas in the document resolves every font set on it against the
 * document's styles, so setting one right after sizing another canvas makes
 * the browser restyle the page, once per painted text. An offscreen canvas
 * resolves nothing (the font is already in absolute units).
 */
let scratch: OffscreenCanvasRenderingContext2D | null | undefined;

function draw(canvas: HTMLCanvasElement, p: Painted, look: Look): void {
  scratch ??= new OffscreenCanvas(1, 1).getContext('2d');
  const g = scratch;
  const shown = canvas.getContext('bitmaprenderer');
  if (!g || !shown) return;
  const { font, size, lineHeight, color, underline } = look;
  g.font = font;
  const measure = (s: string) => g.measureText(s).width;
  const caretWidth = p.options.caret === undefined ? 0 : Math.max(2, Math.round(size / 10));
  const lines = p.options.wrap
    ? wrapLines(p.text, Math.max(1, look.width - caretWidth), measure)
    : [{ start: 0, end: p.text.length }];
  const width = p.options.wrap ? look.width : Math.ceil(measure(p.text)) + caretWidth;
  if (p.options.wrap) p.drawnWidth = look.width;
  const height = Math.ceil(lines.length * lineHeight);
  const ratio = window.devicePixelRatio || 1;
  // Setting the size clears the canvas and its context state: the font is set again below.
  g.canvas.width = Math.max(1, Math.ceil(width * ratio));
  g.canvas.height = Math.max(1, Math.ceil(height * ratio));
  g.scale(ratio, ratio);
  g.font = font;
  g.fillStyle = color;
  g.textBaseline = 'middle';
  lines.forEach((line, row) => {
    const y = row * lineHeight + lineHeight / 2;
    const text = p.text.slice(line.start, line.end);
    const caret = p.options.caret;
    const caretHere = caret !== undefined && caret >= line.start && (caret < line.end || row === lines.length - 1);
    const split = caretHere ? caret - line.start : text.length;
    g.fillText(text.slice(0, split), 0, y);
    const before = measure(text.slice(0, split));
    if (caretHere) {
      g.fillStyle = p.options.caretColor ?? color;
      g.fillRect(before, y - size * 0.55, caretWidth, size * 1.1);
      g.fillStyle = color;
    }
    g.fillText(text.slice(split), before + caretWidth, y);
    if (underline) g.fillRect(0, y + size * 0.55, measure(text) + caretWidth, Math.max(1, size / 14));
  });
  canvas.width = g.canvas.width;
  canvas.height = g.canvas.height;
  shown.transferFromImageBitmap(g.canvas.transferToImageBitmap());
  if (!p.options.wrap) canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
}
