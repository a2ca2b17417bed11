/**
 * One-switch scanning (issue 19, item 6): for a person whose signal cannot
 * tell four flickering squares apart, one square flickers and is used as a
 * switch, and the other squares are lit one after another (as switch-access
 * scanning does). Looking at the switch while a square is lit chooses that
 * square: every menu entry, hint and speller group is reached by the same
 * codes as with four targets, one lit square at a time.
 *
 * Time is the stream's (seconds, from heartbeats), so the scan follows the
 * headset's clock and a simulated headset's speed alike.
 *
 * - **One-look confirm**: as soon as the switch gathers evidence, the scan
 *   stops on the square the look began on, and only that square is lit. The
 *   person keeps looking to choose it, or looks away to go on scanning.
 * - **Reaction**: a look that begins to show within `reactionSeconds` of the
 *   light moving on was meant for the square lit before (the eyes move and
 *   the evidence builds after the person saw the light).
 * - **Reading is safe**: after `cycles` rounds with no choice the scan stops
 *   and nothing is lit; a selection of the switch then only starts it again.
 */
export interface ScanConfig {
  /** How long each square stays lit (stream seconds): the carer's scan speed. */
  stepSeconds: number;
  /** Rounds without a choice before the scan stops (and nothing is lit). */
  cycles: number;
  /** A look that begins this soon after the light moved is for the square lit before. */
  reactionSeconds: number;
}

/** What the carer may set: slower is easier, faster is quicker. */
export const SCAN_STEP_RANGE = { min: 1, max: 8 } as const;

export const DEFAULT_SCAN: ScanConfig = { stepSeconds: 2.5, cycles: 2, reactionSeconds: 0.5 };

export type ScanState =
  /** Nothing lit: a selection of the switch starts the scan. */
  | { kind: 'stopped' }
  /** Nothing can be chosen now (a mode still building its choices): the scan starts when something can. */
  | { kind: 'empty' }
  /** `item` is lit since `since`; `round` counts full rounds done. */
  | { kind: 'scanning'; item: number; since: number; round: number }
  /** The switch is being looked at: `item` will be chosen if the look goes on. */
  | { kind: 'held'; item: number };

export class Scanner {
  private items: number[] = [];
  // A page's scan starts as soon as something can be chosen, and rests after its rounds.
  private state: ScanState = { kind: 'empty' };
  private lastT: number | undefined;
  /** Whether the light has been round at least once (so the first square has one lit before it). */
  private wrapped = false;
  /**
   * The square a look just ended on: the window that fires a selection
   * already shows no evidence (the look is spent), and the selection comes
   * a moment after that heartbeat.
   */
  private ended: { item: number; at: number } | undefined;

  constructor(private scan: ScanConfig = DEFAULT_SCAN) {
    checkScan(scan);
  }

  get config(): ScanConfig {
    return this.scan;
  }

  setConfig(config: ScanConfig): void {
    checkScan(config);
    this.scan = config;
  }

  /** What the scan is doing now. */
  get now(): ScanState {
    return this.state;
  }

  /** The square lit now, if any. */
  lit(): number | undefined {
    return this.state.kind === 'scanning' || this.state.kind === 'held' ? this.state.item : undefined;
  }

  /**
   * The squares that can be chosen now, in scan order. A different set
   * (another mode, a square enabled or not) starts the round again from
   * the first; a stopped scan stays stopped.
   */
  setItems(items: readonly number[]): void {
    if (items.length === this.items.length && items.every((x, i) => x === this.items[i])) return;
    this.items = [...items];
    if (this.state.kind !== 'stopped') this.restart();
  }

  /**
   * (Re)starts the round at the first square, now (at the next heartbeat's
   * time if none came yet); `extra` seconds longer on the first square.
   */
  restart(extra = 0): void {
    this.wrapped = false;
    this.ended = undefined;
    this.state =
      this.items.length > 0
        ? { kind: 'scanning', item: this.items[0], since: (this.lastT ?? Number.NaN) + extra, round: 0 }
        : { kind: 'empty' };
  }

  /**
   * A heartbeat at stream time `t`: `looking` is whether the switch is
   * gathering evidence now. Returns whether what is lit changed.
   */
  tick(t: number, looking: boolean): boolean {
    const before = this.lit();
    this.lastT = t;
    const s = this.state;
    if (s.kind === 'scanning' && Number.isNaN(s.since)) s.since = t;
    if (s.kind === 'scanning') {
      if (looking) {
        this.state = { kind: 'held', item: this.lookedFor(s, t) };
      } else this.advance(s, t);
    } else if (s.kind === 'held' && !looking) {
      // The look ended (away, or it fired): the scan goes on from the square it stopped on, a full step lit.
      this.ended = { item: s.item, at: t };
      this.state = { kind: 'scanning', item: s.item, since: t, round: 0 };
    }
    return this.lit() !== before;
  }

  /**
   * The switch was selected: the square to choose, or undefined when the
   * scan was stopped (it starts again, from the first square). Either way
   * the next round starts from the first square, lit `extra` seconds longer.
   */
  press(extra = 0): number | undefined {
    const s = this.state;
    const ended = this.ended && this.lastT !== undefined && this.lastT - this.ended.at <= this.scan.reactionSeconds;
    const chosen =
      s.kind === 'held'
        ? s.item
        : ended
          ? this.ended!.item
          : s.kind === 'scanning' && this.lastT !== undefined
            ? this.lookedFor(s, this.lastT)
            : undefined;
    this.restart(extra);
    return chosen;
  }

  private lookedFor(s: { item: number; since: number }, t: number): number {
    if (t - s.since >= this.scan.reactionSeconds) return s.item;
    const at = this.items.indexOf(s.item);
    return at > 0 ? this.items[at - 1] : at === 0 && this.wrapped ? this.items[this.items.length - 1] : s.item;
  }

  private advance(s: { item: number; since: number; round: number }, t: number): void {
    const step = this.scan.stepSeconds;
    while (t - s.since >= step) {
      s.since += step;
      const next = this.items.indexOf(s.item) + 1;
      if (next > 0 && next < this.items.length) {
        s.item = this.items[next];
        continue;
      }
      s.round++;
      this.wrapped = true;
      if (s.round >= this.scan.cycles) {
        this.state = { kind: 'stopped' };
        return;
      }
      s.item = this.items[0];
    }
  }
}

export function scanProblem(c: Partial<ScanConfig>): string | undefined {
  const step = c.stepSeconds;
  if (step !== undefined && !(Number.isFinite(step) && step >= SCAN_STEP_RANGE.min && step <= SCAN_STEP_RANGE.max)) {
    return `The scan speed must be ${SCAN_STEP_RANGE.min} to ${SCAN_STEP_RANGE.max} seconds per square (it is ${step}).`;
  }
  if (c.cycles !== undefined && !(Number.isInteger(c.cycles) && c.cycles >= 1)) {
    return `The scan must go round at least once (rounds: ${c.cycles}).`;
  }
  if (c.reactionSeconds !== undefined && !(c.reactionSeconds >= 0)) {
    return `The reaction time must be 0 s or more (it is ${c.reactionSeconds}).`;
  }
  return undefined;
}

function checkScan(c: ScanConfig): void {
  const p = scanProblem(c);
  if (p) throw new RangeError(p);
}
