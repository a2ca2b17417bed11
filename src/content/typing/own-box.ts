import type { SpellerLanguage } from '../../core/protocol/layout';
import type { Outcome } from '../modes/mode';
import type { Overlay } from '../overlay';
import { TextField } from './text-field';
import { TypingMode } from './typing-mode';

/**
 * The speller typing into a box of its own (a field in the overlay's closed
 * shadow root, out of the page's reach and out of sight: the speller's
 * panel shows the text); enter hands the text to `submit` instead of a form.
 */
const CSS =
  '.own-box { position: fixed; left: 0; top: 0; width: 1px; height: 1px; opacity: 0; border: 0; padding: 0; }';

export function ownBoxMode(
  overlay: Overlay,
  box: { layer: string; type: 'url' | 'search'; label: string },
  language: SpellerLanguage,
  submit: (text: string) => Promise<Outcome>,
): TypingMode | undefined {
  const layer = overlay.layer(box.layer, CSS);
  const input = document.createElement('input');
  input.type = box.type;
  input.className = 'own-box';
  input.setAttribute('aria-label', box.label);
  layer.querySelector('input')?.remove();
  layer.append(input);
  const field = TextField.of(input);
  return field ? new TypingMode(field, language, undefined, submit) : undefined;
}
