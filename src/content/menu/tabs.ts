import browser from 'webextension-polyfill';
import type { PendingUndo, TabEntry, ToBackground } from '../../core/protocol/messages';
import type { Outcome } from '../modes/mode';

/** The window's tabs (titles told by each page) and switching between them, through the service worker. */
const ask = <T>(m: ToBackground) => browser.runtime.sendMessage(m) as Promise<T>;

export async function windowTabs(): Promise<TabEntry[]> {
  const tabs = await ask<TabEntry[] | undefined>({ to: 'background', type: 'list-tabs' }).catch(() => undefined);
  return Array.isArray(tabs) ? tabs : [];
}

/**
 * Brings `to` forward. This page is hidden then, so the tab brought forward
 * offers the undo (switch back to `from`, this page's tab) on its own targets.
 */
export async function switchTab(to: TabEntry, from: TabEntry | undefined, offerMs: number): Promise<Outcome> {
  const undo: PendingUndo | undefined = from && {
    label: `Back to ${from.title}`,
    step: 'tab',
    tabId: from.id,
    until: Date.now() + offerMs,
  };
  const r = await ask<{ ok: boolean; message: string } | undefined>({
    to: 'background',
    type: 'activate-tab',
    tabId: to.id,
    undo,
  }).catch(() => undefined);
  if (!r?.ok) return { text: r?.message ?? 'Could not switch tab' };
  return { text: `Switched to ${to.title}`, did: 'switch-tab' };
}

/** The undo another tab handed over: bring that tab back to the front. */
export async function switchBack(p: PendingUndo): Promise<string> {
  if (p.tabId === undefined) return 'No tab to go back to';
  const r = await ask<{ ok: boolean; message: string } | undefined>({
    to: 'background',
    type: 'activate-tab',
    tabId: p.tabId,
  }).catch(() => undefined);
  return r?.ok ? p.label.replace(/^Back to /, 'Switched back to ') : (r?.message ?? 'Could not switch tab');
}
