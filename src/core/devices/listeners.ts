/** A minimal typed event fan-out (no DOM EventTarget in core). */
export class Listeners<E> {
  private readonly set = new Set<(e: E) => void>();

  add(listener: (e: E) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  emit(e: E): void {
    for (const l of this.set) {
      try {
        l(e);
      } catch {
        // A failing listener must not stop the stream or the other listeners.
      }
    }
  }
}
