import browser from 'webextension-polyfill';
import { DEFAULT_LAYOUT } from '../core/protocol/layout';
import { STORAGE_KEYS } from '../core/protocol/messages';
import { STATUS_OFF, type StreamStatus } from '../core/state/stream-status';
import type { Settings } from '../core/state/settings';

/**
 * Settings live in storage.local and the stream status in storage.session,
 * so a service worker stopped and restarted by the browser loses nothing.
 */

// No headset until the carer chooses one: the simulator too is a choice (Connect page, npm start).
// Nothing published to the relay until the carer pairs it and switches sharing on (docs/relay.md).
export const DEFAULT_SETTINGS: Settings = { device: 'none', layout: DEFAULT_LAYOUT, mains: 50, relay: false };

export async function loadSettings(): Promise<Settings> {
  const got = await browser.storage.local.get(STORAGE_KEYS.settings);
  return { ...DEFAULT_SETTINGS, ...((got[STORAGE_KEYS.settings] as Partial<Settings> | undefined) ?? {}) };
}

export async function saveSettings(s: Settings): Promise<void> {
  await browser.storage.local.set({ [STORAGE_KEYS.settings]: s });
}

export async function loadStatus(): Promise<StreamStatus> {
  const got = await browser.storage.session.get(STORAGE_KEYS.status);
  return (got[STORAGE_KEYS.status] as StreamStatus | undefined) ?? STATUS_OFF;
}

export async function saveStatus(s: StreamStatus): Promise<void> {
  await browser.storage.session.set({ [STORAGE_KEYS.status]: s });
}
