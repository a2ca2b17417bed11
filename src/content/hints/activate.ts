import { ask } from '../../extension/messaging';
import type { Outcome } from '../modes/mode';
import type { Clickable } from './collect';
import { isDetails, isInput, isTextArea } from './dom';
import { viewOf } from './frames';
import { visibleBoxes } from './visibility';

/**
 * Doing what choosing an element means, with a real click (so the page's
 * own handlers run), and saying what really happened: the state of a tick
 * box is read back, focus is checked, a list's value is read back.
 */
const quoted = (c: Clickable) => (c.name ? `“${c.name}”` : `the ${c.noun}`);

/** Scrolls it fully into view when only part of it shows (a click on a half-hidden control may land elsewhere). */
function bringIntoView(c: Clickable): void {
  const view = viewOf(c.chain);
  const all = c.el.getClientRects();
  if (!view || all.length === 0) return;
  const shown = visibleBoxes(c.el, view);
  const area = (rs: { w: number; h: number }[]) => rs.reduce((s, r) => s + r.w * r.h, 0);
  const whole = Array.from(all).reduce((s, r) => s + r.width * r.height, 0);
  if (area(shown) < whole - 1) c.el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

const settle = () => new Promise((r) => setTimeout(r, 60));

export async function press(c: Clickable): Promise<Outcome> {
  bringIntoView(c);
  if (c.kind === 'link') return openLink(c);
  if (c.el.localName === 'summary') return toggleDetails(c);
  c.el.click();
  return { text: `Pressed ${quoted(c)}`, did: 'click' };
}

/**
 * Whether a link's target asks for a new window: _blank, or a name that no
 * frame of the page has (a link into the page's own named frame stays there).
 */
function opensNewWindow(a: HTMLAnchorElement): boolean {
  const target = (a.getAttribute('target') ?? '').trim();
  if (target === '' || ['_self', '_parent', '_top'].includes(target.toLowerCase())) return false;
  if (target.toLowerCase() === '_blank') return true;
  const named = (d: Document) =>
    Array.from(d.querySelectorAll('iframe[name], frame[name]')).some((f) => f.getAttribute('name') === target);
  return !named(a.ownerDocument) && !named(document);
}

async function openLink(c: Clickable): Promise<Outcome> {
  const a = c.el as HTMLAnchorElement;
  const href = a.href ?? '';
  const here = (u: string) => u.split('#')[0];
  const leaves = /^https?:/i.test(href) && here(href) !== here(a.ownerDocument.location.href);
  if (leaves && opensNewWindow(a)) {
    // What the page asked for, through the extension: a new window from a script's click is blocked as a pop-up.
    const r = await ask({ to: 'background', type: 'open-tab', url: href, fromTitle: document.title }).catch(
      () => undefined,
    );
    if (r?.ok) return { text: `Opened ${quoted(c)} ${r.message}`, did: 'open-tab' };
    // The service worker answered that it opened nothing (not a web page): nothing is opened twice.
    if (r) return { text: r.message };
    // No answer (the service worker did not start): here, in this tab.
  }
  const target = a.getAttribute('target');
  const retarget = leaves && target !== null && opensNewWindow(a);
  if (retarget) a.setAttribute('target', '_self');
  try {
    a.click();
  } finally {
    if (retarget) a.setAttribute('target', target);
  }
  if (!leaves) return { text: `Pressed ${quoted(c)}`, did: 'click' };
  return {
    text: `Opening ${quoted(c)}`,
    did: 'open-link',
    undo: { label: 'Go back', afterNavigation: 'back', run: () => (history.back(), 'Going back') },
  };
}

async function toggleDetails(c: Clickable): Promise<Outcome> {
  const details = isDetails(c.el.parentElement) ? c.el.parentElement : undefined;
  const before = details?.open;
  c.el.click();
  await settle();
  if (!details) return { text: `Pressed ${quoted(c)}`, did: 'click' };
  if (details.open === before) return { text: `${quoted(c)} did not open` };
  const again = async () => {
    c.el.click();
    await settle();
    return details.open ? `Opened ${quoted(c)}` : `Closed ${quoted(c)}`;
  };
  return {
    text: details.open ? `Opened ${quoted(c)}` : `Closed ${quoted(c)}`,
    did: 'toggle',
    undo: { label: details.open ? 'Close it' : 'Open it', run: again },
  };
}

function checkedState(el: HTMLElement): boolean {
  return isInput(el) ? el.checked : el.getAttribute('aria-checked') === 'true';
}

const isRadio = (el: HTMLElement) =>
  (isInput(el) && el.type === 'radio') || /radio$/.test(el.getAttribute('role') ?? '');

/** The radio button of the same group that was chosen before. */
function checkedInGroup(el: HTMLElement): HTMLElement | undefined {
  if (!isInput(el) || !el.name) return undefined;
  const scope: ParentNode = el.form ?? (el.getRootNode() as Document | ShadowRoot);
  return Array.from(scope.querySelectorAll<HTMLInputElement>('input[type="radio"]')).find(
    (r) => r.name === el.name && r.checked && r !== el,
  );
}

export async function toggle(c: Clickable): Promise<Outcome> {
  bringIntoView(c);
  const el = c.el;
  const before = checkedState(el);
  const previous = isRadio(el) ? checkedInGroup(el) : undefined;
  el.click();
  // Pages that draw their own boxes may update the state a moment later.
  await settle();
  const after = checkedState(el);
  if (after === before) return { text: `${quoted(c)} did not change` };
  if (isRadio(el)) {
    return {
      text: `Chose ${quoted(c)}`,
      did: 'toggle',
      undo: previous
        ? {
            label: 'Previous choice',
            run: async () => {
              previous.click();
              await settle();
              return checkedState(previous) ? 'Chose the previous one again' : 'The previous choice did not come back';
            },
          }
        : undefined,
    };
  }
  const word =
    c.noun === 'switch'
      ? (on: boolean) => (on ? 'Switched on' : 'Switched off')
      : (on: boolean) => (on ? 'Ticked' : 'Unticked');
  return {
    text: `${word(after)} ${quoted(c)}`,
    did: 'toggle',
    undo: {
      label: c.noun === 'switch' ? 'Switch back' : after ? 'Untick' : 'Tick again',
      run: async () => {
        el.click();
        await settle();
        const now = checkedState(el);
        return now === after ? `${quoted(c)} did not change` : `${word(now)} ${quoted(c)}`;
      },
    },
  };
}

/** The focused element of the element's own tree (its document or shadow root). */
const focusedIn = (el: Element) => (el.getRootNode() as Document | ShadowRoot).activeElement;

export function focusField(c: Clickable): Outcome {
  bringIntoView(c);
  const el = c.el;
  el.focus();
  if (focusedIn(el) !== el) return { text: `${quoted(c)} cannot be typed into` };
  if (isInput(el) || isTextArea(el)) {
    try {
      // The caret after what is there, so typing adds to it.
      el.setSelectionRange(el.value.length, el.value.length);
    } catch {
      // Types without a caret (number, email, date): focus is enough.
    }
  }
  return { text: `Typing into ${quoted(c)}`, did: 'focus' };
}

const optionText = (o: HTMLOptionElement) => {
  const t = (o.label || o.text).replace(/\s+/g, ' ').trim();
  return t.length > 30 ? `${t.slice(0, 29)}…` : t;
};

function setIndex(select: HTMLSelectElement, index: number): void {
  select.selectedIndex = index;
  select.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Picks option `index` of a list the way a user would (input and change events), and reads it back. */
export function chooseOption(c: Clickable, index: number): Outcome {
  const select = c.el as HTMLSelectElement;
  const option = select.options[index];
  if (!option || option.disabled) return { text: 'That choice cannot be made' };
  const before = select.selectedIndex;
  if (before === index) return { text: `“${optionText(option)}” was already chosen` };
  setIndex(select, index);
  if (select.selectedIndex !== index) return { text: `The page did not take “${optionText(option)}”` };
  const previous = select.options[before];
  return {
    text: `Chose “${optionText(option)}”`,
    did: 'choose-option',
    undo:
      before >= 0 && previous
        ? {
            label: `Back to “${optionText(previous).slice(0, 14)}”`,
            run: () => {
              setIndex(select, before);
              return select.selectedIndex === before
                ? `Chose “${optionText(previous)}” again`
                : `The page did not take “${optionText(previous)}”`;
            },
          }
        : undefined,
  };
}

export { optionText };
