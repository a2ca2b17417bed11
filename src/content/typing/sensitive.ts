import { isSensitiveField } from '../../core/browse/sensitive-field';
import { isInput, isTextArea } from '../hints/dom';

/**
 * Reads a field's attributes for the one rule in core/browse/sensitive-field.
 * A "show password" button turns a password field into a text field: the
 * field stays secret, so every password field seen (when asked about, or
 * when its type changes) is remembered for as long as the element lives.
 */
const wasPassword = new WeakSet<Element>();
const watched = new WeakSet<Document>();

/** Remembers the password fields of `doc` whose type a page script changes (from the start, before any field is chosen). */
export function watchPasswordFields(doc: Document): void {
  if (watched.has(doc)) return;
  watched.add(doc);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.oldValue?.trim().toLowerCase() === 'password' && r.target.nodeType === Node.ELEMENT_NODE) {
        wasPassword.add(r.target as Element);
      }
    }
  }).observe(doc, { subtree: true, attributes: true, attributeFilter: ['type'], attributeOldValue: true });
}

/** Whether what is typed into `el` must stay secret (no learning, no suggestions, no text in messages or logs). */
export function isSensitiveElement(el: HTMLElement): boolean {
  watchPasswordFields(el.ownerDocument);
  const control = isInput(el) || isTextArea(el) ? el : undefined;
  const type = control && isInput(control) ? control.type : '';
  if (type === 'password') wasPassword.add(el);
  return isSensitiveField({
    type,
    autocomplete: control?.getAttribute('autocomplete') ?? null,
    formAutocomplete: control?.form?.getAttribute('autocomplete') ?? null,
    masked: drawnAsDots(el),
    wasPassword: wasPassword.has(el),
    inSearch: el.closest('[role="search" i], search') !== null,
  });
}

/** The page shows the field's text as dots (a password field, or CSS that masks text): the speller does too. */
export function isMaskedElement(el: HTMLElement): boolean {
  return (isInput(el) && el.type === 'password') || drawnAsDots(el);
}

function drawnAsDots(el: HTMLElement): boolean {
  const security = el.ownerDocument.defaultView?.getComputedStyle(el).getPropertyValue('-webkit-text-security');
  const value = security?.trim() ?? '';
  return value !== '' && value !== 'none';
}
