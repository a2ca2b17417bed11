/**
 * Enough of the accessible name computation (https://www.w3.org/TR/accname-1.2/)
 * to find a page's controls the way a screen reader names them: so "Like"
 * is the control named exactly "Like", never "Dislike" or "Liked by 3".
 */
const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();

function nameFromContent(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  // Node types, not instanceof: elements of same-origin frames come from another realm.
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  const el = node as Element;
  if (el.getAttribute('aria-hidden') === 'true') return '';
  const label = el.getAttribute('aria-label');
  if (label && normalize(label)) return label;
  if (el.localName === 'img') return (el as HTMLImageElement).alt;
  if (el.localName === 'svg') return el.querySelector('title')?.textContent ?? '';
  return Array.from(el.childNodes).map(nameFromContent).join(' ');
}

export function accessibleName(el: Element): string {
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) {
    const text = labelledBy
      .split(/\s+/)
      .map((id) => el.ownerDocument.getElementById(id))
      .filter((e): e is HTMLElement => e !== null)
      .map((e) => nameFromContent(e))
      .join(' ');
    if (normalize(text)) return normalize(text);
  }
  const label = el.getAttribute('aria-label');
  if (label && normalize(label)) return normalize(label);
  if (el.localName === 'input' && ['button', 'submit', 'reset'].includes((el as HTMLInputElement).type)) {
    return normalize((el as HTMLInputElement).value);
  }
  const content = normalize(nameFromContent(el));
  if (content) return content;
  return normalize(el.getAttribute('title') ?? '');
}

/** Elements whose role is button (native buttons, input buttons, role="button"), in document order. */
export function buttonsIn(root: ParentNode): HTMLElement[] {
  return Array.from(
    root.querySelectorAll<HTMLElement>(
      'button:not([role]), button[role="button"], input[type="button"], input[type="submit"], [role="button"]',
    ),
  ).filter((b) => !(b as HTMLButtonElement).disabled && b.getAttribute('aria-disabled') !== 'true');
}
