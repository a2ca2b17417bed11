import type { Code } from '../../core/browse/choice-codes';
import type { Rect } from '../../core/browse/rect';

/**
 * What hint mode shows now, for the test build's hook (test-hooks.ts): the
 * tests read each tag's code from here instead of guessing it.
 */
export interface ShownHint {
  /** The whole code (target positions 0..n-1). */
  code: Code;
  /** The element's name or the option's text. */
  text: string;
  /** Where the tag is drawn, and the element it points at (window coordinates). */
  tag: Rect;
  element: Rect;
  /** The element's words and label. */
  textRects: Rect[];
  /** Still reachable with the digits selected so far. */
  matching: boolean;
  /** Drawn now: false for tags waiting while the first choice is a part of the screen. */
  drawn: boolean;
  round: 'elements' | 'options';
}

let source: (() => ShownHint[]) | undefined;

export function reportHints(fn: (() => ShownHint[]) | undefined): void {
  source = fn;
}

export function shownHints(): ShownHint[] {
  return source?.() ?? [];
}
