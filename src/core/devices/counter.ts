/** Counts samples missing from a wrapping packet counter. */
export class CounterGap {
  private last: number | undefined;

  constructor(
    readonly modulo: number,
    readonly step = 1,
  ) {}

  /** Packets missing between the previous counter and this one. */
  next(counter: number): number {
    const prev = this.last;
    this.last = counter;
    if (prev === undefined) return 0;
    const diff = (((counter - prev) % this.modulo) + this.modulo) % this.modulo;
    if (diff === 0) return 0; // repeated counter: not a loss we can measure
    return Math.max(0, diff / this.step - 1);
  }

  reset(): void {
    this.last = undefined;
  }
}
