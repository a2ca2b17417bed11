import type { StimulusTarget } from '../core/protocol/layout';

/**
 * Simulated gaze for the simulated headset: Alt+Shift+1..9 looks at that
 * target, Alt+Shift+0 looks away; pointing at a target while holding
 * Alt+Shift looks at it. Never without both modifiers (a carer's resting
 * mouse or typed digits must not act) and never while the user types.
 * Only the browser's own (trusted) events: a page can dispatch key and
 * pointer events of its own, and must not steer the gaze.
 */
export const GAZE_MODIFIERS = 'Alt+Shift';

const TEXT_INPUTS = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time']);

/** The focused element, looking into (open) shadow roots and same-origin frames' documents. */
function deepActiveElement(): Element | null {
  let el: Element | null = document.activeElement;
  for (;;) {
    if (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    else if (el instanceof HTMLIFrameElement) {
      try {
        const inner = el.contentDocument?.activeElement;
        if (!inner || inner === el.contentDocument?.body) return el;
        el = inner;
      } catch {
        return el;
      }
    } else return el;
  }
}

/** Whether keys typed now would edit something (inputs, textareas, selects, contenteditable, a cross-origin frame). */
export function editing(): boolean {
  const el = deepActiveElement();
  if (!el) return false;
  if (el instanceof HTMLInputElement) return TEXT_INPUTS.has(el.type) || el.type === '';
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  // A frame we cannot look into may hold an editor: assume it does.
  if (el instanceof HTMLIFrameElement) return true;
  return el instanceof HTMLElement && el.isContentEditable;
}

const withModifiers = (e: KeyboardEvent | PointerEvent) => e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey;

export interface GazeHost {
  /** Whether the simulated headset is the device (otherwise keys and pointer belong to the page). */
  active(): boolean;
  /**
   * The speller owns the focused field: the person looks at the speller,
   * not at the keyboard, so gaze keys act even though a field has focus.
   */
  spelling?(): boolean;
  targets(): StimulusTarget[];
  targetAt(x: number, y: number): StimulusTarget | undefined;
  gaze(target: StimulusTarget | null): void;
}

export function installSimulatedGaze(host: GazeHost): void {
  let pointerTarget: StimulusTarget | null = null;

  window.addEventListener(
    'keydown',
    (e) => {
      if (!e.isTrusted || !host.active() || !withModifiers(e) || (editing() && !host.spelling?.())) return;
      const m = /^(?:Digit|Numpad)(\d)$/.exec(e.code);
      if (!m) return;
      const n = Number(m[1]);
      const targets = host.targets();
      if (n === 0) host.gaze(null);
      else if (n <= targets.length) host.gaze(targets[n - 1]);
      else return;
      e.preventDefault();
      e.stopPropagation();
    },
    true,
  );

  window.addEventListener(
    'pointermove',
    (e) => {
      if (!e.isTrusted || !host.active()) return;
      const t =
        withModifiers(e) && (!editing() || host.spelling?.()) ? (host.targetAt(e.clientX, e.clientY) ?? null) : null;
      if (t === pointerTarget) return;
      // Only the pointer's own gaze ends here; a key gaze goes on until Alt+Shift+0.
      if (t === null && pointerTarget === null) return;
      pointerTarget = t;
      host.gaze(t);
    },
    true,
  );
}
