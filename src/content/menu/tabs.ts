import browser from 'webextension-polyfill';
import type { TabEntry, ToBackground } from '../../core/protocol/messages';
import type { Outcome } from '../modes/mode';

/** The window's tabs (titles told by each page) and switching between them, through the service worker. */
const ask = <T>(m: ToBackground) => browser.runtime.sendMessage(m) as Promise<T>;

export async function windowTabs(): Promise<TabEntry[]> {
  const tabs = await ask<TabEntry[] | undefined>({ to: 'background', type: 'list-tabs' }).catch(() => undefined);
  return Array.isArray(tabs) ? tabs : [];
}

/** Brings `to` forward; the undo brings `from` (this page's tab) back. */
export async function switchTab(to: TabEntry, from: TabEntry | undefined): Promise<Outcome> {
  const r = await ask<{ ok: boolean; message: string } | undefined>({
    to: 'background',
    type: 'activate-tab',
    tabId: to.id,
  }).catch(() => undefined);
  if (!r?.ok) return { text: r?.message ?? 'Could not switch tab' };
  return {
    text: `Switched to ${to.title}`,
    did: 'switch-tab',
    undo: from && {
      label: `Back to ${from.title}`,
      run: async () => (await switchTab(from, undefined)).text,
    },
  };
}
