/**
 * An async event handler (a click, a change) whose failure is not lost: it
 * is logged with what the user was doing, and `report`, when given, tells
 * the user on the page (given the reason and what was being done).
 */
export function handled<E>(
  what: string,
  run: (e: E) => Promise<unknown>,
  report?: (reason: string, what: string) => void,
): (e: E) => void {
  return (e) => {
    run(e).catch((err: unknown) => {
      console.error(`[BrainBrowsR] ${what} failed`, err);
      report?.(err instanceof Error ? err.message : String(err), what);
    });
  };
}
