/**
 * Element tests by tag name: elements of same-origin frames come from
 * another realm, where `instanceof HTMLInputElement` (this window's class)
 * is false.
 */
export const isInput = (el: Element): el is HTMLInputElement => el.localName === 'input';
export const isTextArea = (el: Element): el is HTMLTextAreaElement => el.localName === 'textarea';
export const isSelect = (el: Element): el is HTMLSelectElement => el.localName === 'select';
export const isLinkElement = (el: Element): el is HTMLAnchorElement => el.localName === 'a' || el.localName === 'area';
export const isDetails = (el: Element | null): el is HTMLDetailsElement => el?.localName === 'details';
export const isShadowRoot = (n: Node): n is ShadowRoot => n.nodeType === Node.DOCUMENT_FRAGMENT_NODE && 'host' in n;
