import browser from 'webextension-polyfill';
import { DEFAULT_LAYOUT } from '../core/protocol/layout';
import { STORAGE_KEYS } from '../core/protocol/messages';
import { STATUS_OFF, type StreamStatus } from '../core/state/stream-status';
import type { Settings } from '../core/state/settings';

/**
 * Settings live in storage.local and the stream status in storage.session,
 * so a service worker stopped and restarted by the browser loses nothing.
 * Both are kept in memory too: messages are routed by them many times a
 * second, and storage is read again only after a restart.
 */

// No headset until the carer chooses one: the simulator too is a choice (Connect page, npm start).
// Nothing published to the relay until the carer pairs it and switches sharing on (docs/relay.md).
export const DEFAULT_SETTINGS: Settings = { device: 'none', layout: DEFAULT_LAYOUT, mains: 50, relay: false };

const withDefaults = (stored: Partial<Settings> | undefined): Settings => ({ ...DEFAULT_SETTINGS, ...(stored ?? {}) });

let settings: Settings | undefined;
let status: StreamStatus | undefined;

// This worker writes the settings; whoever else may (a future page, a test) is heard here.
browser.storage.onChanged.addListener((changes, area) => {
  const c = changes[STORAGE_KEYS.settings];
  if (area === 'local' && c) settings = withDefaults(c.newValue as Partial<Settings> | undefined);
});

export async function loadSettings(): Promise<Settings> {
  if (settings) return settings;
  const got = await browser.storage.local.get(STORAGE_KEYS.settings);
  settings ??= withDefaults(got[STORAGE_KEYS.settings] as Partial<Settings> | undefined);
  return settings;
}

export async function saveSettings(s: Settings): Promise<void> {
  settings = s;
  await browser.storage.local.set({ [STORAGE_KEYS.settings]: s });
}

export async function loadStatus(): Promise<StreamStatus> {
  if (status) return status;
  const got = await browser.storage.session.get(STORAGE_KEYS.status);
  status ??= (got[STORAGE_KEYS.status] as StreamStatus | undefined) ?? STATUS_OFF;
  return status;
}

let saving: Promise<unknown> = Promise.resolve();

/**
 * Keeps the new status (for the popup and the Connect page, which read
 * storage) and gives back the one it replaces; one after another, so each
 * change is compared with the one before it.
 */
export function saveStatus(s: StreamStatus): Promise<StreamStatus> {
  const saved = saving.then(async () => {
    const before = await loadStatus();
    status = s;
    await browser.storage.session.set({ [STORAGE_KEYS.status]: s });
    return before;
  });
  saving = saved.catch(() => undefined);
  return saved;
}
