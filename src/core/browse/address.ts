/**
 * What "Go to address or search" does with the typed text, as a browser's
 * address bar does: a web address opens, anything else is searched for.
 * Only http and https open: a typed "javascript:", "file:" or extension
 * address is searched for as text, never opened.
 */
export type AddressTarget = { kind: 'open'; url: string } | { kind: 'search'; query: string };

/** A host name with a dot and a top-level name of letters, "localhost", or an IPv4 address; a port and path may follow. */
const HOST =
  /^(?:(?:[\p{L}\d](?:[\p{L}\d-]*[\p{L}\d])?\.)+\p{L}{2,}|localhost|\d{1,3}(?:\.\d{1,3}){3})(?::\d{1,5})?(?:[/?#]\S*)?$/iu;

export function addressOrSearch(typed: string): AddressTarget {
  const text = typed.trim();
  if (/^https?:\/\//i.test(text)) {
    try {
      return { kind: 'open', url: new URL(text).href };
    } catch {
      return { kind: 'search', query: text };
    }
  }
  if (!/\s/.test(text) && HOST.test(text) && !/@/.test(text.split(/[/?#]/)[0])) {
    // Local addresses are rarely served over https; every other site is.
    const scheme = /^(localhost|\d{1,3}(?:\.\d{1,3}){3})(?::|\/|$)/i.test(text) ? 'http' : 'https';
    try {
      return { kind: 'open', url: new URL(`${scheme}://${text}`).href };
    } catch {
      return { kind: 'search', query: text };
    }
  }
  return { kind: 'search', query: text };
}
