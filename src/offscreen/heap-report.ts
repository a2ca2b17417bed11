import type { StatusBoard } from './status-board';

const REPORT_EVERY_MS = 10_000;

/** The document's JS heap in the status, where Chromium reports it: soak tests watch it for leaks. */
export function reportHeap(status: StatusBoard): void {
  let last = 0;
  setInterval(() => {
    const mem = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    if (!mem || Date.now() - last <= REPORT_EVERY_MS) return;
    last = Date.now();
    status.set({ heapMB: Math.round((mem.usedJSHeapSize / 2 ** 20) * 10) / 10 });
  }, 500);
}
