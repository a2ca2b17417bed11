import browser, { type Runtime } from 'webextension-polyfill';
import { DEFAULT_LAYOUT } from '../core/protocol/layout';
import {
  STATUS_OFF,
  STORAGE_KEYS,
  type Settings,
  type StreamStatus,
  type ToBackground,
  type ToContent,
  type ToOffscreen,
} from '../core/protocol/messages';

/**
 * Service worker: keeps the offscreen document alive, routes messages
 * between it and the tabs, shows the state on the badge. It keeps nothing
 * in memory that matters: settings live in storage.local, the stream status
 * in storage.session, so being stopped and restarted changes nothing.
 */
const OFFSCREEN_URL = 'src/offscreen/offscreen.html';

export const DEFAULT_SETTINGS: Settings = { device: 'simulated', layout: DEFAULT_LAYOUT, mains: 50, relay: true };

async function loadSettings(): Promise<Settings> {
  const got = await browser.storage.local.get(STORAGE_KEYS.settings);
  return { ...DEFAULT_SETTINGS, ...((got[STORAGE_KEYS.settings] as Partial<Settings>) ?? {}) };
}

async function saveSettings(s: Settings): Promise<void> {
  await browser.storage.local.set({ [STORAGE_KEYS.settings]: s });
}

async function loadStatus(): Promise<StreamStatus> {
  const got = await browser.storage.session.get(STORAGE_KEYS.status);
  return (got[STORAGE_KEYS.status] as StreamStatus) ?? STATUS_OFF;
}

let creating: Promise<void> | undefined;

async function ensureOffscreen(): Promise<void> {
  const existing = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] });
  if (existing.length > 0) return;
  if (!creating) {
    creating = chrome.offscreen
      .createDocument({
        url: OFFSCREEN_URL,
        reasons: [chrome.offscreen.Reason.WORKERS],
        justification: 'Reads the EEG headset and classifies SSVEP in a worker, independent of tabs.',
      })
      .catch((e: Error) => {
        if (!/single offscreen/i.test(e.message)) throw e;
      })
      .finally(() => (creating = undefined));
  }
  await creating;
}

const toOffscreen = async (m: ToOffscreen) => {
  await ensureOffscreen();
  return browser.runtime.sendMessage(m).catch(() => undefined);
};

async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id;
}

const toTab = (tabId: number, m: ToContent) => browser.tabs.sendMessage(tabId, m).catch(() => undefined);

async function toActiveTab(m: ToContent): Promise<void> {
  const id = await activeTabId();
  if (id !== undefined) await toTab(id, m);
}

async function toAllTabs(m: ToContent): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.all(tabs.map((t) => (t.id !== undefined ? toTab(t.id, m) : undefined)));
}

const BADGE: Record<StreamStatus['state'], { text: string; color: string; title: string }> = {
  off: { text: '', color: '#777777', title: 'BrainBrowsR: off' },
  connecting: { text: '…', color: '#d97706', title: 'BrainBrowsR: connecting' },
  streaming: { text: 'ON', color: '#15803d', title: 'BrainBrowsR: streaming' },
  'signal-lost': { text: '!', color: '#b91c1c', title: 'BrainBrowsR: signal lost' },
  error: { text: 'ERR', color: '#b91c1c', title: 'BrainBrowsR: error' },
};

async function showBadge(s: StreamStatus): Promise<void> {
  const b = BADGE[s.state];
  await chrome.action.setBadgeText({ text: b.text });
  await chrome.action.setBadgeBackgroundColor({ color: b.color });
  await chrome.action.setTitle({ title: `${b.title}${s.message ? ` (${s.message})` : ''}` });
}

async function start(): Promise<void> {
  await ensureOffscreen();
  const settings = await loadSettings();
  await toOffscreen({ to: 'offscreen', type: 'settings', settings });
  await toOffscreen({ to: 'offscreen', type: 'connect', device: settings.device });
}

browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender): Promise<unknown> | undefined => {
  const m = raw as ToBackground;
  if (m?.to !== 'background') return undefined;
  switch (m.type) {
    case 'status':
      return (async () => {
        await browser.storage.session.set({ [STORAGE_KEYS.status]: m.status });
        await showBadge(m.status);
        await toAllTabs({ to: 'content', type: 'status', status: m.status });
      })();
    case 'heartbeat':
      return toActiveTab({ to: 'content', type: 'heartbeat', scores: m.scores, t: m.t });
    case 'detection':
      console.info(`[BrainBrowsR] detection ${m.detection.target} (${m.detection.label})`);
      return toActiveTab({ to: 'content', type: 'detection', detection: m.detection });
    case 'gaze':
      return toOffscreen({ to: 'offscreen', type: 'gaze', frequency: m.frequency });
    case 'visible-targets':
      // Only the tab the user sees decides what is on screen.
      if (sender.tab && !sender.tab.active) return undefined;
      return toOffscreen({ to: 'offscreen', type: 'visible-targets', targets: m.targets });
    case 'action-done':
      return browser.storage.session.set({ lastAction: { action: m.action, target: m.target, at: m.at } });
    case 'connect':
      return (async () => {
        const s = { ...(await loadSettings()), device: m.device };
        if (m.playbackId !== undefined) s.playbackId = m.playbackId;
        await saveSettings(s);
        await toOffscreen({ to: 'offscreen', type: 'settings', settings: s });
        await toOffscreen({ to: 'offscreen', type: 'connect', device: m.device });
        return true;
      })();
    case 'simulate-disconnect':
      return toOffscreen({ to: 'offscreen', type: 'simulate-disconnect' });
    case 'get-status':
      return (async () => {
        const s = await loadStatus();
        if (sender.tab?.id !== undefined) {
          await toTab(sender.tab.id, { to: 'content', type: 'status', status: s });
          const settings = await loadSettings();
          await toTab(sender.tab.id, { to: 'content', type: 'layout', layout: settings.layout });
        }
        return s;
      })();
    case 'get-settings':
      return loadSettings();
    case 'set-settings':
      return (async () => {
        await saveSettings(m.settings);
        await toOffscreen({ to: 'offscreen', type: 'settings', settings: m.settings });
        await toAllTabs({ to: 'content', type: 'layout', layout: m.settings.layout });
        return true;
      })();
  }
  return undefined;
});

// A new tab in front: until it reports its targets, none are on screen.
browser.tabs.onActivated.addListener(async ({ tabId }) => {
  await toOffscreen({ to: 'offscreen', type: 'visible-targets', targets: [] });
  await toTab(tabId, { to: 'content', type: 'request-state' });
});

browser.runtime.onInstalled.addListener(() => void start());
browser.runtime.onStartup.addListener(() => void start());
// Also on every wake-up of this worker: the offscreen document may have been closed.
void ensureOffscreen().then(async () => {
  const s = await loadStatus();
  if (s.state === 'off') await start();
});
