import { luminance } from './stimulus-clock';

/**
 * The one gate every flickering thing goes through: the page overlay's
 * squares, the calibration and check-in stimulus, and any page added later.
 * A stimulus gets its frame's luminance only from `level()`, which answers
 * null (hold still) unless the photosensitivity warning was accepted and no
 * call for help is on (a person who called for help may be unwell: nothing
 * flickers until a carer answers). ESLint keeps `luminance` out of every
 * other module, so a new stimulus cannot skip this.
 *
 * It starts closed: until the host has told it the conditions, nothing flickers.
 */
export interface FlickerConditions {
  /** The photosensitivity warning was read and flicker allowed (welcome page). */
  consented: boolean;
  /** A call for help is on and not yet answered. */
  helpCalled: boolean;
}

export type FlickerStop = 'no-consent' | 'help-called';

/** What stops all flicker under these conditions; undefined when flicker is allowed. */
export function flickerStop(c: FlickerConditions): FlickerStop | undefined {
  if (!c.consented) return 'no-consent';
  if (c.helpCalled) return 'help-called';
  return undefined;
}

const STOP_WORDS: Record<FlickerStop, string> = {
  'no-consent':
    'Nothing flickers until the photosensitivity warning on the welcome page has been read and flicker allowed.',
  'help-called': 'Help has been called: nothing flickers until a carer answers the call.',
};

export class FlickerGate {
  private conditions: FlickerConditions = { consented: false, helpCalled: false };
  private readonly listeners = new Set<() => void>();

  set(patch: Partial<FlickerConditions>): void {
    const next = { ...this.conditions, ...patch };
    if (next.consented === this.conditions.consented && next.helpCalled === this.conditions.helpCalled) return;
    this.conditions = next;
    for (const l of this.listeners) l();
  }

  get open(): boolean {
    return flickerStop(this.conditions) === undefined;
  }

  /** What closes the gate (undefined when open). */
  get stop(): FlickerStop | undefined {
    return flickerStop(this.conditions);
  }

  /** Why the gate is closed, in words for the carer (undefined when open). */
  get why(): string | undefined {
    const stop = this.stop;
    return stop && STOP_WORDS[stop];
  }

  /** Called on every change of the conditions; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The luminance (0-1) of a target flickering at `frequency` on frame `frame`; null: draw it still. */
  level(frequency: number, frame: number, refreshRate: number): number | null {
    return this.open ? luminance(frequency, frame, refreshRate) : null;
  }
}
