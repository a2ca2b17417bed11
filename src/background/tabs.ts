import browser, { type Tabs } from 'webextension-polyfill';
import type { PendingUndo, TabEntry } from '../core/protocol/messages';
import type { TabSwitch } from '../core/protocol/replies';
import { askTab, tellTab } from '../extension/messaging';
import { keepUndo } from './undo-store';

/**
 * The menu's Switch tab, without the `tabs` permission (left out so the
 * extension cannot read the addresses of every page the person visits):
 * the tabs of a window are listed by id, and each tab's own content script
 * tells its title and whether it can draw the targets. Tabs where it does
 * not run (browser pages, a page still loading, a discarded tab) are
 * "Other page", without targets.
 */
const TITLE_WAIT_MS = 500;
export const OTHER_PAGE = 'Other page';

async function infoOf(tabId: number): Promise<{ title: string; targets: boolean }> {
  // No content script there (a browser page, one still loading, a discarded tab): "Other page".
  const asked = askTab(tabId, { to: 'content', type: 'tab-info' }).catch(() => undefined);
  const late = new Promise<undefined>((r) => setTimeout(() => r(undefined), TITLE_WAIT_MS));
  const info = await Promise.race([asked, late]);
  // A page's title is the page's to set: anything but text is no title.
  const title = typeof info?.title === 'string' && info.title.trim() ? info.title.trim() : OTHER_PAGE;
  return { title, targets: info?.targets === true };
}

/** The tabs of the asking tab's window in their order, the asking tab marked. */
export async function listTabs(asking: Tabs.Tab): Promise<TabEntry[]> {
  if (asking.windowId === undefined) return [];
  const tabs = await browser.tabs.query({ windowId: asking.windowId });
  return Promise.all(
    tabs
      .filter((t) => t.id !== undefined)
      .map(async (t) => ({ id: t.id!, current: t.id === asking.id, ...(await infoOf(t.id!)) })),
  );
}

/** A page's title as plain words: no control, bidirectional or quotation marks, at most 60 letters. */
function plainTitle(title: string): string {
  return title
    .replace(/[\p{Cc}\p{Cf}"“”„‟«»‹›]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60)
    .trim();
}

/** How long the new tab offers the way back to the tab it was opened from (ms). */
const NEW_TAB_UNDO_MS = 15_000;

/**
 * Opens `url` in a new tab right of the asking one, in front (the page asked
 * for a new window; the person chose the link). Only web pages: a page's
 * link cannot open the browser's or the extension's own pages this way.
 * The new tab says which tab it is and offers the way back.
 */
export function openTab(asking: Tabs.Tab, url: string, fromTitle: string): Promise<TabSwitch> {
  const done = openAndKeepUndo(asking, url, fromTitle);
  opening = done.catch(() => undefined);
  return done;
}

/**
 * Settles once the tab opened last has its undo kept: a fast page in it may
 * ask for its undo before `tabs.create` has even answered here.
 */
let opening: Promise<unknown> = Promise.resolve();
export const tabOpened = (): Promise<unknown> => opening;

async function openAndKeepUndo(asking: Tabs.Tab, url: string, fromTitle: string): Promise<TabSwitch> {
  let web = false;
  try {
    web = ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    web = false;
  }
  if (!web) return { ok: false, message: 'Only web pages open in a new tab' };
  if (asking.id === undefined || asking.windowId === undefined) return { ok: false, message: 'No tab to open from' };
  const tab = await browser.tabs.create({
    url,
    windowId: asking.windowId,
    index: asking.index + 1,
    openerTabId: asking.id,
    active: true,
  });
  if (tab.id === undefined) return { ok: false, message: 'The new tab did not open' };
  // The tab is open: whatever fails from here, the page that asked must not open the link as well.
  const count = await browser.tabs
    .query({ windowId: asking.windowId })
    .then((t) => t.length)
    .catch(() => undefined);
  const which = count === undefined ? 'a new tab' : `tab ${tab.index + 1} of ${count}`;
  // The page's title is the page's to set: only its words, never marks that could make the notice read otherwise.
  const title = plainTitle(fromTitle) || OTHER_PAGE;
  await keepUndo(
    tab.id,
    {
      label: `Back to ${title}`,
      step: 'tab',
      tabId: asking.id,
      until: Date.now() + NEW_TAB_UNDO_MS,
      notice: `New tab (${which}), opened from “${title}”`,
    },
    undefined,
  ).catch(() => undefined);
  return { ok: true, message: `in a new tab (${which})` };
}

/** Brings a tab of the asking tab's window to the front, checks that it is, and hands it the undo (switch back). */
export async function activateTab(asking: Tabs.Tab, tabId: number, undo?: PendingUndo): Promise<TabSwitch> {
  // tabs.get rejects for a tab that no longer exists.
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  if (!tab) return { ok: false, message: 'That tab has been closed' };
  // Only the asking page's own window: a page cannot bring another window's tabs forward.
  if (tab.windowId !== asking.windowId) return { ok: false, message: 'That tab is in another window' };
  await browser.tabs.update(tabId, { active: true });
  const after = await browser.tabs.get(tabId).catch(() => undefined); // closed meanwhile
  if (!after?.active) return { ok: false, message: 'The tab did not come forward' };
  if (undo && asking.id !== undefined) {
    await tellTab(tabId, { to: 'content', type: 'adopt-undo', undo: { ...undo, step: 'tab', tabId: asking.id } });
  }
  return { ok: true, message: 'Switched tab' };
}
