import browser from 'webextension-polyfill';
import { STORAGE_KEYS } from '../core/protocol/messages';
import { listen } from '../extension/messaging';
import { loadControl, patchControl } from './control';
import { backgroundHandlers } from './handlers';
import { type HelpHost, installHelpListeners } from './help';
import { ensureOffscreen } from './offscreen-document';
import { front, toAllTabs, toOffscreen, toTab } from './routing';
import { loadSettings, loadStatus } from './settings-store';

/**
 * Service worker: keeps the offscreen document alive, routes messages
 * between it and the tabs, shows the state on the badge. It keeps nothing
 * in memory that matters: settings live in storage.local, the stream status
 * in storage.session, so being stopped and restarted changes nothing.
 * Listeners are registered before the first await, as MV3 requires.
 */
const WELCOME_URL = 'src/welcome/welcome.html';

async function start(): Promise<void> {
  const settings = await loadSettings();
  if (settings.device === 'none') return;
  await ensureOffscreen();
  await toOffscreen({ to: 'offscreen', type: 'settings', settings });
  await toOffscreen({ to: 'offscreen', type: 'connect', device: settings.device });
}

const openWelcome = () => browser.tabs.create({ url: browser.runtime.getURL(WELCOME_URL) });

/** The carer's shortcuts (chrome://extensions/shortcuts). */
async function onCommand(command: string): Promise<void> {
  const c = await loadControl();
  if (command === 'toggle-on') {
    if (c.consentAt == null) await openWelcome();
    else await patchControl({ on: !c.on, asleep: false });
  } else if (command === 'toggle-sleep' && c.on) {
    await patchControl({ asleep: !c.asleep });
  }
}

/** Errors of event listeners reach the service worker's console with what was being done. */
const logged =
  (what: string) =>
  (e: unknown): void =>
    console.error(`[BrainBrowsR] ${what} failed`, e);

const help: HelpHost = { ensureOffscreen, toAllTabs };
installHelpListeners(help);
listen('background', backgroundHandlers(help));

// A new tab in front: until it reports its targets, none are on screen.
browser.tabs.onActivated.addListener(({ tabId }) => {
  front.tab = tabId;
  void toOffscreen({ to: 'offscreen', type: 'visible-targets', targets: [] })
    .then(() => toTab(tabId, { to: 'content', type: 'request-state' }))
    .catch(logged('switching the targets to the new tab'));
});
browser.tabs.onRemoved.addListener((tabId) => {
  if (tabId === front.tab) front.tab = undefined;
});
// Another window in front: its active tab says what it shows.
browser.windows.onFocusChanged.addListener((windowId) => {
  if (windowId === browser.windows.WINDOW_ID_NONE) return;
  void browser.tabs
    .query({ active: true, windowId })
    .then(([tab]) => (tab?.id !== undefined ? toTab(tab.id, { to: 'content', type: 'request-state' }) : undefined))
    .catch(logged('asking the focused window for its targets'));
});
browser.runtime.onInstalled.addListener((details) => {
  // First install: the welcome page (what it does, the photosensitivity warning, consent, connecting).
  if (details.reason === 'install') openWelcome().catch(logged('opening the welcome page'));
  start().catch(logged('starting the headset'));
});
browser.commands.onCommand.addListener((command) => void onCommand(command).catch(logged(`shortcut ${command}`)));
// Settings or control changed (popup, shortcut, welcome, studio, a sleep target): every tab asks again
// (consent withdrawn or the switch off must reach every page at once).
browser.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  if (changes[STORAGE_KEYS.control] || changes[STORAGE_KEYS.settings]) {
    void toAllTabs({ to: 'content', type: 'request-state' });
  }
});
browser.runtime.onStartup.addListener(() => void start().catch(logged('starting the headset')));
// Also on every wake-up of this worker: the offscreen document may have been closed (none without a headset).
void loadSettings()
  .then(async (settings) => {
    if (settings.device === 'none') return;
    await ensureOffscreen();
    const s = await loadStatus();
    if (s.state === 'off') await start();
  })
  .catch(logged('resuming the headset'));
