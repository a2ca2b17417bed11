import type { PendingUndo, TabEntry } from '../../core/protocol/messages';
import { ask } from '../../extension/messaging';
import type { Outcome } from '../modes/mode';

/** The window's tabs (titles told by each page) and switching between them, through the service worker. */

/** What went wrong, for the log; the user is told by the outcome. */
const logged = (what: string) => (e: unknown) => {
  console.warn(`[BrainBrowsR] ${what} failed`, e);
  return undefined;
};

/** The tabs, or none when the service worker does not answer (the menu then offers no switch). */
export async function windowTabs(): Promise<TabEntry[]> {
  return (await ask({ to: 'background', type: 'list-tabs' }).catch(logged('listing tabs'))) ?? [];
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
  const r = await ask({ to: 'background', type: 'activate-tab', tabId: to.id, undo }).catch(logged('switching tab'));
  if (!r?.ok) return { text: r?.message ?? 'Could not switch tab' };
  return { text: `Switched to ${to.title}`, did: 'switch-tab' };
}

/** The undo another tab handed over: bring that tab back to the front. */
export async function switchBack(p: PendingUndo): Promise<string> {
  if (p.tabId === undefined) return 'No tab to go back to';
  const r = await ask({ to: 'background', type: 'activate-tab', tabId: p.tabId }).catch(logged('switching back'));
  return r?.ok ? p.label.replace(/^Back to /, 'Switched back to ') : (r?.message ?? 'Could not switch tab');
}
