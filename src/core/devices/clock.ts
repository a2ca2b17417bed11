/** Time source injected by the host (real time in the browser and CLI, virtual in tests). */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}
