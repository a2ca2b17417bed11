/**
 * The longest gap a decoder believes. A counter or clock that jumps further
 * was most likely corrupted (one flipped bit in a Cyton counter looks like
 * 128 lost packets, in an Explore time stamp like 56 minutes): filling such a
 * gap would invent data and push every later sample out of place, so the
 * stream is resynchronised instead (reported, nothing filled).
 */
export const MAX_GAP_SECONDS = 2;

/** Counts samples missing from a wrapping packet counter. */
export class CounterGap {
  private last: number | undefined;
  /** Jumps larger than `maxGap` packets (or backwards), not trusted as loss. */
  resyncs = 0;

  constructor(
    readonly modulo: number,
    /** Missing packets beyond this are a resync, not a loss. */
    readonly maxGap: number,
  ) {}

  /** Packets missing between the previous counter and this one. */
  next(counter: number): number {
    const prev = this.last;
    this.last = counter;
    if (prev === undefined) return 0;
    const diff = (((counter - prev) % this.modulo) + this.modulo) % this.modulo;
    if (diff === 0) return 0; // repeated counter: not a loss we can measure
    const missing = diff - 1;
    if (missing > this.maxGap) {
      this.resyncs++;
      return 0;
    }
    return missing;
  }

  /** Resyncs since the last call (for a DecodeResult). */
  takeResyncs(): number {
    const n = this.resyncs;
    this.resyncs = 0;
    return n;
  }

  reset(): void {
    this.last = undefined;
  }
}
