import type { StatusBoard } from './status-board';

const REPORT_EVERY_MS = 10_000;

/** The document's JS heap in the status, where Chromium reports it: soak tests watch it for leaks. */
export function reportHeap(status: StatusBoard): void {
  setInterval(() => {
    const mem = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    if (mem) status.set({ heapMB: Math.round((mem.usedJSHeapSize / 2 ** 20) * 10) / 10 });
  }, REPORT_EVERY_MS);
}
