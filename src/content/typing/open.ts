import { browsingSettings } from '../page-settings';
import { TextField } from './text-field';
import { TypingMode } from './typing-mode';

/** The speller for a field of the page in the language the carer set; undefined when the element takes no text. */
export function typingModeFor(el: Element | null): TypingMode | undefined {
  const field = TextField.of(el);
  return field ? new TypingMode(field, browsingSettings().language) : undefined;
}
