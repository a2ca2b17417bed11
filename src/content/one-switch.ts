import { DEFAULT_SCAN, Scanner, scanProblem } from '../core/browse/scan';
import { type Layout, type OneSwitchSettings, wakeTarget } from '../core/protocol/layout';
import type { ScanView, TargetView } from './overlay';

/** After a choice the first square stays lit this much longer (s): the switch re-arms only once the look has left it. */
const AFTER_CHOICE_SECONDS = 1;

/** What a test build reports of the scan; `litSince` is the stream time the lit square was lit at. */
export interface ScanReport {
  on: boolean;
  switchIndex: number | undefined;
  lit: number | undefined;
  state: string;
  litSince: number | undefined;
}

export interface OneSwitchDeps {
  settings(): OneSwitchSettings | undefined;
  layout(): Layout;
  asleep(): boolean;
  /**
   * Whether a selection can be made now (streaming, past the start-up, good
   * contact, squares seen): until then nothing is lit, so the scan's rounds
   * are not spent while nothing could be chosen.
   */
  ready(): boolean;
}

/**
 * The one-switch mode on a page: the menu's square (which also wakes the
 * others) is the switch, and the squares that can act now are lit in turn
 * (core/browse/scan.ts). A selection of the switch stands for the lit
 * square, so the modes (menu, hints, speller) work unchanged. Asleep, the
 * switch is the wake target as always and nothing is scanned.
 */
export class OneSwitch {
  private readonly scanner = new Scanner(DEFAULT_SCAN);
  private labels = new Map<number, string>();
  /** Whether the last update scanned: turning on again (woken, switched on) starts a fresh round. */
  private wasOn = false;

  constructor(private readonly deps: OneSwitchDeps) {}

  /** Scanning now (the carer chose it, and the squares are awake). */
  on(): boolean {
    return (this.deps.settings()?.on ?? false) && !this.deps.asleep() && this.switchIndex() !== undefined;
  }

  switchIndex(): number | undefined {
    return wakeTarget(this.deps.layout())?.index;
  }

  /**
   * What the overlay draws, from what each square means now: the squares
   * that can act are scanned in layout order. Undefined when off.
   */
  update(views: Map<number, TargetView>, undoOffered = false): ScanView | undefined {
    const switchIndex = this.switchIndex();
    const on = this.on() && switchIndex !== undefined;
    const woke = on && !this.wasOn;
    this.wasOn = on;
    if (!on || switchIndex === undefined) return undefined;
    // No heartbeat was ticked while off: the round starts at the next one, not rounds late.
    if (woke) this.scanner.restart(0, Number.NaN);
    // Settings are checked where the carer saves them; one stored otherwise falls back to the usual speed.
    const asked = this.deps.settings()?.stepSeconds;
    const step = asked !== undefined && !scanProblem({ stepSeconds: asked }) ? asked : DEFAULT_SCAN.stepSeconds;
    if (step !== this.scanner.config.stepSeconds) this.scanner.setConfig({ ...DEFAULT_SCAN, stepSeconds: step });
    const labels = new Map([...views].map(([i, v]) => [i, v.label]));
    const held = this.scanner.now;
    // The square held means something else now (its mode closed or changed under the look): a new look is needed.
    if (held.kind === 'held' && labels.get(held.item) !== this.labels.get(held.item)) this.scanner.cancelHold();
    this.labels = labels;
    const items = this.deps.ready()
      ? this.deps
          .layout()
          .targets.filter((t) => views.get(t.index)?.enabled)
          .map((t) => t.index)
      : [];
    // An undo on offer (on the switch's own square) is lit first: it lasts only a few seconds.
    if (undoOffered && items.includes(switchIndex)) items.unshift(...items.splice(items.indexOf(switchIndex), 1));
    this.scanner.setItems(items);
    return { switchIndex, lit: this.scanner.lit() };
  }

  /**
   * The switch's label: what it chooses while it is the square lit, else
   * "Switch" (what it says otherwise, an undo on offer included, is chosen
   * only when lit).
   */
  switchLabel(view: TargetView | undefined): TargetView | undefined {
    const i = this.switchIndex();
    if (!this.on() || i === undefined || !view) return view;
    return { ...view, label: this.scanner.lit() === i ? view.label : '◉ Switch' };
  }

  /**
   * How long a menu or hints opened now stay open unused (ms): with one
   * switch, at least two full rounds of the scan and a look, so a slow scan
   * does not close the menu before its last square was lit. Undefined: the
   * mode's own time.
   */
  idleMs(): number | undefined {
    if (!this.on()) return undefined;
    const { cycles, stepSeconds } = this.scanner.config;
    const rounds = cycles * this.deps.layout().targets.length * stepSeconds;
    return Math.max(20_000, 1000 * (rounds + 5));
  }

  /** A heartbeat: whether the switch gathers evidence now moves or holds the light. True when what is lit changed. */
  heartbeat(t: number, candidate: number | undefined, progress: number | undefined): boolean {
    if (!this.on()) return false;
    return this.scanner.tick(t, candidate === this.switchIndex() && (progress ?? 0) > 0);
  }

  /**
   * The switch was selected by the window ending at stream time `t`: the
   * square it stands for, or undefined when it only started the scan (or
   * came from a look that began before this round).
   */
  press(t: number): number | undefined {
    return this.scanner.press(t, AFTER_CHOICE_SECONDS);
  }

  /** The status line's words while scanning (what holds selections is said before this). */
  status(): string {
    const s = this.scanner.now;
    const where = this.switchPlace();
    if (s.kind === 'stopped')
      return `BrainBrowsR, one switch: resting. Look at the flickering square (${where}) to start`;
    if (s.kind === 'empty') return 'BrainBrowsR, one switch: nothing to choose yet';
    const label = this.labels.get(s.item) ?? 'this square';
    return s.kind === 'held'
      ? `BrainBrowsR: keep looking to choose “${label}”; look away to go on`
      : `BrainBrowsR, one switch: “${label}” is lit. Look at the flickering square (${where}) to choose it`;
  }

  /** Where the switch is, in words ("bottom left"). */
  private switchPlace(): string {
    const t = this.deps.layout().targets.find((x) => x.index === this.switchIndex());
    return t ? t.position.replace('-', ' ') : 'on screen';
  }

  /** For test builds: what the scan is doing. */
  describe(): ScanReport {
    const s = this.scanner.now;
    return {
      on: this.on(),
      switchIndex: this.switchIndex(),
      lit: this.scanner.lit(),
      state: s.kind,
      litSince: s.kind === 'scanning' ? s.since : undefined,
    };
  }
}
