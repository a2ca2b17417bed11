import browser from 'webextension-polyfill';
import type { PendingUndo, ReturnCheck } from '../core/protocol/messages';

/**
 * Undo offers that must survive a navigation, one per tab, in session
 * storage (the service worker may be stopped between the two pages), with
 * the address of the page the user left. When such an offer's step back
 * runs, the page the tab then shows is checked against that address: a
 * page's history handlers (pushState, popstate) can send Back anywhere.
 */
const key = (tabId: number) => `undo:${tabId}`;
const cameFromKey = (tabId: number) => `came-from:${tabId}`;
/** How long after "Undo: Go back" a page arriving in the tab is taken as where it led (ms). */
const RETURN_MS = 10_000;

interface CameFrom {
  url: string;
  /** Set when the step back starts: until then no page arriving is its result. */
  until?: number;
}

/** The address without its fragment: moving within the page one came from is still that page. */
function page(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href;
  } catch {
    return url;
  }
}

/** Keeps (or drops, null) the tab's offer; `from` is where the offering page is, as the browser says. */
export async function keepUndo(tabId: number, undo: PendingUndo | null, from: string | undefined): Promise<void> {
  if (undo) await browser.storage.session.set({ [key(tabId)]: { ...undo, from } });
  else await browser.storage.session.remove(key(tabId));
}

/** The tab's offer if it has not expired; it is forgotten either way (an offer is made to one page). */
export async function takeUndo(tabId: number): Promise<PendingUndo | null> {
  const stored = (await browser.storage.session.get(key(tabId)))[key(tabId)] as PendingUndo | undefined;
  await browser.storage.session.remove(key(tabId));
  const offer = stored && stored.until > Date.now() ? stored : null;
  if (offer?.step === 'back' && offer.from) {
    await browser.storage.session.set({ [cameFromKey(tabId)]: { url: offer.from } satisfies CameFrom });
  }
  return offer;
}

/** The taken offer's step back starts: pages arriving in the next seconds are checked. */
export async function undoBack(tabId: number): Promise<null> {
  const k = cameFromKey(tabId);
  const stored = (await browser.storage.session.get(k))[k] as CameFrom | undefined;
  if (stored) await browser.storage.session.set({ [k]: { url: stored.url, until: Date.now() + RETURN_MS } });
  return null;
}

/**
 * Where `url` is against where the step back under way should lead; null
 * when none is. Kept while the tab is elsewhere (a page may move on again
 * at once), forgotten once it is back or the time is up.
 */
export async function checkReturn(tabId: number, url: string | undefined): Promise<ReturnCheck | null> {
  const k = cameFromKey(tabId);
  const stored = (await browser.storage.session.get(k))[k] as CameFrom | undefined;
  if (!stored?.until || !url) return null;
  if (stored.until < Date.now()) {
    await browser.storage.session.remove(k);
    return null;
  }
  const same = page(url) === page(stored.url);
  if (same) await browser.storage.session.remove(k);
  return { cameFrom: stored.url, arrivedAt: url, same };
}
