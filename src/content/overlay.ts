import type { Layout, StimulusTarget } from '../core/protocol/layout';
import type { FlickerGate } from '../extension/flicker-gate';
import { FrameClock, measureRefreshRate, renderable } from '../extension/stimulus-clock';
import { hostElement } from './ui/host-element';
import { paintedText, paintedTextOf, setPaintedText } from './ui/painted-text';
import { unseenReason } from './ui/seen';

/**
 * The targets, a status line and action messages, in a closed shadow root
 * over the page: page styles cannot reach in, and the overlay never takes
 * part in the page's layout. Clicks pass through the targets to the page.
 * Every word is painted (ui/painted-text.ts): the page cannot search it.
 *
 * Each target is an opaque square whose own grey level is modulated (not its
 * opacity over the page), so its luminance swing is the same on a black and
 * on a white page. Its label sits on a still black plate (white text, 21:1),
 * its identity colour is a still border, and a ring around it fills as the
 * evidence for it grows.
 */
const MARGIN = 12;
const STATUS_BAND = 30;
const RING = 6;
/**
 * How long a judgement of whether the squares are seen holds (ms): it
 * hit-tests, which makes the browser bring styles and layout up to date
 * outside a frame. A page hiding the squares is noticed within this (or
 * at once when the browser's own view of a square changes), well before a
 * look of 2-3 s could choose anything.
 */
const SEEN_EVERY = 500;

/** IntersectionObserver v2 (Chrome): whether the browser itself found the element unobscured and unaltered. */
type VisibilityOptions = IntersectionObserverInit & { trackVisibility: boolean; delay: number };
type VisibilityEntry = IntersectionObserverEntry & { isVisible?: boolean };

/** Side of the wake target while asleep (CSS px). */
export const WAKE_SIZE = 72;

const CSS = `
:host { all: initial; }
.slot { position: fixed; box-sizing: border-box; padding: ${RING}px; border-radius: 10px; pointer-events: none; }
.slot.hidden { display: none; }
.target { width: 100%; height: 100%; box-sizing: border-box; border-radius: 6px; position: relative; overflow: hidden;
  border: 4px solid var(--identity); box-shadow: 0 0 0 2px #fff, 0 0 0 4px #000; background: #808080; }
.label { position: absolute; left: 0; right: 0; bottom: 0; background: #000; color: #fff; text-align: center;
  font: 600 14px/1.25 system-ui, sans-serif; padding: 3px 2px; user-select: none; }
.slot.small .label { font-size: 11px; padding: 2px 0; }
.slot.disabled .target { border-style: dashed;
  background: repeating-linear-gradient(135deg, #4b4b4b 0 10px, #6b6b6b 10px 20px) !important; }
.slot.disabled .label { color: #e5e5e5; }
.slot.still .target { background: #5a5a5a !important; }
.slot.lit { box-shadow: 0 0 0 6px #facc15, 0 0 0 9px #000; }
.slot.lit .target { border-color: #facc15; }
.slot.still.lit .target { background: #fde68a !important; }
.status { position: fixed; left: 50%; bottom: 8px; transform: translateX(-50%); pointer-events: none;
  font: 14px system-ui, sans-serif; color: #fff; background: #141414; padding: 4px 10px;
  border-radius: 12px; display: flex; gap: 8px; align-items: center; white-space: nowrap; box-shadow: 0 0 0 1px #fff; }
.bar { display: inline-block; width: 6px; height: 14px; background: #444; position: relative; vertical-align: middle; }
.bar > i { position: absolute; left: 0; right: 0; bottom: 0; background: #4ade80; }
.toast { position: fixed; left: 50%; top: 18px; transform: translateX(-50%); pointer-events: none;
  font: 600 18px system-ui, sans-serif; color: #fff; background: #14532d; padding: 10px 18px;
  border-radius: 10px; box-shadow: 0 0 0 2px #fff; transition: opacity .4s; }
`;

/** sRGB grey for a relative luminance in [0, 1] (display gamma 2.2), precomputed per 1/255 step. */
const GREYS = Array.from({ length: 256 }, (_, i) => {
  const v = Math.round(255 * Math.pow(i / 255, 1 / 2.2));
  return `rgb(${v},${v},${v})`;
});

export interface StimulusLogEntry {
  /** rAF time stamp (ms). */
  ts: number;
  frame: number;
  /** Luminance per target index at this frame (null when not flickering). */
  values: (number | null)[];
}

export interface TargetView {
  label: string;
  enabled: boolean;
}

/** One-switch scanning (core/browse/scan.ts): only the switch flickers; the others are drawn still, one lit. */
export interface ScanView {
  switchIndex: number;
  lit: number | undefined;
}

interface Parts {
  slot: HTMLElement;
  square: HTMLElement;
  label: HTMLElement;
}

export class Overlay {
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly parts = new Map<number, Parts>();
  private readonly statusEl: HTMLElement;
  private readonly toastEl: HTMLElement;
  private layout: Layout;
  private clock?: FrameClock;
  private refreshRate = 60;
  private running = false;
  private raf = 0;
  private toastTimer = 0;
  private views = new Map<number, TargetView>();
  private readonly layers = new Map<string, HTMLElement>();
  private targetsShown = false;
  /** Squares moved out of the way for a choice on the page: the square's top-left corner, by target index. */
  private moved = new Map<number, { x: number; y: number }>();
  private asleep = false;
  private wakeIndex: number | undefined;
  private scan: ScanView | undefined;
  readonly log: StimulusLogEntry[] = [];
  /** Milliseconds of script time spent drawing each frame (recent frames). */
  readonly frameCost: number[] = [];
  private readonly logLimit = 60 * 30;
  /** Targets the display cannot render at its refresh rate. */
  refused: number[] = [];
  /** The browser's own view of each square (IntersectionObserver v2): false when covered, faded, filtered or moved. */
  private readonly browserSees = new WeakMap<Element, boolean>();
  private readonly visibility = new IntersectionObserver(
    (entries: VisibilityEntry[]) => {
      for (const e of entries) this.browserSees.set(e.target, e.isVisible ?? true);
      // The browser saw a square change: judged again at the next ask, not after the rest of SEEN_EVERY.
      this.unseen.at = -Infinity;
    },
    { trackVisibility: true, delay: 100 } as VisibilityOptions,
  );
  private unseen: { at: number; reason: string | undefined } = { at: -Infinity, reason: undefined };

  constructor(
    layout: Layout,
    private readonly gate: FlickerGate,
  ) {
    this.layout = layout;
    this.host = hostElement();
    this.root = this.host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = CSS;
    this.statusEl = document.createElement('div');
    this.statusEl.className = 'status';
    this.statusEl.setAttribute('role', 'status');
    this.statusEl.setAttribute('aria-live', 'polite');
    this.toastEl = document.createElement('div');
    this.toastEl.className = 'toast';
    this.toastEl.setAttribute('role', 'status');
    this.toastEl.setAttribute('aria-live', 'assertive');
    this.toastEl.style.opacity = '0';
    this.root.append(style, this.statusEl, this.toastEl);
    this.build();
    document.documentElement.appendChild(this.host);
  }

  get rate(): number {
    return this.refreshRate;
  }

  setLayout(layout: Layout): void {
    this.layout = layout;
    this.build();
    if (this.clock) this.markRefused();
  }

  /** Targets at or above half the refresh rate cannot be drawn as a flicker: shown still, never selectable. */
  private markRefused(): void {
    this.refused = this.layout.targets.filter((t) => !renderable(t.frequency, this.refreshRate)).map((t) => t.index);
  }

  private build(): void {
    for (const p of this.parts.values()) p.slot.remove();
    this.parts.clear();
    this.visibility.disconnect();
    for (const t of this.layout.targets) {
      const slot = document.createElement('div');
      slot.className = 'slot hidden';
      // The squares mean nothing to a screen reader; the status line says what happens.
      slot.setAttribute('aria-hidden', 'true');
      const square = document.createElement('div');
      square.className = 'target';
      square.style.setProperty('--identity', t.color);
      const label = document.createElement('div');
      label.className = 'label';
      label.append(paintedText(t.label));
      square.append(label);
      slot.append(square);
      this.root.append(slot);
      this.parts.set(t.index, { slot, square, label });
      this.visibility.observe(square);
    }
    this.place();
  }

  private sizeOf(t: StimulusTarget): number {
    return this.asleep && t.index === this.wakeIndex ? WAKE_SIZE : this.layout.size;
  }

  private place(): void {
    for (const t of this.layout.targets) {
      const { slot } = this.parts.get(t.index)!;
      const s = this.sizeOf(t) + 2 * RING;
      slot.style.width = slot.style.height = `${s}px`;
      slot.classList.toggle('small', s < 100);
      const m = MARGIN - RING;
      const [v, h] = t.position.includes('-') ? t.position.split('-') : [t.position, 'center'];
      slot.style.top = slot.style.bottom = slot.style.left = slot.style.right = '';
      if (v === 'top') slot.style.top = `${m}px`;
      else if (v === 'bottom') slot.style.bottom = `${m + STATUS_BAND}px`;
      else slot.style.top = `calc(50% - ${s / 2}px)`;
      if (h === 'left' || v === 'left') slot.style.left = `${m}px`;
      else if (h === 'right' || v === 'right') slot.style.right = `${m}px`;
      else slot.style.left = `calc(50% - ${s / 2}px)`;
      const at = this.asleep ? undefined : this.moved.get(t.index);
      if (at) {
        slot.style.top = `${at.y - RING}px`;
        slot.style.left = `${at.x - RING}px`;
        slot.style.bottom = slot.style.right = '';
      }
    }
  }

  /**
   * Moves squares out of the way while the person chooses on the page (the
   * new top-left corner of each moved square, by target index); undefined
   * puts every square back in its corner.
   */
  moveSquares(to: Map<number, { x: number; y: number }> | undefined): void {
    const next = to ?? new Map<number, { x: number; y: number }>();
    if (next.size === 0 && this.moved.size === 0) return;
    this.moved = next;
    this.place();
    this.unseen.at = -Infinity;
  }

  /** Whether targets are drawn at all (false: only the status line). */
  showTargets(shown: boolean): void {
    this.targetsShown = shown;
    if (!shown) this.setProgress(undefined, undefined);
    this.applyVisibility();
  }

  /** Asleep: only the wake target, small. */
  setSleep(asleep: boolean, wakeIndex: number | undefined): void {
    if (asleep === this.asleep && wakeIndex === this.wakeIndex) return;
    this.asleep = asleep;
    this.wakeIndex = wakeIndex;
    this.place();
    this.applyVisibility();
  }

  /** Labels and enabled states: what each target does here now. */
  setViews(views: Map<number, TargetView>): void {
    this.views = views;
    for (const [i, v] of views) {
      const p = this.parts.get(i);
      if (!p) continue;
      setPaintedText(p.label.firstElementChild as HTMLCanvasElement, v.label);
      this.styleSlot(i, p, v);
    }
  }

  /**
   * One-switch scanning on (or off: undefined): only the switch flickers;
   * every other square is still, and the lit one is framed in yellow.
   */
  setScan(scan: ScanView | undefined): void {
    if (scan?.switchIndex === this.scan?.switchIndex && scan?.lit === this.scan?.lit) return;
    this.scan = scan;
    for (const [i, p] of this.parts) this.styleSlot(i, p, this.views.get(i));
  }

  private styleSlot(i: number, p: Parts, v: TargetView | undefined): void {
    const scanning = this.scan !== undefined;
    const isSwitch = this.scan?.switchIndex === i;
    // A square that cannot act is drawn dashed; in a scan, the ones that can are still, not dashed.
    p.slot.classList.toggle('disabled', scanning ? !isSwitch && !(v?.enabled ?? false) : !this.flickers(i));
    p.slot.classList.toggle('still', scanning && !isSwitch && (v?.enabled ?? false));
    p.slot.classList.toggle('lit', this.scan?.lit === i);
  }

  private isShown(t: StimulusTarget): boolean {
    return this.targetsShown && (!this.asleep || t.index === this.wakeIndex);
  }

  /** Drawn, enabled, renderable and let through the flicker gate: flickering. */
  private flickers(index: number): boolean {
    if (!this.gate.open || this.refused.includes(index)) return false;
    // Scanning: the switch flickers whatever its own square means now (it is how every square is chosen).
    if (this.scan) return index === this.scan.switchIndex;
    return this.views.get(index)?.enabled ?? false;
  }

  private applyVisibility(): void {
    let changed = false;
    for (const t of this.layout.targets) {
      const p = this.parts.get(t.index);
      if (!p) continue;
      const shown = this.isShown(t);
      if (shown === !p.slot.classList.contains('hidden')) continue;
      changed = true;
      // The browser's last view of a square just drawn is from when it was not: unknown until it looks again.
      if (shown) this.browserSees.delete(p.square);
      p.slot.classList.toggle('hidden', !shown);
    }
    // Squares drawn or taken away are judged afresh; the same ones again (refreshed 4 times a second) are not.
    if (changed) this.unseen.at = -Infinity;
  }

  /**
   * Indices of the targets flickering now: none while the tab is hidden or
   * stopped, and none while the page hides any of the squares drawn.
   */
  visibleTargets(): number[] {
    if (!this.running || document.hidden || this.hiddenByPage()) return [];
    return this.layout.targets.filter((t) => this.isShown(t) && this.flickers(t.index)).map((t) => t.index);
  }

  /**
   * How the page keeps a drawn square from being seen (its styles, a cover,
   * removing the overlay), or undefined when every square drawn is on screen.
   */
  hiddenByPage(): string | undefined {
    const now = performance.now();
    if (now - this.unseen.at < SEEN_EVERY) return this.unseen.reason;
    const shown = this.layout.targets.filter((t) => this.isShown(t));
    const drawn = shown.map((t) => {
      const size = this.sizeOf(t);
      return { el: this.parts.get(t.index)!.square, size: { width: size, height: size } };
    });
    let reason = drawn.length > 0 ? unseenReason(this.host, drawn) : undefined;
    if (!reason && drawn.some((d) => this.browserSees.get(d.el) === false)) reason = 'covered';
    this.unseen = { at: now, reason };
    return reason;
  }

  /** The target under a point of the window, if one is drawn there. */
  targetAt(x: number, y: number): StimulusTarget | undefined {
    return this.layout.targets.find((t) => {
      if (!this.isShown(t)) return false;
      const r = this.parts.get(t.index)!.square.getBoundingClientRect();
      return x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
    });
  }

  /** Squares drawn now, in window coordinates (for the coverage figure and scroll steps). */
  rects(): { index: number; rect: DOMRect }[] {
    return this.layout.targets
      .filter((t) => this.isShown(t))
      .map((t) => ({ index: t.index, rect: this.parts.get(t.index)!.square.getBoundingClientRect() }));
  }

  /** Heights of the window's top and bottom bands where squares are drawn. */
  coveredBands(): { top: number; bottom: number } {
    let top = 0;
    let bottom = 0;
    const h = window.innerHeight;
    for (const { rect } of this.rects()) {
      if (rect.top < h / 2) top = Math.max(top, rect.bottom);
      else bottom = Math.max(bottom, h - rect.top);
    }
    // The status line sits in the bottom band too.
    return { top, bottom: Math.max(bottom, STATUS_BAND + 8) };
  }

  /** The evidence ring: `progress` (0..1) of what a selection of `candidate` needs; undefined empties every ring. */
  setProgress(candidate: number | undefined, progress: number | undefined): void {
    for (const [i, p] of this.parts) {
      const f = i === candidate && progress !== undefined ? Math.max(0, Math.min(1, progress)) : 0;
      p.slot.style.background =
        f > 0 ? `conic-gradient(#facc15 0 ${(f * 100).toFixed(1)}%, rgba(0,0,0,.35) 0 100%)` : '';
      p.slot.dataset.progress = f.toFixed(2);
    }
  }

  progressOf(index: number): number {
    return Number(this.parts.get(index)?.slot.dataset.progress ?? 0);
  }

  async start(): Promise<void> {
    this.refreshRate = await measureRefreshRate();
    this.clock = new FrameClock(this.refreshRate);
    this.markRefused();
    this.setViews(this.views);
    this.running = true;
    this.raf = requestAnimationFrame((ts) => this.frame(ts));
  }

  stop(): void {
    this.running = false;
    cancelAnimationFrame(this.raf);
  }

  /** After the tab was hidden: rAF stopped, so the time line restarts. */
  resume(): void {
    if (!this.clock) return;
    this.clock.reset();
    cancelAnimationFrame(this.raf);
    this.running = true;
    this.raf = requestAnimationFrame((ts) => this.frame(ts));
  }

  destroy(): void {
    this.stop();
    this.visibility.disconnect();
    clearTimeout(this.toastTimer);
    this.host.remove();
  }

  get droppedFrames(): number {
    return this.clock?.dropped ?? 0;
  }

  private frame(ts: number): void {
    if (!this.running || !this.clock) return;
    const began = performance.now();
    const { frame } = this.clock.next(ts);
    const values: (number | null)[] = [];
    for (const t of this.layout.targets) {
      const p = this.parts.get(t.index)!;
      const l =
        this.isShown(t) && this.flickers(t.index) ? this.gate.level(t.frequency, frame, this.refreshRate) : null;
      if (l === null) {
        values[t.index] = null;
        continue;
      }
      p.square.style.backgroundColor = GREYS[Math.round(l * 255)];
      values[t.index] = l;
    }
    this.log.push({ ts, frame, values });
    // Trimmed in batches: shifting the whole log on every frame would cost the frame loop.
    if (this.log.length > 2 * this.logLimit) this.log.splice(0, this.log.length - this.logLimit);
    this.frameCost.push(performance.now() - began);
    if (this.frameCost.length > 1200) this.frameCost.splice(0, 600);
    this.raf = requestAnimationFrame((t) => this.frame(t));
  }

  /** The status line: a text and one bar per target score (0-1). */
  setStatus(text: string, scores: number[] = []): void {
    const shown = this.statusEl.firstElementChild;
    // Rewriting the same text would make screen readers announce it again on every heartbeat. A new
    // text is a new node, not a new name on the old one: live regions announce the nodes added to them.
    if (!shown || paintedTextOf(shown) !== text) this.statusEl.replaceChildren(paintedText(text));
    const bars = scores.map((v) => {
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.setAttribute('aria-hidden', 'true');
      const fill = document.createElement('i');
      fill.style.height = `${Math.round(100 * Math.max(0, Math.min(1, v)))}%`;
      bar.appendChild(fill);
      return bar;
    });
    while (this.statusEl.childNodes.length > 1) this.statusEl.lastChild!.remove();
    this.statusEl.append(...bars);
  }

  toast(text: string): void {
    this.toastEl.replaceChildren(paintedText(text));
    this.toastEl.style.opacity = '1';
    clearTimeout(this.toastTimer);
    this.toastTimer = window.setTimeout(() => (this.toastEl.style.opacity = '0'), 2500);
  }

  /**
   * A layer of its own in the closed shadow root (hint tags, the menu and
   * speller panels), under the targets and the status line, with its own
   * styles. Pointer events pass through unless the layer's CSS says otherwise.
   */
  layer(name: string, css: string): HTMLElement {
    const existing = this.layers.get(name);
    if (existing) return existing;
    const el = document.createElement('div');
    el.className = `layer layer-${name}`;
    el.style.cssText = 'position:fixed;inset:0;pointer-events:none;';
    const style = document.createElement('style');
    style.textContent = css;
    el.append(style);
    // Before the first target: squares and the status line stay on top.
    const first = this.root.querySelector('.slot');
    this.root.insertBefore(el, first);
    this.layers.set(name, el);
    return el;
  }

  removeLayer(name: string): void {
    this.layers.get(name)?.remove();
    this.layers.delete(name);
  }

  /** For test builds: what each target shows. */
  describe(): { index: number; label: string; shown: boolean; flickering: boolean; lit: boolean; size: number }[] {
    return this.layout.targets.map((t) => ({
      lit: this.scan?.lit === t.index,
      index: t.index,
      label: paintedTextOf(this.parts.get(t.index)!.label.firstElementChild!) ?? '',
      shown: this.isShown(t),
      flickering: this.isShown(t) && this.flickers(t.index),
      size: this.parts.get(t.index)!.square.getBoundingClientRect().width,
    }));
  }
}
