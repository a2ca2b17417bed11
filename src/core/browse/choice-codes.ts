/**
 * Prefix-free codes over the targets: every hint, menu entry and speller
 * group is reached by selecting targets one after another (a code is the
 * list of target positions 0..base-1). Codes are built so that no code is a
 * prefix of another: the last selection of a code always means that item.
 */
export type Code = number[];

/**
 * Codes for `n` items ranked best-first, none longer than ceil(log_base n):
 * as many of the first items as possible get one selection less. (The
 * scheme keyboard link-hint extensions use: expand the shortest code into
 * `base` children until there are enough.)
 */
export function rankedCodes(n: number, base: number): Code[] {
  checkBase(base);
  return codesUnder(
    n,
    Array.from({ length: base }, (_, d) => [d]),
    base,
  );
}

/**
 * Ranked codes that begin with one of `roots` (codes of their own, none a
 * prefix of another): as `rankedCodes`, with only some first digits free
 * (the others lead elsewhere, e.g. to the things drawn one step later).
 */
export function codesUnder(n: number, roots: readonly Code[], base: number): Code[] {
  checkBase(base);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`rankedCodes: item count must be a whole number, got ${n}`);
  if (n === 0) return [];
  if (roots.length === 0) throw new RangeError('codesUnder: no code to begin with');
  if (n === 1) return [roots[0].slice()];
  let codes: Code[] = roots.map((r) => r.slice());
  // Expanding the shortest code into `base` children until there are enough.
  while (codes.length < n) {
    const at = codes.reduce((best, c, i) => (c.length < codes[best].length ? i : best), 0);
    const shortest = codes[at];
    const children = Array.from({ length: base }, (_, d) => [...shortest, d]);
    codes = [...codes.slice(0, at), ...codes.slice(at + 1), ...children];
  }
  return orderForReading(codes, n);
}

/** Keeps the n shortest codes, shortest first, and within a length in digit order (so groups stay together). */
function orderForReading(codes: Code[], n: number): Code[] {
  return codes
    .slice()
    .sort((a, b) => a.length - b.length || compareCodes(a, b))
    .slice(0, n);
}

export function compareCodes(a: Code, b: Code): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * Codes for items with weights (how likely each is wanted): k-ary Huffman,
 * so likely items take fewer selections. No code is longer than
 * `maxLength`; when Huffman would go deeper, the items fall back to ranked
 * codes in weight order (which are as short as codes can be in the worst case).
 * The returned codes are in the items' order.
 */
export function weightedCodes(weights: readonly number[], base: number, maxLength = Infinity): Code[] {
  checkBase(base);
  const n = weights.length;
  if (n === 0) return [];
  if (n === 1) return [[0]];
  for (const w of weights) {
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`weightedCodes: weights must be finite and >= 0, got ${w}`);
  }
  interface Node {
    weight: number;
    order: number;
    item?: number;
    children?: Node[];
  }
  let order = 0;
  const nodes: Node[] = weights.map((w, item) => ({ weight: w, order: order++, item }));
  // Pad with empty leaves so every merge takes exactly `base` nodes.
  while ((nodes.length - 1) % (base - 1) !== 0) nodes.push({ weight: 0, order: order++ });
  const queue = nodes.slice();
  const byWeight = (a: Node, b: Node) => a.weight - b.weight || a.order - b.order;
  while (queue.length > 1) {
    queue.sort(byWeight);
    const children = queue.splice(0, base);
    // Heavier children first, so digit 0 leads to the likeliest group.
    children.sort((a, b) => b.weight - a.weight || a.order - b.order);
    queue.push({ weight: children.reduce((s, c) => s + c.weight, 0), order: order++, children });
  }
  const codes: Code[] = new Array<Code>(n);
  const walk = (node: Node, prefix: Code) => {
    if (node.item !== undefined) codes[node.item] = prefix;
    node.children?.forEach((c, d) => walk(c, [...prefix, d]));
  };
  walk(queue[0], []);
  if (codes.every((c) => c.length <= maxLength)) return codes;
  const rank = weights.map((w, i) => ({ w, i })).sort((a, b) => b.w - a.w || a.i - b.i);
  const ranked = rankedCodes(n, base);
  if (ranked[ranked.length - 1].length > maxLength) {
    throw new RangeError(`weightedCodes: ${n} items need codes longer than ${maxLength} with ${base} targets`);
  }
  const out: Code[] = new Array<Code>(n);
  rank.forEach((r, k) => (out[r.i] = ranked[k]));
  return out;
}

function checkBase(base: number): void {
  if (!Number.isInteger(base) || base < 2) throw new RangeError(`codes need at least 2 targets, got ${base}`);
}

export type NarrowResult<T> =
  | { kind: 'narrowed' }
  | { kind: 'chosen'; item: T; index: number }
  /** A digit no code continues with: nothing is chosen (callers treat it as "back out"). */
  | { kind: 'spare' };

/** Whether `code` begins with the digits selected so far (a code equal to them too). */
export const startsWith = (code: Code, prefix: readonly number[]): boolean =>
  prefix.length <= code.length && prefix.every((d, i) => code[i] === d);

/** Selecting a code digit by digit: what is still reachable, and what each target leads to now. */
export class Narrowing<T> {
  private readonly typed: number[] = [];

  constructor(
    readonly items: readonly T[],
    readonly codes: readonly Code[],
    readonly base: number,
  ) {
    if (items.length !== codes.length) throw new RangeError('Narrowing: one code per item');
  }

  /** Digits selected so far. */
  get prefix(): readonly number[] {
    return this.typed;
  }

  private matches(code: Code): boolean {
    return code.length > this.typed.length && startsWith(code, this.typed);
  }

  /** Items still reachable, with the digits left to select. */
  candidates(): { item: T; index: number; rest: Code }[] {
    const out: { item: T; index: number; rest: Code }[] = [];
    this.codes.forEach((code, index) => {
      if (this.matches(code)) out.push({ item: this.items[index], index, rest: code.slice(this.typed.length) });
    });
    return out;
  }

  /** For each target position, the items selecting it next leads towards (empty: a spare target). */
  groups(): T[][] {
    const out: T[][] = Array.from({ length: this.base }, () => []);
    for (const c of this.candidates()) out[c.rest[0]].push(c.item);
    return out;
  }

  select(digit: number): NarrowResult<T> {
    if (!Number.isInteger(digit) || digit < 0 || digit >= this.base) return { kind: 'spare' };
    const next = [...this.typed, digit];
    let chosen: number | undefined;
    let any = false;
    this.codes.forEach((code, index) => {
      if (!startsWith(code, next)) return;
      any = true;
      if (code.length === next.length) chosen = index;
    });
    if (!any) return { kind: 'spare' };
    if (chosen !== undefined) {
      this.typed.length = 0;
      return { kind: 'chosen', item: this.items[chosen], index: chosen };
    }
    this.typed.push(digit);
    return { kind: 'narrowed' };
  }

  /** Takes back the last digit; false when none was selected. */
  back(): boolean {
    return this.typed.pop() !== undefined;
  }

  reset(): void {
    this.typed.length = 0;
  }
}
