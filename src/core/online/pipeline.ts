import type { Profile } from '../ssvep/profile';
import { Scorer, type WindowScore } from '../ssvep/scorer';
import { WindowAnalyzer, type WindowFeatures } from '../ssvep/window-analyzer';
import { type ContactProblem, contactProblem } from './contact';
import { Decider, type Decision, type DeciderState } from './decider';
import type { HoldReason } from './hold';

/**
 * The online SSVEP pipeline the extension's Worker runs and the CLI replays:
 * samples in, one heartbeat per classified window and rare selections out.
 * Time is counted from the first sample pushed, in seconds.
 */
export interface Heartbeat {
  type: 'heartbeat';
  /** Time of the last sample in the window. */
  t: number;
  scores: number[];
  idle?: number;
  vote: number;
  state: DeciderState;
  /** Target gathering evidence towards a selection, if any (drives the on-screen progress ring). */
  candidate?: number;
  /** That target's evidence as a fraction of what a selection needs, in [0, 1). */
  progress?: number;
  /** The target that fired and has not re-armed yet (the gaze has not left it long enough), if any. */
  rearming?: number;
  /** A channel without usable contact (nothing is selected meanwhile). */
  contact?: { channel: number; problem: ContactProblem };
  /** True while the detector is still learning this session's resting signal (nothing is selected). */
  warmingUp?: boolean;
  /** Why this window cannot lead to a selection; absent while one can (evidence is building, or it fired). */
  held?: HoldReason;
}

export interface Selection {
  type: 'selection';
  t: number;
  target: number;
  label: string;
  frequency: number;
  confidence: number;
}

export type PipelineEvent = Heartbeat | Selection;

/** Seconds from the first sample during which the filters settle: nothing is judged or selected on them. */
export const SETTLE_SECONDS = 1;

export class OnlinePipeline {
  readonly analyzer: WindowAnalyzer;
  readonly scorer: Scorer;
  readonly decider: Decider;

  constructor(readonly profile: Profile) {
    this.analyzer = new WindowAnalyzer(profile.signal);
    this.scorer = new Scorer(
      profile.method,
      profile.signal,
      profile.rule,
      profile.lda,
      profile.ldaThreshold,
      profile.gate,
      profile.z,
    );
    this.decider = new Decider(profile.decision);
  }

  get sampleRate(): number {
    return this.profile.signal.sampleRate;
  }

  /** Sees every analysed window: evaluations keep them to replay other decision rules on one analysis. */
  onWindow?: (w: WindowFeatures) => void;

  private visible: Set<number> | undefined;
  /** Time of the last window in which no target stood above rest while nothing else held selections. */
  private quietSince: number | undefined;

  /** Nothing is selected while paused (no target on screen, tab hidden). */
  setPaused(paused: boolean): void {
    this.decider.setPaused(paused);
  }

  /**
   * Only targets on screen can be selected; with none on screen the pipeline
   * pauses. `undefined` means all targets.
   */
  setVisibleTargets(targets: number[] | undefined): void {
    this.visible = targets ? new Set(targets) : undefined;
    this.decider.setPaused(targets !== undefined && targets.length === 0);
  }

  /** See Decider.setLongerLook: one target (the wake target while asleep) needs a longer look. */
  setLongerLook(look: { target: number; factor: number } | undefined): void {
    this.decider.setLongerLook(look);
  }

  /** Feeds channels x samples (microvolts); returns the events it produced. */
  push(chunk: ArrayLike<number>[], emit?: (e: PipelineEvent) => void): PipelineEvent[] {
    if (chunk.length !== this.profile.signal.channelCount) {
      throw new RangeError(`expected ${this.profile.signal.channelCount} channels, got ${chunk.length}`);
    }
    const out: PipelineEvent[] = [];
    const send = emit ?? ((e: PipelineEvent) => out.push(e));
    this.analyzer.push(chunk, (w) => {
      this.onWindow?.(w);
      const above = this.classify(w, send);
      // The prototype spatial filter learns from the windows in which a target stood above rest.
      if (above >= 0 && this.analyzer.learns) this.analyzer.learn(above);
    });
    return out;
  }

  /**
   * Scores one analysed window and decides. `push` calls it for every window;
   * evaluations that compare decision rules on one analysis call it directly.
   * Returns the target that stood above rest in it (on screen, contact good,
   * not paused), or -1.
   */
  classify(w: WindowFeatures, send: (e: PipelineEvent) => void): number {
    const t = w.endSample / this.sampleRate;
    const s: WindowScore = this.scorer.score(w, this.analyzer.bandCount, this.analyzer.frequencies.length);
    const offScreen = this.visible !== undefined && s.vote >= 0 && !this.visible.has(s.vote);
    if (offScreen) s.vote = -1;
    // The causal filters ring for their first second (a notch under millivolts of mains most of all):
    // a window reaching into it says nothing about the electrodes, and its scores nothing about a look.
    const settling =
      w.endSample - this.analyzer.blockLength * this.analyzer.blocksPerWindow < SETTLE_SECONDS * this.sampleRate;
    const contact = settling ? undefined : contactProblem(w);
    if (contact || settling) s.vote = -1;
    const d = this.decider.next(t, s.vote, s.confidence, s.scores);
    const progress =
      d.candidate === undefined ? undefined : Math.min(1, d.evidence / this.decider.required(d.candidate));
    send({
      type: 'heartbeat',
      t,
      scores: s.scores,
      idle: s.idle,
      vote: s.vote,
      state: d.state,
      candidate: d.candidate,
      progress,
      rearming: this.decider.holding,
      contact,
      warmingUp: this.scorer.ready ? undefined : true,
      held: this.holdOf(t, s.vote, d, settling, contact, offScreen),
    });
    if (d.selected !== undefined) {
      const target = this.profile.signal.targets[d.selected];
      send({
        type: 'selection',
        t,
        target: d.selected,
        label: target.label,
        frequency: target.frequency,
        confidence: s.confidence,
      });
    }
    return d.state === 'paused' ? -1 : s.vote;
  }

  /** Why window t cannot select, most actionable first; undefined while it can. */
  private holdOf(
    t: number,
    vote: number,
    d: Decision,
    settling: boolean,
    contact: Heartbeat['contact'],
    offScreen: boolean,
  ): HoldReason | undefined {
    const reason = ((): HoldReason | undefined => {
      if (d.state === 'paused') return { kind: 'paused' };
      if (settling) return { kind: 'settling' };
      if (contact) return { kind: 'contact', ...contact };
      if (!this.scorer.ready) return { kind: 'learning' };
      if (d.selected !== undefined || d.state === 'accumulating') return undefined;
      // Idle on a vote: the vote is for the target that fired, whose look has not ended yet.
      if (d.state === 'refractory' || vote >= 0) return { kind: 'after-selection' };
      if (offScreen) return { kind: 'off-screen' };
      this.quietSince ??= t;
      return { kind: 'no-target', since: t - this.quietSince };
    })();
    if (reason?.kind !== 'no-target') this.quietSince = undefined;
    return reason;
  }
}
