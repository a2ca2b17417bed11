/**
 * The element in the page that holds a closed shadow root of the extension's
 * UI, under a name made up at each page load (a custom element name: two
 * runs of letters and a hyphen), so a page cannot select or style it by a
 * name known in advance. A page can still find it among the root's
 * children: what it draws is checked for being seen (visibility.ts).
 */
function letters(n: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  return Array.from(bytes, (b) => String.fromCharCode(97 + (b % 26))).join('');
}

export function hostElement(): HTMLElement {
  const host = document.createElement(`${letters(5)}-${letters(7)}`);
  // No box of its own: an empty box over the whole window would count as covering the page's own
  // content and the extension's other UI for the browser's visibility checks. Fixed children still place
  // themselves against the window.
  host.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;pointer-events:none;z-index:2147483647;';
  return host;
}
