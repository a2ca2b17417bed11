import browser, { type Runtime } from 'webextension-polyfill';
import { DEFAULT_BROWSING } from '../core/protocol/layout';
import type { Control } from '../core/protocol/messages';
import { pageStatus, samePageStatus } from '../core/protocol/page-status';
import type { Handlers } from '../core/protocol/replies';
import { showBadge } from './badge';
import { loadControl, pageControl, patchControl, targetsOn } from './control';
import { answerHelp, callHelp, type HelpHost, helpState } from './help';
import { notePageHides, pageHiddenBy } from './page-hides';
import { front, toActiveTab, toAllTabs, toOffscreen, toTab } from './routing';
import { loadSettings, loadStatus, saveSettings, saveStatus } from './settings-store';
import { activateTab, listTabs, openTab, tabOpened } from './tabs';
import { checkReturn, keepUndo, takeUndo, undoBack } from './undo-store';
import { forget, learnWord, predict } from './words';

// Extension pages (popup, welcome, studio) have this extension's origin; content scripts the page's.
const fromExtensionPage = (sender: Runtime.MessageSender) =>
  sender.url?.startsWith(browser.runtime.getURL('')) === true;

/** Extension pages may change everything; a content script only sleep (its wake/sleep target). */
function allowedPatch(patch: Partial<Control>, sender: Runtime.MessageSender): Partial<Control> {
  if (fromExtensionPage(sender)) return patch;
  const fromContent = sender.tab !== undefined && sender.id === browser.runtime.id;
  return fromContent && typeof patch.asleep === 'boolean' ? { asleep: patch.asleep } : {};
}

/** Only what the user sees counts: a background tab's report is not what is on screen. */
const notFront = (sender: Runtime.MessageSender) =>
  sender.tab !== undefined && (!sender.tab.active || (front.tab !== undefined && sender.tab.id !== front.tab));

/** What the service worker does with each message, from the offscreen document, the pages and the tabs. */
export function backgroundHandlers(help: HelpHost): Handlers<'background', Runtime.MessageSender> {
  return {
    // The status is state: kept (storage for the popup and the Connect page); tabs hear only what they draw, when it changes.
    status: async (m) => {
      const before = await saveStatus(m.status);
      if (before.state !== m.status.state || before.message !== m.status.message) {
        await showBadge(m.status, await pageHiddenBy());
      }
      const page = pageStatus(m.status);
      if (samePageStatus(pageStatus(before), page)) return;
      // Switched off (or no consent) no page draws anything; switching on makes every tab ask again.
      if (await targetsOn()) await toAllTabs({ to: 'content', type: 'status', status: page });
    },
    // Switched off no page draws anything: the front tab hears nothing of the stream.
    heartbeat: async (m) => {
      if (!(await targetsOn())) return;
      await toActiveTab({
        to: 'content',
        type: 'heartbeat',
        scores: m.scores,
        t: m.t,
        candidate: m.candidate,
        progress: m.progress,
      });
    },
    detection: async (m) => {
      console.info(`[BrainBrowsR] detection ${m.detection.target} (${m.detection.label})`);
      if (!(await targetsOn())) return;
      await toActiveTab({ to: 'content', type: 'detection', detection: m.detection });
    },
    gaze: (m) => toOffscreen({ to: 'offscreen', type: 'gaze', frequency: m.frequency }),
    'visible-targets': async (m, sender) => {
      // Only the tab the user sees decides what is on screen (see front.tab).
      if (sender.tab) {
        if (!sender.tab.active) return;
        if (m.targets.length > 0 || m.hiddenBy) front.tab = sender.tab.id;
        // A tab that is no longer the front one ("no squares" as it goes to the background) does not decide.
        else if (front.tab !== undefined && sender.tab.id !== front.tab) return;
      }
      await notePageHides(m.hiddenBy, await loadStatus());
      return toOffscreen({ to: 'offscreen', type: 'visible-targets', targets: m.targets, longerLook: m.longerLook });
    },
    mode: (m, sender) => (notFront(sender) ? undefined : toOffscreen({ to: 'offscreen', type: 'mode', mode: m.mode })),
    'offer-undo': (m, sender) =>
      sender.tab?.id === undefined ? undefined : keepUndo(sender.tab.id, m.undo, sender.url),
    'take-undo': async (_m, sender) => {
      if (sender.tab?.id === undefined) return null;
      // A tab just opened for a link may ask before its undo is kept.
      await tabOpened();
      return takeUndo(sender.tab.id);
    },
    'undo-back': (_m, sender) => (sender.tab?.id === undefined ? Promise.resolve(null) : undoBack(sender.tab.id)),
    // The address is the browser's (sender.url), not one a page could state.
    'check-return': (_m, sender) =>
      sender.tab?.id === undefined ? Promise.resolve(null) : checkReturn(sender.tab.id, sender.url),
    predict: (m) => predict(m.language, m.prefix, m.previousWord),
    // Only from the extension's own content scripts and pages (they alone can send runtime messages).
    'learn-word': (m) => learnWord(m.language, m.word, m.previousWord),
    // A carer's decision: only from the extension's own pages (the studio), never from a content script.
    'forget-words': (m, sender) => (fromExtensionPage(sender) ? forget(m.language) : Promise.resolve(false)),
    connect: async (m) => {
      const s = { ...(await loadSettings()), device: m.device };
      if (m.playbackId !== undefined) s.playbackId = m.playbackId;
      await saveSettings(s);
      await toOffscreen({ to: 'offscreen', type: 'settings', settings: s });
      await toOffscreen({ to: 'offscreen', type: 'connect', device: m.device });
      return true;
    },
    'simulate-disconnect': () => toOffscreen({ to: 'offscreen', type: 'simulate-disconnect' }),
    'get-status': async (_m, sender) => {
      const s = await loadStatus();
      // A page asking is a page (re)starting: it gets everything it draws from.
      if (sender.tab?.id !== undefined) {
        await toTab(sender.tab.id, { to: 'content', type: 'status', status: pageStatus(s) });
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
    },
    'get-control': () => loadControl(),
    'set-control': (m, sender) => patchControl(allowedPatch(m.patch, sender)),
    'list-tabs': (_m, sender) => (sender.tab ? listTabs(sender.tab) : Promise.resolve([])),
    'activate-tab': (m, sender) =>
      sender.tab
        ? activateTab(sender.tab, m.tabId, m.undo)
        : Promise.resolve({ ok: false, message: 'Only a page can switch tabs' }),
    'open-tab': (m, sender) =>
      sender.tab
        ? openTab(sender.tab, m.url, m.fromTitle)
        : Promise.resolve({ ok: false, message: 'Only a page can open a tab' }),
    'call-help': () => callHelp(help),
    // Only from the extension's own pages (the popup): a page could hide or fake anything it draws.
    'help-answered': (_m, sender) => (fromExtensionPage(sender) ? answerHelp(help) : Promise.resolve()),
    'get-help': () => helpState(),
    // The person's own choice of engine (the browser's default), in the tab they typed in; only a page's speller asks.
    search: async (m, sender) => {
      const tabId = sender.tab?.id;
      if (tabId === undefined || m.query.trim() === '') return false;
      await browser.search.query({ text: m.query.trim(), tabId });
      return true;
    },
    'get-settings': () => loadSettings(),
    'set-settings': async (m) => {
      // Tabs hear of it through storage.onChanged (index.ts), as for every change of settings.
      await saveSettings(m.settings);
      await toOffscreen({ to: 'offscreen', type: 'settings', settings: m.settings });
      return true;
    },
  };
}
