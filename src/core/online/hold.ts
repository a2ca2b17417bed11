import type { ContactProblem } from './contact';

/**
 * Why a window cannot lead to a selection. A silent detector must be able
 * to say why it is silent: a person who cannot see anything happen cannot
 * tell a headset off their head from their own weak response, and a carer
 * needs to know which one to fix.
 *
 * - paused: no target on screen, the tab hidden, the extension asleep;
 * - settling: the first second, while the causal filters ring;
 * - contact: an electrode without usable contact (its signal is not EEG);
 * - learning: the detector is still learning this session's resting signal;
 * - after-selection: the refractory pause, or waiting for the look that
 *   fired to end (one look, one action);
 * - off-screen: the best target is not on screen;
 * - no-target: no target stands above rest (nobody looking, a weak
 *   response, or none at all); `since` is how long that has lasted, in s.
 */
export type HoldReason =
  | { kind: 'paused' }
  | { kind: 'settling' }
  | { kind: 'contact'; channel: number; problem: ContactProblem }
  | { kind: 'learning' }
  | { kind: 'after-selection' }
  | { kind: 'off-screen' }
  | { kind: 'no-target'; since: number };

/**
 * How long no target may stay below the bar before the person is told (the
 * status line): long enough that reading a page is not called a problem
 * every time, short enough that a failed look is explained.
 */
export const NO_RESPONSE_SECONDS = 60;

/** Whether the person should be told that no target stands out (the status line's `noResponse`). */
export function saysNoResponse(held: HoldReason | undefined): boolean {
  return held?.kind === 'no-target' && held.since >= NO_RESPONSE_SECONDS;
}

/** The reason in plain words; `channelName` names an electrode by index. */
export function holdText(reason: HoldReason, channelName: (c: number) => string): string {
  switch (reason.kind) {
    case 'paused':
      return 'paused (no target on screen)';
    case 'settling':
      return 'start-up (filters settling)';
    case 'contact':
      return `contact: ${channelName(reason.channel)} ${reason.problem === 'flat' ? 'flat (not connected)' : 'noisy (not touching well)'}`;
    case 'learning':
      return 'start-up (learning the resting signal)';
    case 'after-selection':
      return 'after a selection (waiting for the look to end)';
    case 'off-screen':
      return 'best target not on screen';
    case 'no-target':
      return 'no target above rest';
  }
}

/** The key a reason is counted under: contact per channel and problem, the rest by kind. */
function keyOf(reason: HoldReason): string {
  return reason.kind === 'contact' ? `contact:${reason.channel}:${reason.problem}` : reason.kind;
}

export interface HoldShare {
  reason: HoldReason;
  seconds: number;
}

/** Adds up, over a stream of heartbeats, how long selections were held and why. */
export class HoldTally {
  private readonly held = new Map<string, HoldShare>();
  private total = 0;

  /** One heartbeat's window, which stands for `seconds` of stream (the step). */
  add(reason: HoldReason | undefined, seconds: number): void {
    this.total += seconds;
    if (!reason) return;
    const key = keyOf(reason);
    const share = this.held.get(key);
    if (share) share.seconds += seconds;
    else this.held.set(key, { reason, seconds });
  }

  /** Seconds of stream counted. */
  get seconds(): number {
    return this.total;
  }

  /** Seconds during which a selection could not happen. */
  get heldSeconds(): number {
    let s = 0;
    for (const share of this.held.values()) s += share.seconds;
    return s;
  }

  /** Every reason with its time, longest first. */
  shares(): HoldShare[] {
    return [...this.held.values()].sort((a, b) => b.seconds - a.seconds);
  }
}
