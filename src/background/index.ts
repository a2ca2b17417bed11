import browser, { type Runtime } from 'webextension-polyfill';
import { DEFAULT_BROWSING, DEFAULT_LAYOUT } from '../core/protocol/layout';
import {
  type Control,
  STATUS_OFF,
  STORAGE_KEYS,
  type Settings,
  type StreamStatus,
  type ToBackground,
  type ToContent,
  type ToOffscreen,
} from '../core/protocol/messages';
import { loadControl, pageControl, patchControl } from './control';
import { answerHelp, callHelp, type HelpHost, helpState, installHelpListeners } from './help';
import { activateTab, listTabs } from './tabs';
import { keepUndo, takeUndo } from './undo-store';
import { forget, learnWord, predict } from './words';

/**
 * Service worker: keeps the offscreen document alive, routes messages
 * between it and the tabs, shows the state on the badge. It keeps nothing
 * in memory that matters: settings live in storage.local, the stream status
 * in storage.session, so being stopped and restarted changes nothing.
 */
const OFFSCREEN_URL = 'src/offscreen/offscreen.html';
const WELCOME_URL = 'src/welcome/welcome.html';

// No headset until the carer chooses one: the simulator too is a choice (Connect page, npm start).
export const DEFAULT_SETTINGS: Settings = { device: 'none', layout: DEFAULT_LAYOUT, mains: 50, relay: true };

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
        reasons: [chrome.offscreen.Reason.WORKERS, chrome.offscreen.Reason.AUDIO_PLAYBACK],
        justification:
          'Reads the EEG headset and classifies SSVEP in a worker, independent of tabs; sounds the call-for-help alarm.',
      })
      .catch((e: Error) => {
        if (!/single offscreen/i.test(e.message)) throw e;
      })
      .finally(() => (creating = undefined));
  }
  await creating;
}

// Without a chosen headset there is no offscreen document: messages to it fall on the floor.
const toOffscreen = async (m: ToOffscreen) => {
  if ((await loadSettings()).device !== 'none') await ensureOffscreen();
  return browser.runtime.sendMessage(m).catch(() => undefined);
};

async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id;
}

const toTab = (tabId: number, m: ToContent) => browser.tabs.sendMessage(tabId, m).catch(() => undefined);

/**
 * The tab whose squares are on screen: the last tab that reported them while
 * it was its window's active tab. Heartbeats and detections go there. With
 * several windows (a headless browser has one per page) the "active tab of
 * the last focused window" can be another window's; and a tab going to the
 * background can report "no squares" after the new front tab reported its
 * own. Kept in memory; after a service-worker restart, until a tab reports,
 * the active tab of the last focused window stands in.
 */
let frontTab: number | undefined;

async function toActiveTab(m: ToContent): Promise<void> {
  const id = frontTab ?? (await activeTabId());
  if (id !== undefined) await toTab(id, m);
}

async function toAllTabs(m: ToContent): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.all(tabs.map((t) => (t.id !== undefined ? toTab(t.id, m) : undefined)));
}

const help: HelpHost = { ensureOffscreen, toAllTabs };
installHelpListeners(help);

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

/** Extension pages may change everything; a content script only sleep (its wake/sleep target). */
function allowedPatch(patch: Partial<Control>, sender: Runtime.MessageSender): Partial<Control> {
  // Extension pages (popup, welcome, studio) have this extension's origin; content scripts the page's.
  const fromExtensionPage = sender.url?.startsWith(browser.runtime.getURL('')) === true;
  const fromContent = !fromExtensionPage && sender.tab !== undefined && sender.id === browser.runtime.id;
  if (fromExtensionPage) return patch;
  return fromContent && typeof patch.asleep === 'boolean' ? { asleep: patch.asleep } : {};
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
      return toActiveTab({
        to: 'content',
        type: 'heartbeat',
        scores: m.scores,
        t: m.t,
        candidate: m.candidate,
        progress: m.progress,
      });
    case 'detection':
      console.info(`[BrainBrowsR] detection ${m.detection.target} (${m.detection.label})`);
      return toActiveTab({ to: 'content', type: 'detection', detection: m.detection });
    case 'gaze':
      return toOffscreen({ to: 'offscreen', type: 'gaze', frequency: m.frequency });
    case 'visible-targets':
      // Only the tab the user sees decides what is on screen (see frontTab).
      if (sender.tab) {
        if (!sender.tab.active) return undefined;
        if (m.targets.length > 0) frontTab = sender.tab.id;
        // A tab that is no longer the front one ("no squares" as it goes to the background) does not decide.
        else if (frontTab !== undefined && sender.tab.id !== frontTab) return undefined;
      }
      return toOffscreen({ to: 'offscreen', type: 'visible-targets', targets: m.targets, longerLook: m.longerLook });
    case 'action-done':
      return (async () => {
        await browser.storage.session.set({
          lastAction: { mode: m.mode, action: m.action, text: m.text, target: m.target, at: m.at },
        });
        const { mode, action, text, target } = m;
        await toOffscreen({ to: 'offscreen', type: 'action', mode, action, text, target });
      })();
    case 'mode':
      // Only what the user sees counts: a background tab's mode is not the targets' meaning.
      if (sender.tab && (!sender.tab.active || (frontTab !== undefined && sender.tab.id !== frontTab)))
        return undefined;
      return toOffscreen({ to: 'offscreen', type: 'mode', mode: m.mode });
    case 'offer-undo':
      return sender.tab?.id === undefined ? undefined : keepUndo(sender.tab.id, m.undo);
    case 'take-undo':
      return sender.tab?.id === undefined ? Promise.resolve(null) : takeUndo(sender.tab.id);
    case 'predict':
      return predict(m.language, m.prefix, m.previousWord);
    case 'learn-word':
      // Only from the extension's own content scripts and pages (they alone can send runtime messages).
      return learnWord(m.language, m.word, m.previousWord);
    case 'forget-words':
      // A carer's decision: only from the extension's own pages (the studio), never from a content script.
      return sender.url?.startsWith(browser.runtime.getURL('')) ? forget(m.language) : Promise.resolve(false);
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
          await toTab(sender.tab.id, {
            to: 'content',
            type: 'layout',
            layout: settings.layout,
            browsing: settings.browsing ?? DEFAULT_BROWSING,
          });
          const control = pageControl(await loadControl(), sender.url);
          await toTab(sender.tab.id, { to: 'content', type: 'control', control });
        }
        return s;
      })();
    case 'get-control':
      return loadControl();
    case 'set-control':
      return patchControl(allowedPatch(m.patch, sender));
    case 'list-tabs':
      return sender.tab ? listTabs(sender.tab) : Promise.resolve([]);
    case 'activate-tab':
      return sender.tab
        ? activateTab(sender.tab, m.tabId, m.undo)
        : Promise.resolve({ ok: false, message: 'Only a page can switch tabs' });
    case 'call-help':
      return callHelp(help);
    case 'help-answered':
      return answerHelp(help);
    case 'get-help':
      return helpState();
    case 'get-settings':
      return loadSettings();
    case 'set-settings':
      return (async () => {
        await saveSettings(m.settings);
        await toOffscreen({ to: 'offscreen', type: 'settings', settings: m.settings });
        await toAllTabs({
          to: 'content',
          type: 'layout',
          layout: m.settings.layout,
          browsing: m.settings.browsing ?? DEFAULT_BROWSING,
        });
        return true;
      })();
  }
  return undefined;
});

// A new tab in front: until it reports its targets, none are on screen.
browser.tabs.onActivated.addListener(async ({ tabId }) => {
  frontTab = tabId;
  await toOffscreen({ to: 'offscreen', type: 'visible-targets', targets: [] });
  await toTab(tabId, { to: 'content', type: 'request-state' });
});

browser.tabs.onRemoved.addListener((tabId) => {
  if (tabId === frontTab) frontTab = undefined;
});
// Another window in front: its active tab says what it shows.
browser.windows.onFocusChanged.addListener(async (windowId) => {
  if (windowId === browser.windows.WINDOW_ID_NONE) return;
  const [tab] = await browser.tabs.query({ active: true, windowId });
  if (tab?.id !== undefined) await toTab(tab.id, { to: 'content', type: 'request-state' });
});
browser.runtime.onInstalled.addListener((details) => {
  // First install: the welcome page (what it does, the photosensitivity warning, consent, connecting).
  if (details.reason === 'install') void openWelcome();
  void start();
});
browser.commands.onCommand.addListener((command) => void onCommand(command));
// Settings or control changed (popup, shortcut, welcome, studio, a sleep target): every tab asks again.
browser.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  if (changes[STORAGE_KEYS.control] || changes[STORAGE_KEYS.settings]) {
    void toAllTabs({ to: 'content', type: 'request-state' });
  }
});
browser.runtime.onStartup.addListener(() => void start());
// Also on every wake-up of this worker: the offscreen document may have been closed (none without a headset).
void loadSettings().then(async (settings) => {
  if (settings.device === 'none') return;
  await ensureOffscreen();
  const s = await loadStatus();
  if (s.state === 'off') await start();
});
