/**
 * A field of the page the speller types into: an input, a textarea or a
 * contenteditable element. Every change goes through the page's own paths
 * (the native value setter and input events, or the editing commands), and
 * is read back: a field that refuses the text is reported, never assumed.
 */
import { isInput, isTextArea } from '../hints/dom';
import { isMaskedElement, isSensitiveElement } from './sensitive';

/** Inputs the speller can type into (every printable character, no date or number pickers); hints offer only these as fields. */
export const TYPEABLE_INPUT_TYPES: ReadonlySet<string> = new Set([
  'text',
  'search',
  'email',
  'url',
  'tel',
  'password',
  '',
]);
/** Types whose caret position the browser does not expose: typing goes at the end. */
const NO_SELECTION = new Set(['email']);

export type EditResult = { ok: true } | { ok: false; reason: string };

type Control = HTMLInputElement | HTMLTextAreaElement;

export class TextField {
  private constructor(readonly el: HTMLElement) {}

  /**
   * The field, if `el` is one the speller can type into. Tested by tag name
   * and the document the element lives in, never `instanceof`: a field of a
   * same-origin frame comes from another realm.
   */
  static of(el: Element | null): TextField | undefined {
    if (!el) return undefined;
    if (isInput(el)) return TYPEABLE_INPUT_TYPES.has(el.type) ? new TextField(el) : undefined;
    if (isTextArea(el)) return new TextField(el);
    if (isEditable(el)) return new TextField(editingHost(el));
    return undefined;
  }

  private get control(): Control | undefined {
    return isInput(this.el) || isTextArea(this.el) ? this.el : undefined;
  }

  private get doc(): Document {
    return this.el.ownerDocument;
  }

  /**
   * What is typed here is secret (passwords, credentials, payment, autofill
   * switched off): nothing is learned or predicted, and no message says the text.
   * Read each time: a page may change the field's attributes while the speller is open.
   */
  get sensitive(): boolean {
    return isSensitiveElement(this.el);
  }

  /** The field takes an e-mail or web address: marks and completions add no space. */
  get takesAddress(): boolean {
    const c = this.control;
    const kinds = [c && isInput(c) ? c.type : '', this.el.getAttribute('inputmode') ?? ''];
    return kinds.includes('email') || kinds.includes('url');
  }

  /** The page draws the text as dots: so does the speller's panel. */
  get masked(): boolean {
    return isMaskedElement(this.el);
  }

  /** Why nothing can be typed here, if so. */
  refusal(): string | undefined {
    if (!this.el.isConnected) return 'The field is gone from the page';
    const c = this.control;
    if (c?.disabled) return 'This field is switched off by the page';
    if (c?.readOnly) return 'This field cannot be changed (read-only)';
    if (!c && !this.el.isContentEditable) return 'This field cannot be changed';
    return undefined;
  }

  /** A short name for the field (its label, placeholder or kind). */
  name(): string {
    const c = this.control;
    const label = c?.labels?.[0]?.textContent?.trim() || this.el.getAttribute('aria-label') || c?.placeholder;
    return (label || (c ? 'the field' : 'the text box')).slice(0, 40);
  }

  /** Gives the field the keyboard focus; a field that did not have it gets the caret after its text, to go on writing. */
  focus(): void {
    if (this.focused()) return;
    this.el.focus({ preventScroll: false });
    const c = this.control;
    if (!c) placeCaretAtEndIfOutside(this.el);
    else if (!(isInput(c) && NO_SELECTION.has(c.type))) c.setSelectionRange(c.value.length, c.value.length);
  }

  focused(): boolean {
    // A field in a closed shadow root (the speller's own address box) is seen only from its root.
    const root = this.el.getRootNode() as Node & Partial<DocumentOrShadowRoot>;
    if (root !== this.doc && root.activeElement === this.el) return true;
    let a: Element | null = this.doc.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a === this.el || (a !== null && this.el.contains(a));
  }

  /** All of the field's text. */
  text(): string {
    const c = this.control;
    return c ? c.value : (this.el.innerText ?? '').replace(/\n$/, '');
  }

  /** The text before the caret (where typing goes). */
  before(): string {
    const c = this.control;
    if (c) return c.value.slice(0, this.caret(c).start);
    const sel = this.doc.getSelection();
    if (!sel || sel.rangeCount === 0 || !this.el.contains(sel.anchorNode)) return this.text();
    const r = this.doc.createRange();
    r.selectNodeContents(this.el);
    r.setEnd(sel.getRangeAt(0).startContainer, sel.getRangeAt(0).startOffset);
    return r.toString();
  }

  private caret(c: Control): { start: number; end: number } {
    if (isInput(c) && NO_SELECTION.has(c.type)) return { start: c.value.length, end: c.value.length };
    const start = c.selectionStart ?? c.value.length;
    return { start, end: c.selectionEnd ?? start };
  }

  /**
   * Removes `remove` characters before the caret and inserts `insert`, as
   * typing would; then checks that the field holds what was meant.
   */
  edit(remove: number, insert: string): EditResult {
    const refused = this.refusal();
    if (refused) return { ok: false, reason: refused };
    this.focus();
    const c = this.control;
    return c ? this.editControl(c, remove, insert) : this.editContent(remove, insert);
  }

  private editControl(c: Control, remove: number, insert: string): EditResult {
    const { start, end } = this.caret(c);
    const from = Math.max(0, start - remove);
    const value = c.value.slice(0, from) + insert + c.value.slice(end);
    // Setting the value from script skips maxlength; a person typing could not go past it, so neither may we.
    if (c.maxLength >= 0 && value.length > c.maxLength && value.length > c.value.length) {
      return { ok: false, reason: `This field takes at most ${c.maxLength} characters` };
    }
    const inputType = insert ? 'insertText' : remove > 0 ? 'deleteContentBackward' : 'insertText';
    const before = new InputEvent('beforeinput', { bubbles: true, cancelable: true, inputType, data: insert || null });
    if (!c.dispatchEvent(before)) return { ok: false, reason: 'The page did not accept the text' };
    // The prototype's setter: pages (React and the like) watch the element's own value property.
    const proto = isInput(c) ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(c, value);
    const caret = from + insert.length;
    if (!(isInput(c) && NO_SELECTION.has(c.type))) c.setSelectionRange(caret, caret);
    c.dispatchEvent(new InputEvent('input', { bubbles: true, inputType, data: insert || null }));
    // The page may rewrite the text in its input handler, or later: the caller reads the field back.
    return { ok: true };
  }

  private editContent(remove: number, insert: string): EditResult {
    const sel = this.doc.getSelection();
    if (!sel) return { ok: false, reason: 'No place to type in this text box' };
    for (let i = 0; i < remove; i++) sel.modify('extend', 'backward', 'character');
    // The editing commands go through the page's beforeinput/input handlers and its undo history.
    const done = insert
      ? this.doc.execCommand('insertText', false, insert)
      : sel.isCollapsed || this.doc.execCommand('delete', false);
    if (!done) return { ok: false, reason: 'The page did not accept the text' };
    return { ok: true };
  }

  /**
   * Removes `text` if it still stands at `start` (for undoing a typed word);
   * false when the field has changed there since.
   */
  removeAt(start: number, text: string): EditResult {
    const before = this.before();
    if (before.endsWith(text) && before.length - text.length === start) return this.edit(text.length, '');
    const c = this.control;
    if (!c || c.value.slice(start, start + text.length) !== text) {
      return { ok: false, reason: 'The word is no longer where it was typed' };
    }
    c.setSelectionRange(start + text.length, start + text.length);
    return this.edit(text.length, '');
  }

  /** Sends the form (as pressing Enter would), or presses Enter in the field. */
  submit(): string {
    const refused = this.el.isConnected ? undefined : 'The field is gone from the page';
    if (refused) return refused;
    const form = this.control?.form;
    if (form) {
      if (!form.checkValidity()) {
        const bad = form.querySelector<HTMLInputElement>(':invalid');
        return `Not sent: ${bad?.validationMessage || 'the form is not complete'}`;
      }
      form.requestSubmit();
      return 'Sent';
    }
    const init = { key: 'Enter', code: 'Enter', keyCode: 13, which: 13, bubbles: true, cancelable: true };
    const down = this.el.dispatchEvent(new KeyboardEvent('keydown', init));
    this.el.dispatchEvent(new KeyboardEvent('keypress', init));
    this.el.dispatchEvent(new KeyboardEvent('keyup', init));
    return down ? 'Pressed Enter' : 'Pressed Enter (the page handled it)';
  }
}

function editingHost(el: HTMLElement): HTMLElement {
  let host = el;
  while (host.parentElement?.isContentEditable) host = host.parentElement;
  return host;
}

const isEditable = (el: Element): el is HTMLElement => (el as Partial<HTMLElement>).isContentEditable === true;

function placeCaretAtEndIfOutside(el: HTMLElement): void {
  const sel = el.ownerDocument.getSelection();
  if (!sel || (sel.rangeCount > 0 && el.contains(sel.anchorNode))) return;
  const r = el.ownerDocument.createRange();
  r.selectNodeContents(el);
  r.collapse(false);
  sel.removeAllRanges();
  sel.addRange(r);
}
