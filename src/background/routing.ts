import browser, { type Tabs } from 'webextension-polyfill';
import type { ToContent, ToOffscreen } from '../core/protocol/messages';
import { tell, tellTab } from '../extension/messaging';
import { ensureOffscreen } from './offscreen-document';
import { loadSettings } from './settings-store';

/**
 * Where the service worker's messages go: the offscreen document, one tab,
 * the tab whose squares are on screen, or every tab.
 */

/** How long the offscreen document, once seen, is taken to be there without asking the browser again. */
const OFFSCREEN_SEEN_MS = 5000;
let offscreenSeenAt = -Infinity;

// Without a chosen headset there is no offscreen document (unless the help alarm made one): nobody may hear.
// Gaze and targets come several times a second: the settings are in memory, the document is looked for now and then.
export async function toOffscreen(m: ToOffscreen): Promise<void> {
  if ((await loadSettings()).device !== 'none' && Date.now() - offscreenSeenAt > OFFSCREEN_SEEN_MS) {
    await ensureOffscreen();
    offscreenSeenAt = Date.now();
  }
  await tell(m);
}

export const toTab = tellTab;

/**
 * The tab whose squares are on screen: the last tab that reported them while
 * it was its window's active tab. Heartbeats and detections go there. With
 * several windows (a headless browser has one per page) the "active tab of
 * the last focused window" can be another window's; and a tab going to the
 * background can report "no squares" after the new front tab reported its
 * own. Kept in memory; after a service-worker restart, until a tab reports,
 * the active tab of the last focused window stands in.
 */
export const front: { tab: number | undefined } = { tab: undefined };

async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id;
}

export async function toActiveTab(m: ToContent): Promise<void> {
  const id = front.tab ?? (await activeTabId());
  if (id !== undefined) await toTab(id, m);
}

export async function toAllTabs(m: ToContent): Promise<void> {
  await toTabs(await browser.tabs.query({}), m);
}

async function toTabs(tabs: Tabs.Tab[], m: ToContent): Promise<void> {
  await Promise.all(tabs.flatMap((t) => (t.id !== undefined ? [toTab(t.id, m)] : [])));
}
