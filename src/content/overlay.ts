import type { Layout, StimulusTarget } from '../core/protocol/layout';
import { FrameClock, luminance, measureRefreshRate, renderable } from './stimulus-clock';

/**
 * The flickering targets, a status line and action toasts, in a closed
 * shadow root over the page: page styles cannot reach in, and the overlay
 * never takes part in the page's layout.
 */
const CSS = `
:host { all: initial; }
.target { position: fixed; box-sizing: border-box; display: flex; align-items: center; justify-content: center;
  font: 600 15px system-ui, sans-serif; color: #fff; text-shadow: 0 0 3px #000; pointer-events: auto;
  border-radius: 6px; will-change: opacity; user-select: none; }
.target.hidden { display: none; }
.target.refused { outline: 3px dashed #f59e0b; opacity: 1 !important; }
.status { position: fixed; left: 50%; bottom: 8px; transform: translateX(-50%); pointer-events: none;
  font: 13px system-ui, sans-serif; color: #fff; background: rgba(20,20,20,.82); padding: 4px 10px;
  border-radius: 12px; display: flex; gap: 8px; align-items: center; white-space: nowrap; }
.bar { display: inline-block; width: 6px; height: 14px; background: #444; position: relative; vertical-align: middle; }
.bar > i { position: absolute; left: 0; right: 0; bottom: 0; background: #4ade80; }
.toast { position: fixed; left: 50%; top: 18px; transform: translateX(-50%); pointer-events: none;
  font: 600 18px system-ui, sans-serif; color: #fff; background: rgba(22,101,52,.95); padding: 10px 18px;
  border-radius: 10px; transition: opacity .4s; }
`;

export interface StimulusLogEntry {
  /** rAF time stamp (ms). */
  ts: number;
  frame: number;
  /** Luminance per target index at this frame (null when not shown). */
  values: (number | null)[];
}

export class Overlay {
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly squares = new Map<number, HTMLElement>();
  private readonly statusEl: HTMLElement;
  private readonly toastEl: HTMLElement;
  private layout: Layout;
  private clock?: FrameClock;
  private refreshRate = 60;
  private running = false;
  private raf = 0;
  private toastTimer = 0;
  /** Targets hidden by the show/hide action (the toggle target itself stays). */
  othersHidden = false;
  readonly log: StimulusLogEntry[] = [];
  /** Milliseconds of script time spent drawing each frame (recent frames). */
  readonly frameCost: number[] = [];
  private readonly logLimit = 60 * 30;
  /** Targets the display cannot render at its refresh rate. */
  refused: number[] = [];

  constructor(
    layout: Layout,
    private readonly onGaze: (target: StimulusTarget | null) => void,
  ) {
    this.layout = layout;
    this.host = document.createElement('brainbrowsr-overlay');
    this.host.style.cssText = 'position:fixed;inset:0;pointer-events:none;z-index:2147483647;';
    this.root = this.host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = CSS;
    this.statusEl = document.createElement('div');
    this.statusEl.className = 'status';
    this.statusEl.textContent = 'BrainBrowsR: waiting for headset data';
    this.toastEl = document.createElement('div');
    this.toastEl.className = 'toast';
    this.toastEl.style.opacity = '0';
    this.root.append(style, this.statusEl, this.toastEl);
    this.buildSquares();
    document.documentElement.appendChild(this.host);
  }

  get rate(): number {
    return this.refreshRate;
  }

  setLayout(layout: Layout): void {
    this.layout = layout;
    this.buildSquares();
    if (this.clock) this.markRefused();
  }

  /** Targets at or above half the refresh rate cannot be drawn as a flicker: shown static, never selectable. */
  private markRefused(): void {
    this.refused = this.layout.targets.filter((t) => !renderable(t.frequency, this.refreshRate)).map((t) => t.index);
    for (const i of this.refused) {
      const el = this.squares.get(i);
      if (el) {
        el.classList.add('refused');
        el.title = `${this.layout.targets.find((t) => t.index === i)?.frequency} Hz cannot be shown on a ${this.refreshRate} Hz display`;
      }
    }
  }

  private buildSquares(): void {
    for (const el of this.squares.values()) el.remove();
    this.squares.clear();
    const s = this.layout.size;
    const m = 12;
    for (const t of this.layout.targets) {
      const el = document.createElement('div');
      el.className = 'target';
      el.dataset.index = String(t.index);
      el.style.width = el.style.height = `${s}px`;
      el.style.background = t.color;
      const [v, h] = t.position.includes('-') ? t.position.split('-') : [t.position, 'center'];
      if (v === 'top') el.style.top = `${m}px`;
      else if (v === 'bottom') el.style.bottom = `${m + 30}px`;
      else el.style.top = `calc(50% - ${s / 2}px)`;
      if (h === 'left' || v === 'left') el.style.left = `${m}px`;
      else if (h === 'right' || v === 'right') el.style.right = `${m}px`;
      else el.style.left = `calc(50% - ${s / 2}px)`;
      el.textContent = t.label;
      el.addEventListener('mouseenter', () => this.onGaze(t));
      el.addEventListener('mouseleave', () => this.onGaze(null));
      this.root.appendChild(el);
      this.squares.set(t.index, el);
    }
  }

  /** Indices of the targets currently drawn (none while the tab is hidden or stopped). */
  visibleTargets(): number[] {
    if (!this.running || document.hidden) return [];
    return this.layout.targets.filter((t) => this.isShown(t) && !this.refused.includes(t.index)).map((t) => t.index);
  }

  private isShown(t: StimulusTarget): boolean {
    return !this.othersHidden || t.feedAction === 'toggle-targets' || t.pageAction === 'toggle-targets';
  }

  async start(): Promise<void> {
    this.refreshRate = await measureRefreshRate();
    this.clock = new FrameClock(this.refreshRate);
    this.markRefused();
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

  get droppedFrames(): number {
    return this.clock?.dropped ?? 0;
  }

  private frame(ts: number): void {
    if (!this.running || !this.clock) return;
    const began = performance.now();
    const { frame } = this.clock.next(ts);
    const values: (number | null)[] = [];
    for (const t of this.layout.targets) {
      const el = this.squares.get(t.index)!;
      const shown = this.isShown(t);
      el.classList.toggle('hidden', !shown);
      if (!shown || this.refused.includes(t.index)) {
        values[t.index] = null;
        continue;
      }
      const l = luminance(t.frequency, frame, this.refreshRate);
      el.style.opacity = l.toFixed(4);
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
    const nodes: Node[] = [document.createTextNode(text)];
    scores.forEach((v, i) => {
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.title = `${this.layout.targets[i]?.label ?? i}: ${v.toFixed(2)}`;
      const fill = document.createElement('i');
      fill.style.height = `${Math.round(100 * Math.max(0, Math.min(1, v)))}%`;
      bar.appendChild(fill);
      nodes.push(bar);
    });
    this.statusEl.replaceChildren(...nodes);
  }

  toast(text: string): void {
    this.toastEl.textContent = text;
    this.toastEl.style.opacity = '1';
    clearTimeout(this.toastTimer);
    this.toastTimer = window.setTimeout(() => (this.toastEl.style.opacity = '0'), 1500);
  }
}
