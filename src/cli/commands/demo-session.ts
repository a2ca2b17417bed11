/** The time of day the demo's lines start with. */
export const stamp = () => new Date().toISOString().slice(11, 19);

/** Everything the demo started, stopped once, in reverse order. */
export class Session {
  private readonly stops: (() => Promise<unknown> | void)[] = [];
  private stopping?: Promise<void>;

  add(stop: () => Promise<unknown> | void): void {
    this.stops.push(stop);
  }

  get stopped(): boolean {
    return this.stopping !== undefined;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const s of this.stops.reverse()) {
        // One failed stop must not keep the others from freeing their ports; it is told, not hidden.
        await Promise.resolve()
          .then(s)
          .catch((e: unknown) => console.warn(`${stamp()} stopping: ${e instanceof Error ? e.message : String(e)}`));
      }
    })();
    return this.stopping;
  }
}

/**
 * Stops the session on SIGINT, SIGTERM, SIGHUP or `shutdown(why)`; the
 * returned promise settles once everything is stopped. Whatever hangs, the
 * process ends 4 s later: its ports are freed with it.
 */
export function stopOnSignals(session: Session): { shutdown: (why: string) => void; finished: Promise<void> } {
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const shutdown = (why: string) => {
    if (session.stopped) return;
    console.log(`\n${stamp()} ${why}: stopping`);
    setTimeout(() => process.exit(1), 4000).unref();
    void session.stop().then(done);
  };
  const onSignal = (signal: NodeJS.Signals) => shutdown(signal);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
  session.add(() => {
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
  });
  return { shutdown, finished };
}
