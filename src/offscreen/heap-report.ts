/**
 * The document's JS heap (MB), where Chromium reports it: the live view
 * shows it and soak benchmarks watch it for leaks. Not part of the status,
 * which every open page would otherwise be told of each time it moves.
 */
export function heapMB(): number | undefined {
  const mem = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return mem ? Math.round((mem.usedJSHeapSize / 2 ** 20) * 10) / 10 : undefined;
}
