/** A paragraph of the calibration panel's result area. */
export const para = (text: string, className = '') =>
  Object.assign(document.createElement('p'), { className, textContent: text });

/** An error paragraph that ends with a link to the page that fixes it (opened beside this one). */
export function fixIn(text: string, href: string, linkText: string): HTMLParagraphElement {
  const p = para(text, 'error');
  p.append(Object.assign(document.createElement('a'), { href, target: '_blank', textContent: linkText }), '.');
  return p;
}
