import { type Code, startsWith } from '../../core/browse/choice-codes';
import type { Rect } from '../../core/browse/rect';
import { placeClear, placeTag } from '../../core/browse/tag-placement';
import type { Overlay } from '../overlay';
import { visibleWindow } from './frames';
import { paintedText, paintNow } from '../ui/painted-text';

/**
 * Hint tags in the overlay's closed shadow root: each code drawn as the
 * targets' symbols in the targets' colours, on a white plate with a black
 * and a white ring (readable on light and dark pages), large enough to read
 * from a bed. As digits are selected, tags that no longer match fade and
 * the others show only the digits left.
 */
export const LAYER = 'hints';

const FONT_PX = 22;

const CSS = `
.tag { position: absolute; left: 0; top: 0; display: flex; align-items: center; gap: 3px; box-sizing: border-box;
  padding: 2px 6px; background: #fff; border-radius: 7px; white-space: nowrap; visibility: hidden;
  box-shadow: 0 0 0 2px #000, 0 0 0 4px #fff, 0 3px 8px 4px rgba(0,0,0,.35);
  font: 800 var(--size, ${FONT_PX}px)/1 system-ui, sans-serif; transition: opacity .25s; }
.tag.placed { visibility: visible; }
.tag b { color: var(--c); font-weight: 800; text-shadow: 0 0 1px var(--c); }
.tag.faded { opacity: .12; }
.tag.hidden, .part.hidden { display: none; }
.part { position: absolute; box-sizing: border-box; border: 4px solid var(--c); border-radius: 10px;
  box-shadow: 0 0 0 2px #fff, inset 0 0 0 2px #fff; background: color-mix(in srgb, var(--c) 6%, transparent); }
.part-label { position: absolute; left: 0; top: 0; display: flex; align-items: center; gap: 8px; padding: 4px 10px;
  background: #fff; color: #111; border-radius: 8px; white-space: nowrap; font: 800 24px/1 system-ui, sans-serif;
  box-shadow: 0 0 0 3px var(--c), 0 0 0 5px #fff, 0 3px 8px 4px rgba(0,0,0,.35); }
.part-label b { color: var(--c); }
.tag.gone { opacity: .35; background: #ddd; }
.tag.gone::after { content: ''; position: absolute; left: 4px; right: 4px; top: 50%; border-top: 3px solid #000; }
.mark { position: absolute; box-sizing: border-box; border: 3px solid #f59e0b; border-radius: 4px;
  box-shadow: 0 0 0 2px #000; }
`;

export interface TagSpec {
  code: Code;
  element: Rect;
  text: Rect[];
  /** Where the plan put it (hint-plan.ts): the place `sizeFor` asked for. */
  place: Rect;
  /** Digits selected before it is drawn. */
  shownAfter: number;
}

/** Room kept around a tag's plate for its rings (2 px black, 2 px white) and a pixel to spare. */
export const TAG_MARGIN = 5;

export interface DrawnTag {
  spec: TagSpec;
  el: HTMLElement;
  rect: Rect;
  coversText: boolean;
  matching: boolean;
  /** Drawn now (tags of the other parts of the screen are not). */
  drawn: boolean;
  gone: boolean;
}

/** A part of the screen, chosen by one digit when there are too many elements for three selections. */
export interface PartSpec {
  digit: number;
  name: string;
  rect: Rect;
}

export class TagLayer {
  private readonly layer: HTMLElement;
  private drawn: DrawnTag[] = [];
  private marks: HTMLElement[] = [];
  private parts: HTMLElement[] = [];
  private sizes?: { w: number; h: number }[];

  constructor(
    private readonly overlay: Overlay,
    private readonly symbols: readonly string[],
    private readonly colours: readonly string[],
    extraCss = '',
  ) {
    this.layer = overlay.layer(LAYER, CSS + extraCss);
  }

  get root(): HTMLElement {
    return this.layer;
  }

  get tags(): readonly DrawnTag[] {
    return this.drawn;
  }

  /** Symbols of a code in the targets' colours (also used by panels). */
  codeNodes(code: Code): HTMLElement[] {
    return code.map((d) => {
      const b = document.createElement('b');
      b.textContent = this.symbols[d] ?? String(d + 1);
      b.style.setProperty('--c', this.colours[d] ?? '#000');
      return b;
    });
  }

  /**
   * The place a tag of `digits` symbols takes, its rings and margin
   * included: the widest symbol's, measured once (one layout pass).
   */
  sizeFor(digits: number): { w: number; h: number } {
    if (!this.sizes) {
      const probes = [1, 2, 3, 4, 5].map((n) =>
        this.symbols.map((_, d) => this.tagElement(Array.from({ length: n }, () => d))),
      );
      paintNow();
      this.sizes = probes.map((row) => ({
        w: Math.max(...row.map((el) => el.offsetWidth)) + 2 * TAG_MARGIN,
        h: Math.max(...row.map((el) => el.offsetHeight)) + 2 * TAG_MARGIN,
      }));
      for (const el of probes.flat()) el.remove();
    }
    return this.sizes[Math.min(digits, this.sizes.length) - 1];
  }

  /** Draws one tag per spec where the plan placed it; those drawn later wait hidden. */
  draw(specs: readonly TagSpec[]): void {
    this.clear();
    this.drawn = specs.map((spec) => ({
      spec,
      el: this.tagElement(spec.code),
      rect: spec.place,
      coversText: false,
      matching: true,
      drawn: true,
      gone: false,
    }));
    this.narrow([], false);
  }

  /**
   * The first choice among parts of the screen: each part outlined in its
   * target's colour with its symbol and name; the tags wait until a part is chosen.
   */
  showParts(parts: readonly PartSpec[], words: readonly Rect[], keepOut: readonly Rect[]): void {
    this.hideParts();
    for (const t of this.drawn) this.show(t, false);
    this.markElements([]);
    const win = visibleWindow();
    const labels: { el: HTMLElement; band: Rect }[] = [];
    for (const p of parts) {
      const band = document.createElement('div');
      band.className = 'part';
      band.style.setProperty('--c', this.colours[p.digit] ?? '#000');
      const r = {
        x: Math.max(win.x, p.rect.x - 6),
        y: Math.max(win.y, p.rect.y - 6),
        w: Math.min(p.rect.w + 12, win.w),
        h: Math.min(p.rect.h + 12, win.h),
      };
      band.style.cssText += `left:${r.x}px;top:${r.y}px;width:${r.w}px;height:${r.h}px`;
      const label = document.createElement('div');
      label.className = 'part-label';
      label.style.setProperty('--c', this.colours[p.digit] ?? '#000');
      const name = document.createElement('span');
      name.append(paintedText(p.name));
      label.append(...this.codeNodes([p.digit]), name);
      this.layer.prepend(band);
      this.layer.append(label);
      this.parts.push(band, label);
      labels.push({ el: label, band: r });
    }
    // A part's name goes beside the part, clear of the words in it where there is room.
    paintNow();
    const taken: Rect[] = [];
    // Best outside the other parts (a label inside the next band reads as that band's), clear of every word.
    for (const { el, band } of labels) {
      const req = { w: el.offsetWidth + 2 * TAG_MARGIN, h: el.offsetHeight + 2 * TAG_MARGIN, element: band, text: [] };
      const others = labels.filter((l) => l.band !== band).map((l) => l.band);
      const spot =
        placeClear(req, { window: win, keepOut: [...keepOut, ...others] }, taken, words) ??
        placeClear(req, { window: win, keepOut }, taken, words) ??
        placeTag(req, { window: win, keepOut }, taken, words).rect;
      taken.push(spot);
      el.style.transform = `translate(${spot.x + TAG_MARGIN}px, ${spot.y + TAG_MARGIN}px)`;
    }
  }

  hideParts(): void {
    for (const p of this.parts) p.remove();
    this.parts = [];
  }

  /**
   * After `prefix` was selected: matching tags drawn by now show the digits
   * left, inside the place they were given, at its side towards their
   * element; the others are hidden (a tag never lies over another, shown or not).
   */
  narrow(prefix: readonly number[], hideParts = true): void {
    if (hideParts) this.hideParts();
    const live: DrawnTag[] = [];
    for (const t of this.drawn) {
      t.matching = startsWith(t.spec.code, prefix);
      const shown = t.matching && t.spec.shownAfter <= prefix.length;
      this.show(t, shown);
      if (!shown) continue;
      t.el.replaceChildren(...this.codeNodes(t.spec.code.slice(prefix.length)));
      live.push(t);
    }
    paintNow();
    const sizes = live.map((t) => ({ w: t.el.offsetWidth, h: t.el.offsetHeight }));
    live.forEach((t, i) => {
      const p = t.spec.place;
      const anchorLeft = p.x + p.w / 2 > t.spec.element.x;
      const x = anchorLeft ? p.x + TAG_MARGIN : p.x + p.w - TAG_MARGIN - sizes[i].w;
      t.rect = { x, y: p.y + TAG_MARGIN, w: sizes[i].w, h: sizes[i].h };
      t.el.style.transform = `translate(${x}px, ${t.rect.y}px)`;
      t.el.classList.add('placed');
    });
    this.markElements(live.length <= this.symbols.length ? live : []);
  }

  /** Whether the tag is shown and its code still matches what was selected. */
  live(index: number): boolean {
    const t = this.drawn[index];
    return t !== undefined && t.drawn && t.matching;
  }

  /** An element that moved or vanished: its tag stays (its code still leads to it) but shows it is gone. */
  setGone(index: number, gone: boolean): void {
    const t = this.drawn[index];
    if (!t || t.gone === gone) return;
    t.gone = gone;
    t.el.classList.toggle('gone', gone);
  }

  private show(t: DrawnTag, shown: boolean): void {
    t.drawn = shown;
    t.el.classList.toggle('hidden', !shown);
  }

  remove(): void {
    this.clear();
    this.overlay.removeLayer(LAYER);
  }

  private clear(): void {
    for (const t of this.drawn) t.el.remove();
    this.drawn = [];
    this.markElements([]);
    this.hideParts();
  }

  private tagElement(code: Code): HTMLElement {
    const el = document.createElement('div');
    el.className = 'tag';
    el.setAttribute('aria-hidden', 'true');
    // Pinch zoom magnifies the overlay with the page: the tags keep their size on the glass.
    const scale = window.visualViewport?.scale ?? 1;
    if (scale !== 1) el.style.setProperty('--size', `${FONT_PX / scale}px`);
    el.append(...this.codeNodes(code));
    this.layer.append(el);
    return el;
  }

  /** Outlines the elements still in play once only a few are left, so the user sees exactly what each one is. */
  private markElements(tags: DrawnTag[]): void {
    for (const m of this.marks) m.remove();
    this.marks = tags.map((t) => {
      const m = document.createElement('div');
      m.className = 'mark';
      const r = t.spec.element;
      m.style.cssText = `left:${r.x - 4}px;top:${r.y - 4}px;width:${r.w + 8}px;height:${r.h + 8}px`;
      this.layer.prepend(m);
      return m;
    });
  }
}
