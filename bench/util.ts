/** Runs fn repeatedly for at least `minMs`; returns mean milliseconds per call. */
export function timeIt(fn: () => void, minMs = 300): number {
  fn(); // warm-up
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    n++;
    elapsed = performance.now() - start;
  }
  return elapsed / n;
}

export const fmt = (v: number, digits = 1) =>
  v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function heading(title: string): void {
  console.log(`\n## ${title}`);
}
