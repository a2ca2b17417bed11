/** Wolpaw information transfer rate in bits/min; 0 below chance. */
export function wolpawItr(accuracy: number, targets: number, secondsPerSelection: number): number {
  const n = targets;
  const p = accuracy;
  if (n < 2 || p <= 1 / n || secondsPerSelection <= 0) return 0;
  let bits = Math.log2(n);
  if (p < 1) bits += p * Math.log2(p) + (1 - p) * Math.log2((1 - p) / (n - 1));
  return (bits * 60) / secondsPerSelection;
}
