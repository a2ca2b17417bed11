/**
 * Where a packet goes on the stream's time line, decided by its counter or
 * time stamp checked against its neighbours. A packet that is on time is
 * placed at once. One that jumps is held until the next packet arrives: one
 * flipped bit of a counter or time stamp looks like a jump that the next
 * packet contradicts (it follows on from the packets before), whereas lost
 * packets make a jump that the next packet confirms. So a jump is believed
 * only when the next packet follows on from it.
 */
export interface Placement<T> {
  item: T;
  /** Units missing before this packet (lost on the wire), 0 when on time or not believed. */
  gap: number;
  /** The packet's position was not believed (corrupt, or too far to be a loss): placed on time, reported. */
  resync: boolean;
}

interface Held<T> {
  at: number;
  size: number;
  item: T;
}

export class JumpCheck<T> {
  /** Where the next packet should start. */
  private expected: number | undefined;
  private held: Held<T> | undefined;

  constructor(
    /** Largest gap believed as loss; beyond it (or backwards) is a resync. */
    private readonly maxGap: number,
    /** Positions wrap at this (a packet counter); undefined for a clock, whose distances are signed. */
    private readonly modulo?: number,
  ) {}

  /** A packet waits for its next neighbour. */
  get holding(): T | undefined {
    return this.held?.item;
  }

  /** A packet that says it starts at `at` and spans `size` units; returns the packets placed now, in order. */
  push(at: number, size: number, item: T): Placement<T>[] {
    const out: Placement<T>[] = [];
    const held = this.held;
    if (held && this.expected !== undefined) {
      this.held = undefined;
      const fromHeld = this.distance(held.at + held.size, at);
      const fromOnTime = this.distance(this.expected + held.size, at);
      if (fromHeld === 0) out.push(this.believe(held));
      else if (fromOnTime === 0) out.push(this.onTime(held, true));
      else out.push(this.believe(held)); // nothing says otherwise: as far as it is plausible
    }
    if (this.expected === undefined || this.distance(this.expected, at) === 0) {
      out.push(this.onTime({ at, size, item }, false));
      this.expected = at + size;
    } else this.held = { at, size, item };
    return out;
  }

  /** The stream ended: what is held is placed as far as its own jump is plausible. */
  end(): Placement<T>[] {
    const held = this.held;
    this.held = undefined;
    return held ? [this.believe(held)] : [];
  }

  private believe(p: Held<T>): Placement<T> {
    const gap = this.distance(this.expected ?? p.at, p.at);
    this.expected = p.at + p.size;
    return gap >= 0 && gap <= this.maxGap
      ? { item: p.item, gap, resync: false }
      : { item: p.item, gap: 0, resync: true };
  }

  private onTime(p: Held<T>, resync: boolean): Placement<T> {
    this.expected = (this.expected ?? p.at) + p.size;
    return { item: p.item, gap: 0, resync };
  }

  /** Units from `from` to `to`: rounded for a clock, in [0, modulo) for a counter. */
  private distance(from: number, to: number): number {
    const d = Math.round(to - from);
    return this.modulo === undefined ? d : ((d % this.modulo) + this.modulo) % this.modulo;
  }
}
