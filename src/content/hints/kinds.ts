import { accessibleName } from '../accname';
import { isInput, isLinkElement, isSelect, isTextArea } from './dom';
import { TYPEABLE_INPUT_TYPES } from '../typing/text-field';

/**
 * What choosing an element does: open a link, press a button, tick a box,
 * type into a field, or pick from a list.
 */
export type HintKind = 'link' | 'button' | 'toggle' | 'field' | 'select';

/** Everything that can be clicked or typed into (each root is searched with it; open shadow roots too). */
export const CLICKABLE_SELECTOR = [
  'a[href]',
  'area[href]',
  'button',
  'input:not([type="hidden"])',
  'textarea',
  'select',
  'summary',
  '[contenteditable]:not([contenteditable="false"])',
  ...[
    'button',
    'link',
    'tab',
    'checkbox',
    'radio',
    'menuitem',
    'menuitemcheckbox',
    'menuitemradio',
    'switch',
    'option',
  ].map((r) => `[role="${r}"]`),
].join(', ');

const BUTTON_TYPES = new Set(['button', 'submit', 'reset', 'image']);
const TOGGLE_ROLES = new Set(['checkbox', 'radio', 'switch', 'menuitemcheckbox', 'menuitemradio']);

/** The kind of a matched element; undefined for what hints cannot work (file choosers, colour pickers, sliders, number and date fields). */
export function kindOf(el: HTMLElement): HintKind | undefined {
  const role = el.getAttribute('role');
  if (role && TOGGLE_ROLES.has(role)) return 'toggle';
  if (isInput(el)) {
    const type = el.type.toLowerCase();
    if (type === 'checkbox' || type === 'radio') return 'toggle';
    if (BUTTON_TYPES.has(type)) return 'button';
    // Only what the speller can fill: number and date fields would be offered, then refused.
    if (TYPEABLE_INPUT_TYPES.has(type)) return el.readOnly ? undefined : 'field';
    return undefined;
  }
  if (isTextArea(el)) return el.readOnly ? undefined : 'field';
  if (isSelect(el)) return el.multiple ? undefined : 'select';
  if (role === 'link' || isLinkElement(el)) return 'link';
  if (el.isContentEditable && !el.parentElement?.isContentEditable && el.matches('[contenteditable]')) return 'field';
  if (el.hasAttribute('contenteditable')) return undefined; // inside an editor: the editor itself has the hint
  return 'button';
}

/** Disabled natively, through a disabled fieldset, or by ARIA. */
export function isDisabled(el: HTMLElement): boolean {
  return el.matches(':disabled') || el.getAttribute('aria-disabled') === 'true';
}

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();

/** What the user would call it: its label, its text, its placeholder (shortened for tags and messages). */
export const nameOf = (el: HTMLElement): string => shortName(wholeNameOf(el));

/** The same, whole: every word of it can be found by spelling ("Find by its words"). */
export function wholeNameOf(el: HTMLElement): string {
  const control = isInput(el) || isSelect(el) || isTextArea(el);
  // A form control's content is not its name (a list's content is all of its options).
  const byAria = el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby');
  if (!control || byAria || (isInput(el) && BUTTON_TYPES.has(el.type))) {
    const own = accessibleName(el);
    if (own) return own;
  }
  const labels = (el as HTMLInputElement).labels;
  const label = labels
    ? Array.from(labels)
        .map((l) => normalize(l.textContent ?? ''))
        .find((l) => l.length > 0)
    : undefined;
  if (label) return label;
  // Not the name attribute: it is the page's own identifier ("q"), not a word for the user.
  const hint = el.getAttribute('placeholder') || el.getAttribute('title') || '';
  if (normalize(hint)) return normalize(hint);
  if (isInput(el) && (el.type === 'search' || el.closest('[role="search"]'))) return 'Search box';
  if (isLinkElement(el)) return el.href.replace(/^https?:\/\//, '');
  return '';
}

/** A name as tags and messages show it: at most 40 letters. */
export function shortName(s: string, max = 40): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

/** The word for it in messages ("That link moved; nothing was pressed"). */
export function nounOf(el: HTMLElement, kind: HintKind): string {
  switch (kind) {
    case 'link':
      return 'link';
    case 'button':
      return el.getAttribute('role') === 'tab' ? 'tab' : 'button';
    case 'toggle':
      if (el.getAttribute('role') === 'switch') return 'switch';
      return (isInput(el) && el.type === 'radio') || el.getAttribute('role')?.endsWith('radio') ? 'choice' : 'tick box';
    case 'field':
      return 'text box';
    case 'select':
      return 'list';
  }
}
