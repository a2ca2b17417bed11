/**
 * Asynchronous decision logic: turns a stream of per-window votes into rare,
 * deliberate selections. A paralysed user cannot undo an action, so every
 * rule here trades speed for not firing by mistake:
 *
 * - evidence: a target must win `agree` consecutive windows (each above the
 *   scorer's confidence threshold) before it fires; with `fastConfidence`,
 *   windows at or above it count double (dynamic stopping: strong evidence
 *   decides sooner, weak evidence waits);
 * - refractory: nothing fires for `refractory` seconds after a selection;
 * - re-arm: a target that fired cannot fire again until a window has voted
 *   for something else or nothing (one gaze = one action, so a long look at
 *   "like" never toggles it back and forth);
 * - pause: while no target is on screen, nothing can fire at all.
 */
export interface DecisionConfig {
  agree: number;
  refractory: number;
  /** Confidence at which a window counts as two agreeing windows; >1 disables. */
  fastConfidence: number;
  /**
   * A fired target re-arms once its own score falls below this (posterior
   * for fbcca-lda); 0 re-arms as soon as a window votes for anything else.
   */
  release: number;
  /** Seconds the fired target must stay below `release` before it re-arms. */
  rearm: number;
}

/** Chosen on ../shared/datasets/ssvep-exo (docs/evaluation.md): safety first. */
export const DEFAULT_DECISION: DecisionConfig = { agree: 2, refractory: 1, fastConfidence: 2, release: 0.3, rearm: 1 };

export type DeciderState = 'paused' | 'idle' | 'accumulating' | 'refractory';

export interface Decision {
  state: DeciderState;
  /** Target index fired by this window, if any. */
  selected?: number;
  /** Candidate target and its evidence, while accumulating. */
  candidate?: number;
  evidence: number;
}

export class Decider {
  private candidate = -1;
  private evidence = 0;
  private held = -1;
  private releasedSince = Infinity;
  private blockedUntil = -Infinity;
  private paused = false;
  private longerLook: { target: number; factor: number } | undefined;

  constructor(readonly config: DecisionConfig) {
    if (!(Number.isInteger(config.agree) && config.agree >= 1))
      throw new RangeError(`agree ${config.agree} must be >= 1`);
    if (!(config.refractory >= 0)) throw new RangeError(`refractory ${config.refractory} must be >= 0`);
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (paused) this.clear();
  }

  /**
   * One target that needs `factor` times the usual agreement before it fires
   * (the wake target while asleep: a glance at it while reading must not wake
   * everything); undefined gives every target the same again.
   */
  setLongerLook(look: { target: number; factor: number } | undefined): void {
    this.longerLook = look && look.factor > 1 ? look : undefined;
  }

  /** The target that fired and has not re-armed yet (it cannot fire again until it has), if any. */
  get holding(): number | undefined {
    return this.held >= 0 ? this.held : undefined;
  }

  /** Evidence `target` needs before it fires. */
  required(target: number): number {
    const l = this.longerLook;
    return l && l.target === target ? Math.ceil(this.config.agree * l.factor) : this.config.agree;
  }

  private clear(): void {
    this.candidate = -1;
    this.evidence = 0;
  }

  /**
   * One classified window ending at time t (s): its vote (-1 = none), the
   * vote's confidence and every target's score.
   */
  next(t: number, vote: number, confidence: number, scores: ArrayLike<number>): Decision {
    if (this.held >= 0) {
      if (vote !== this.held && scores[this.held] < this.config.release) {
        this.releasedSince = Math.min(this.releasedSince, t);
        if (t - this.releasedSince >= this.config.rearm) this.held = -1;
      } else this.releasedSince = Infinity;
    }
    if (this.paused) return { state: 'paused', evidence: 0 };
    if (t < this.blockedUntil) {
      this.clear();
      return { state: 'refractory', evidence: 0 };
    }
    if (vote < 0 || vote === this.held) {
      this.clear();
      return { state: 'idle', evidence: 0 };
    }
    const weight = confidence >= this.config.fastConfidence ? 2 : 1;
    if (vote === this.candidate) this.evidence += weight;
    else {
      this.candidate = vote;
      this.evidence = weight;
    }
    if (this.evidence >= this.required(this.candidate)) {
      const selected = this.candidate;
      this.held = selected;
      this.releasedSince = Infinity;
      this.blockedUntil = t + this.config.refractory;
      this.clear();
      return { state: 'refractory', selected, evidence: 0 };
    }
    return { state: 'accumulating', candidate: this.candidate, evidence: this.evidence };
  }

  reset(): void {
    this.clear();
    this.held = -1;
    this.blockedUntil = -Infinity;
  }
}
