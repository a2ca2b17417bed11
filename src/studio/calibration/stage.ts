import { type StimulusTarget, squareName } from '../../core/protocol/layout';
import type { FlickerGate } from '../../extension/flicker-gate';
import { FrameClock, measureRefreshRate } from '../../extension/stimulus-clock';

/** The calibration's own stimulus: one target at a time, frame-accurate like the content script's. */
export class Stage {
  private raf = 0;
  private clock?: FrameClock;
  private rate = 60;
  private target?: StimulusTarget;
  private readonly square: HTMLDivElement;
  private readonly name: HTMLDivElement;

  constructor(
    private readonly host: HTMLElement,
    private readonly gate: FlickerGate,
  ) {
    this.square = Object.assign(document.createElement('div'), { className: 'target' });
    // The name sits under the square in dark text: readable, and it does not flicker.
    this.name = Object.assign(document.createElement('div'), { className: 'target-name' });
  }

  async start(): Promise<void> {
    this.rate = await measureRefreshRate(20);
    this.clock = new FrameClock(this.rate);
    this.host.replaceChildren(this.square, this.name);
    const frame = (ts: number) => {
      const { frame: n } = this.clock!.next(ts);
      const level = this.target ? this.gate.level(this.target.frequency, n, this.rate) : null;
      // Held still (the gate is closed): hidden, not a steady square someone might stare at for nothing.
      this.square.style.opacity = level === null ? '0' : level.toFixed(4);
      this.raf = requestAnimationFrame(frame);
    };
    this.raf = requestAnimationFrame(frame);
  }

  show(t: StimulusTarget | undefined): void {
    this.target = t;
    this.name.textContent = t ? squareName(t) : '';
    this.square.style.background = t?.color ?? 'transparent';
  }

  stop(): void {
    cancelAnimationFrame(this.raf);
    this.host.replaceChildren();
  }
}
