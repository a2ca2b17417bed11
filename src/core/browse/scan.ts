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
 *   light moving on by itself was meant for the square lit before (the eyes
 *   move and the evidence builds after the person saw the light).
 * - **A look belongs to one round**: after the round starts again (a choice,
 *   what can be chosen changed, a hold cancelled) a look under way must end
 *   before the scan holds again, so it can never carry over to a square it
 *   did not begin on.
 * - **Reading is safe**: after `cycles` rounds with no choice the scan stops
 *   and nothing is lit (stray evidence that ends without a choice does not
 *   start the rounds again); a selection of the switch then only starts it.
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
  | { kind: 'held'; item: number; round: number };

/** A square lit from `since`; `moved`: the light moved there by itself (not a start or a look ending). */
interface Lit {
  item: number;
  since: number;
  moved: boolean;
}

/** A look held on `item` from stream time `from` to `to` (undefined: still held). */
interface Hold {
  item: number;
  from: number;
  to: number | undefined;
}

const KEPT = 16;

export class Scanner {
  private items: number[] = [];
  // A page's scan starts as soon as something can be chosen, and rests after its rounds.
  private state: ScanState = { kind: 'empty' };
  private lastT: number | undefined;
  /** Recent lit squares and holds, newest last: a selection is matched to the look it came from. */
  private lits: Lit[] = [];
  private holds: Hold[] = [];
  /** A look under way when the round started must end before the scan holds again. */
  private waitForLookToEnd = true;

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
   * time if none came yet, or `at`); `extra` seconds longer on the first square.
   */
  restart(extra = 0, at = this.lastT): void {
    this.waitForLookToEnd = true;
    this.holds = [];
    if (this.items.length === 0) {
      this.state = { kind: 'empty' };
      return;
    }
    const since = (at ?? Number.NaN) + extra;
    this.state = { kind: 'scanning', item: this.items[0], since, round: 0 };
    this.light(this.items[0], since, false);
  }

  /**
   * The square held no longer means what the look began on (its mode
   * changed under it): the hold ends, and a new one needs a new look.
   */
  cancelHold(): void {
    const s = this.state;
    if (s.kind !== 'held') return;
    this.endHold(this.lastT ?? Number.NaN);
    this.waitForLookToEnd = true;
    this.state = { kind: 'scanning', item: s.item, since: this.lastT ?? Number.NaN, round: s.round };
    this.light(s.item, this.lastT ?? Number.NaN, false);
  }

  /**
   * A heartbeat at stream time `t`: `looking` is whether the switch is
   * gathering evidence now. Returns whether what is lit changed.
   */
  tick(t: number, looking: boolean): boolean {
    const before = this.lit();
    this.lastT = t;
    const s = this.state;
    if (s.kind === 'scanning' && Number.isNaN(s.since)) {
      s.since = t;
      const last = this.lits[this.lits.length - 1];
      if (last && Number.isNaN(last.since)) last.since = t;
    }
    if (!looking) this.waitForLookToEnd = false;
    if (s.kind === 'scanning') {
      if (looking && !this.waitForLookToEnd) {
        const item = this.lookedFor(t);
        this.state = { kind: 'held', item, round: s.round };
        this.holds.push({ item, from: t, to: undefined });
        if (this.holds.length > KEPT) this.holds.shift();
      } else this.advance(s, t);
    } else if (s.kind === 'held' && !looking) {
      // The look ended (away, or it fired): the scan goes on from the square it stopped on, a full step lit,
      // in the same round (stray evidence must not keep the scan from resting).
      this.endHold(t);
      this.state = { kind: 'scanning', item: s.item, since: t, round: s.round };
      this.light(s.item, t, false);
    }
    return this.lit() !== before;
  }

  /**
   * The switch was selected by the window ending at stream time `t`: the
   * square the look was held on (or, failing a hold, lit then), or
   * undefined when the scan was stopped (it starts again). Either way the
   * next round starts from the first square, lit `extra` seconds longer.
   */
  press(t = this.lastT, extra = 0): number | undefined {
    const chosen = t === undefined ? undefined : this.chosenAt(t);
    this.restart(extra);
    return chosen;
  }

  private chosenAt(t: number): number | undefined {
    const s = this.state;
    if (s.kind === 'held') return s.item;
    // Resting, nothing to choose, or the look began before this round: it chooses nothing.
    if (s.kind !== 'scanning' || this.waitForLookToEnd) return undefined;
    const reaction = this.scan.reactionSeconds;
    // The window that fires already shows no evidence: its hold ended just before the selection came.
    for (let i = this.holds.length - 1; i >= 0; i--) {
      const h = this.holds[i];
      if (h.from <= t && t <= (h.to ?? Infinity) + reaction) return h.item;
    }
    return this.itemLookedAt(t);
  }

  private lookedFor(t: number): number {
    return this.itemLookedAt(t) ?? (this.state.kind === 'scanning' ? this.state.item : this.items[0]);
  }

  /** The square lit at `t`, or the one before if the light had moved there by itself less than a reaction ago. */
  private itemLookedAt(t: number): number | undefined {
    for (let i = this.lits.length - 1; i >= 0; i--) {
      const l = this.lits[i];
      if (l.since > t) continue;
      if (l.moved && t - l.since < this.scan.reactionSeconds && i > 0) return this.lits[i - 1].item;
      return l.item;
    }
    return undefined;
  }

  private light(item: number, since: number, moved: boolean): void {
    this.lits.push({ item, since, moved });
    if (this.lits.length > KEPT) this.lits.shift();
  }

  private endHold(t: number): void {
    const h = this.holds[this.holds.length - 1];
    if (h && h.to === undefined) h.to = t;
  }

  private advance(s: { item: number; since: number; round: number }, t: number): void {
    const step = this.scan.stepSeconds;
    while (t - s.since >= step) {
      s.since += step;
      const next = this.items.indexOf(s.item) + 1;
      if (next > 0 && next < this.items.length) s.item = this.items[next];
      else {
        s.round++;
        if (s.round >= this.scan.cycles) {
          this.state = { kind: 'stopped' };
          return;
        }
        s.item = this.items[0];
      }
      this.light(s.item, s.since, true);
    }
  }
}

export function scanProblem(c: Partial<ScanConfig>): string | undefined {
  const step = c.stepSeconds;
  if (step !== undefined && !(Number.isFinite(step) && step >= SCAN_STEP_RANGE.min && step <= SCAN_STEP_RANGE.max)) {
    const given = Number.isFinite(step) ? `it is ${step}` : 'it is empty';
    return `The scan speed must be ${SCAN_STEP_RANGE.min} to ${SCAN_STEP_RANGE.max} seconds per square (${given}).`;
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
