import browser from 'webextension-polyfill';
import type { PendingUndo } from '../core/protocol/messages';

/**
 * Undo offers that must survive a navigation, one per tab, in session
 * storage (the service worker may be stopped between the two pages).
 */
const key = (tabId: number) => `undo:${tabId}`;

export async function keepUndo(tabId: number, undo: PendingUndo | null): Promise<void> {
  if (undo) await browser.storage.session.set({ [key(tabId)]: undo });
  else await browser.storage.session.remove(key(tabId));
}

/** The tab's offer if it has not expired; it is forgotten either way (an offer is made to one page). */
export async function takeUndo(tabId: number): Promise<PendingUndo | null> {
  const stored = (await browser.storage.session.get(key(tabId)))[key(tabId)] as PendingUndo | undefined;
  await browser.storage.session.remove(key(tabId));
  return stored && stored.until > Date.now() ? stored : null;
}
