import browser from 'webextension-polyfill';
import { STORAGE_KEYS } from '../core/protocol/messages';
import type { StreamStatus } from '../core/state/stream-status';
import { showBadge } from './badge';

/**
 * The page in front keeps the squares from being seen (its styles, a
 * cover, removing them): the content script reports none of them, so
 * nothing is chosen there, and the carer learns why from the toolbar
 * badge and the popup (the page may hide the overlay's own status line).
 */
const PAGE_HIDES_KEY = STORAGE_KEYS.pageHides;

export async function pageHiddenBy(): Promise<string | undefined> {
  return (await browser.storage.session.get(PAGE_HIDES_KEY))[PAGE_HIDES_KEY] as string | undefined;
}

export async function notePageHides(hiddenBy: string | undefined, status: StreamStatus): Promise<void> {
  if ((await pageHiddenBy()) === hiddenBy) return;
  if (hiddenBy) await browser.storage.session.set({ [PAGE_HIDES_KEY]: hiddenBy });
  else await browser.storage.session.remove(PAGE_HIDES_KEY);
  await showBadge(status, hiddenBy);
}
