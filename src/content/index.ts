import {
  DEFAULT_LAYOUT,
  HINT_ALPHABETS,
  type Layout,
  type StimulusTarget,
  WAKE_DWELL_FACTOR,
  wakeTarget,
} from '../core/protocol/layout';
import type { HelpState, LongerLook, PageControl, ToBackground } from '../core/protocol/messages';
import type { PageStatus } from '../core/protocol/page-status';
import { FlickerGate } from '../extension/flicker-gate';
import { ask, listen, tell } from '../extension/messaging';
import { isFeedPage, markPost, type PageContext, unmarkPosts } from './actions';
import { HintsMode } from './hints/hints-mode';
import { BaseMode } from './modes/base-mode';
import { ModeStack } from './modes/host';
import type { Mode } from './modes/mode';
import { OneSwitch } from './one-switch';
import { Overlay } from './overlay';
import { browsingSettings, setBrowsingSettings } from './page-settings';
import { MenuMode } from './menu/menu-mode';
import { showHelp } from './menu/help-banner';
import { returnReport } from './menu/navigation';
import { tabInfo } from './menu/tab-info';
import { installSimulatedGaze } from './sim-gaze';
import { installTestHooks } from './test-hooks';
import { addressMode } from './typing/address-box';
import { ownBoxMode } from './typing/own-box';
import { typingModeFor } from './typing/open';
import { watchPasswordFields } from './typing/sensitive';
import { TypingMode } from './typing/typing-mode';

/**
 * Content script. Draws nothing at all until the user consented (welcome
 * page), the switch is on and this site is not opted out; then the status
 * line, and the targets only while a headset streams. Each target's label
 * says what it will do on this page now; targets that can do nothing here
 * are drawn still and cannot be selected. Performs the action of each
 * detection and says what happened.
 */
const send = (m: ToBackground) => void tell(m);

let layout: Layout = DEFAULT_LAYOUT;
let status: PageStatus | undefined;
let control: PageControl | undefined;
let overlay: Overlay | undefined;
let lastScores: number[] = [];
let lastHeartbeatT: number | undefined;
/** Said once the overlay is up: this page is not where "Undo: Go back" should have led. */
let arrivalNotice: string | undefined;
/** How long the menu and hints stay open unused (ms): their 20 s unless a test build shortens it. */
let idleMs: number | undefined;
/** How long a look away takes back a hint's last selection (stream s): its usual time unless a test build changes it. */
let lookAwaySeconds: number | undefined;
/** Consent and no call for help: what lets the squares flicker (closed until the service worker has told). */
const gate = new FlickerGate();
/** Milliseconds from decoding the deciding window's last sample to the page action. */
const latencies: number[] = [];

const active = () => Boolean(control?.consented && control.on && !control.blocked);
/** One flickering square as a switch, the others lit in turn: for a signal too weak for four squares. */
const oneSwitch = new OneSwitch({
  settings: () => browsingSettings().oneSwitch,
  layout: () => layout,
  asleep: () => control?.asleep ?? false,
  ready: () => streaming() && !status?.learning && !status?.poorContact && !overlay?.hiddenByPage(),
});
const streaming = () => status?.state === 'streaming';

function context(): PageContext {
  const bands = overlay?.coveredBands() ?? { top: 0, bottom: 0 };
  return {
    asleep: control?.asleep ?? false,
    homePage: control?.homePage,
    coveredTop: bands.top,
    coveredBottom: bands.bottom,
  };
}

/** The modes over the page: menu, hints and typing are added by their builders below. */
const builders: { menu?: () => Mode | undefined; hints?: (spelled?: string) => Mode | undefined } = {};

const modes = new ModeStack(
  new BaseMode({
    context,
    setAsleep: (a) => setAsleep(a),
    openMenu: () => builders.menu?.(),
    openHints: () => builders.hints?.(),
  }),
  {
    overlay: () => overlay,
    layout: () => layout,
    send,
    menuTarget: () => wakeTarget(layout)?.index,
    changed: () => refresh(),
  },
);

builders.menu = () =>
  new MenuMode({
    chooseOnPage: builders.hints ? () => openOver(builders.hints?.()) : undefined,
    goToAddress: () => (overlay ? openOver(addressMode(overlay, browsingSettings().language)) : false),
    findByWords: () => (overlay ? openOver(findMode(overlay)) : false),
    sleep: () => setAsleep(true),
    browsing: browsingSettings,
    homePage: () => control?.homePage,
    idleMs: idleMs ?? oneSwitch.idleMs(),
  });

/** Opens a mode over the page (from the menu); false when it has nothing to show. */
function openOver(mode: Mode | undefined): boolean {
  if (mode) modes.push(mode);
  return mode !== undefined;
}

/**
 * Opens the speller on a field of the page (hint mode chose a field, or a
 * test build asked for it); false when the element takes no text.
 */
function openTyping(el: Element): boolean {
  const mode = typingModeFor(el);
  if (!mode || !overlay) return false;
  modes.push(mode);
  return true;
}

/** The speller on top, typing into the focused field: gaze keys are its, not the field's. */
function spelling(): boolean {
  const top = modes.top();
  return top instanceof TypingMode && top.ownsFocus();
}

/** "Find by its words": the speller for the first letters of its words, then hints on those that match. */
function findMode(on: Overlay): Mode | undefined {
  const box = { layer: 'find', type: 'search' as const, label: 'Find by its words' };
  return ownBoxMode(on, box, browsingSettings().language, (spelled) => {
    const hints = builders.hints?.(spelled);
    if (!hints) return Promise.resolve({ text: `Nothing on screen begins with “${spelled}”` });
    modes.push(hints);
    return Promise.resolve({ text: `Choose among those beginning with “${spelled}”`, did: 'open-hints' });
  });
}

builders.hints = (spelled?: string) => {
  const hints = new HintsMode({
    spelled,
    symbols: () => HINT_ALPHABETS[browsingSettings().hintAlphabet],
    onField: openTyping,
    idleMs: idleMs ?? oneSwitch.idleMs(),
    // Scanning, waiting for the light is not looking away: nothing is taken back for it.
    lookAwaySeconds: () => (oneSwitch.on() ? Infinity : lookAwaySeconds),
  });
  // Nothing to choose on screen: the page mode says so instead of opening empty hints.
  return overlay && hints.prepare({ overlay, layout: () => layout }) ? hints : undefined;
};

function gaze(target: StimulusTarget | null): void {
  send({ to: 'background', type: 'gaze', frequency: target ? target.frequency : null });
}

let lastVisible = '';
function reportVisible(force = false): void {
  const targets = overlay?.visibleTargets() ?? [];
  const wake = wakeTarget(layout);
  const longerLook: LongerLook | undefined =
    control?.asleep && wake ? { target: wake.index, factor: WAKE_DWELL_FACTOR } : undefined;
  const hiddenBy = overlay?.hiddenByPage();
  const key = `${targets.join(',')}|${longerLook?.target ?? ''}|${hiddenBy ?? ''}`;
  if (!force && key === lastVisible) return;
  lastVisible = key;
  send({ to: 'background', type: 'visible-targets', targets, longerLook, hiddenBy });
}

function statusText(): string {
  if (gate.stop === 'help-called')
    return 'BrainBrowsR: help has been called; the squares stay still until a carer answers';
  if (!status || status.state === 'off') return 'BrainBrowsR is on, but no headset is connected';
  const calibrated = status.calibrated ? '' : ' (not calibrated yet: slower and more careful)';
  switch (status.state) {
    case 'connecting':
      return 'BrainBrowsR: waiting for the headset';
    case 'signal-lost':
      return 'BrainBrowsR: headset signal lost, reconnecting';
    case 'error':
      return `BrainBrowsR: headset problem (${status.message ?? 'unknown'})`;
    case 'streaming': {
      const hiddenBy = overlay?.hiddenByPage();
      if (hiddenBy) return `BrainBrowsR is paused: this page hides its squares (${hiddenBy})`;
      if (status.poorContact) {
        return `BrainBrowsR: the ${status.poorContact} electrode is not touching well; nothing is chosen until it is fixed`;
      }
      if (status.learning) return 'BrainBrowsR: getting to know the resting signal (about 20 seconds)…';
      // Said while reading too, so it asks before it alarms: the look may simply not have come yet.
      // With one switch, the scan's own words say what to do (resting included).
      if (status.noResponse && !control?.asleep && !oneSwitch.on()) {
        return 'BrainBrowsR: look at a square to choose it. None has stood out from rest for a minute: if a steady look does not help, check the electrodes at the back of the head';
      }
      if (control?.asleep) return 'BrainBrowsR is asleep: look at Wake for a few seconds to wake it';
      return oneSwitch.on() ? oneSwitch.status() : `BrainBrowsR: look at a square to choose it${calibrated}`;
    }
  }
}

let loggedChoices = '';
/**
 * With the simulated headset, what a choice mode offers goes to the console
 * (`[BrainBrowsR:choices]` and JSON), so a scripted gaze (`npm start`
 * headless) can look where a person would after reading the codes. Real
 * headsets log nothing of it.
 */
function logChoices(): void {
  const choices = status?.simulated ? modes.top().choices?.() : undefined;
  const text = choices ? JSON.stringify({ mode: modes.top().name, choices }) : '';
  if (text === loggedChoices) return;
  loggedChoices = text;
  if (text) console.info(`[BrainBrowsR:choices] ${text}`);
}

/** Brings what is drawn in line with consent, switch, site, stream, sleep and the page as it is now. */
function refresh(): void {
  if (!active()) {
    if (overlay) {
      modes.closeAll();
      overlay.destroy();
      overlay = undefined;
      unmarkPosts();
    }
    reportVisible();
    return;
  }
  if (!overlay) {
    overlay = new Overlay(layout, gate);
    void overlay.start().then(() => refresh());
  }
  if (arrivalNotice) {
    overlay.toast(arrivalNotice);
    arrivalNotice = undefined;
  }
  const shown = streaming() && !document.hidden;
  overlay.showTargets(shown);
  const wake = wakeTarget(layout);
  const asleep = control?.asleep ?? false;
  // Asleep or unseen: nothing opened over the page stays (no hint or menu waits behind the wake target).
  if ((asleep || !shown) && modes.depth > 1) modes.closeAll();
  overlay.setSleep(asleep, wake?.index);
  if (!asleep) modes.top().refresh?.();
  const views = modes.views();
  const scan = oneSwitch.update(views, modes.undoOffered());
  if (scan) views.set(scan.switchIndex, oneSwitch.switchLabel(views.get(scan.switchIndex))!);
  overlay.setScan(scan);
  overlay.setViews(views);
  modes.reportMode(asleep);
  logChoices();
  if (shown && !asleep && modes.depth === 1 && isFeedPage()) markPost();
  else unmarkPosts();
  overlay.setStatus(statusText(), streaming() && !asleep ? lastScores : []);
  reportVisible();
}

function setAsleep(asleep: boolean): void {
  if (control) control = { ...control, asleep };
  send({ to: 'background', type: 'set-control', patch: { asleep } });
  refresh();
}

/** One selection at a time: a second detection waits until the first one's action has finished. */
let acting: Promise<void> = Promise.resolve();

async function onDetection(selected: number, decodedAt: number, t: number): Promise<void> {
  if (!overlay || !overlay.visibleTargets().includes(selected)) return;
  overlay.setProgress(undefined, undefined);
  const at = performance.timeOrigin + performance.now();
  latencies.push(at - decodedAt);
  // Scanning, the switch stands for the lit square (none lit: it only starts the scan).
  const scanning = oneSwitch.on() && selected === oneSwitch.switchIndex();
  const index = scanning ? oneSwitch.press(t) : selected;
  const target = layout.targets.find((t) => t.index === index);
  if (!target) {
    overlay.toast('Look at the switch when what you want is lit');
    console.info(`[BrainBrowsR] switch -> nothing: the scan starts`);
    refresh();
    return;
  }
  const { mode, outcome } = control?.asleep
    ? { mode: 'asleep' as const, outcome: wake(target.index) }
    : await modes.select(target.index);
  overlay?.toast(outcome.text);
  const action = outcome.did ?? 'nothing';
  console.info(`[BrainBrowsR] ${target.label} (${target.frequency} Hz) -> ${action}: ${outcome.text} [${mode}]`);
  // Straight to the offscreen document (the relay's v2 clients): nothing for the service worker to do with it.
  void tell({ to: 'offscreen', type: 'action', mode, action, text: outcome.text, target: target.index });
  refresh();
}

/** Asleep only the wake target is drawn; selecting it wakes the others. */
function wake(index: number): { text: string; did?: string } {
  if (index !== wakeTarget(layout)?.index) return { text: 'Asleep' };
  setAsleep(false);
  return { text: 'Awake', did: 'wake' };
}

listen('content', {
  status: (m) => {
    status = m.status;
    refresh();
  },
  control: (m) => {
    control = m.control;
    gate.set({ consented: control.consented });
    refresh();
  },
  heartbeat: (m) => {
    lastScores = m.scores;
    lastHeartbeatT = m.t;
    if (overlay && streaming()) {
      overlay.setProgress(m.candidate, m.progress);
      if (!control?.asleep) overlay.setStatus(statusText(), lastScores);
    }
    if (overlay && streaming() && oneSwitch.heartbeat(m.t, m.candidate, m.progress)) refresh();
    if (overlay && streaming() && !control?.asleep) {
      const by = modes.heartbeat(m.t, m.candidate !== undefined && (m.progress ?? 0) > 0);
      if (by) {
        overlay.toast(by.outcome.text);
        console.info(`[BrainBrowsR] (looked away) -> nothing: ${by.outcome.text} [${by.mode}]`);
        refresh();
      }
    }
  },
  layout: (m) => {
    layout = m.layout;
    setBrowsingSettings(m.browsing);
    overlay?.setLayout(layout);
    refresh();
    reportVisible(true);
  },
  'request-state': () => {
    reportVisible(true);
    send({ to: 'background', type: 'get-status' });
  },
  'adopt-undo': (m) => modes.adoptPending(m.undo),
  detection: (m) => {
    const { target, decodedAt, t } = m.detection;
    acting = acting.then(() => onDetection(target, decodedAt, t)).catch((e: unknown) => console.error(e));
  },
  // Every page answers, whether or not its targets are drawn: the menu's tab list and the help banner.
  'tab-info': () => Promise.resolve(tabInfo(active())),
  help: (m) => onHelp(m.help),
});

/** A call for help stills every square (the person may be unwell) and shows the banner until it is answered. */
function onHelp(help: HelpState): void {
  gate.set({ helpCalled: help.calledAt !== undefined });
  showHelp(help);
  refresh();
}
// A page opened during a call learns of it here; later calls come as 'help' messages.
ask({ to: 'background', type: 'get-help' })
  .then(onHelp)
  .catch((e: unknown) => console.warn('[BrainBrowsR] could not learn whether help was called', e));
// A "show password" button may turn a password field into text before the speller is opened on it.
watchPasswordFields(document);

installSimulatedGaze({
  active: () => active() && status?.simulated === true,
  targets: () => layout.targets,
  targetAt: (x, y) => overlay?.targetAt(x, y),
  gaze,
  spelling,
});

document.addEventListener('visibilitychange', () => {
  if (document.hidden) overlay?.stop();
  else overlay?.resume();
  refresh();
});

if (__TEST_HOOKS__) {
  installTestHooks({
    overlay: () => overlay,
    layout: () => layout,
    latencies,
    visible: () => overlay?.visibleTargets() ?? [],
    streamTime: () => lastHeartbeatT,
    setIdleMs: (ms) => {
      idleMs = ms;
    },
    setLookAwaySeconds: (s) => {
      lookAwaySeconds = s;
    },
    mode: () => modes.modeName(control?.asleep ?? false),
    scan: () => oneSwitch.describe(),
    typing: () => {
      const top = modes.top();
      return top instanceof TypingMode ? top.state() : undefined;
    },
    openTyping: (selector) => {
      const el = document.querySelector(selector);
      return el ? openTyping(el) : false;
    },
  });
}

// Labels follow the page (scrolling, a post liked by hand, focus moving).
setInterval(refresh, 250);
send({ to: 'background', type: 'get-status' });
// A step back by "Undo: Go back" may have led here: if not where the user came from, say so.
ask({ to: 'background', type: 'check-return' })
  .then((r) => {
    const text = returnReport(r);
    if (!text) return;
    console.info(`[BrainBrowsR] ${text}`);
    arrivalNotice = text;
    refresh();
  })
  .catch((e: unknown) => console.warn('[BrainBrowsR] could not check where Undo led', e));
// An action on the previous page of this tab (a link opened, Back) may be taken back from here.
ask({ to: 'background', type: 'take-undo' })
  .then((p) => {
    if (!p) return;
    modes.adoptPending(p);
    if (p.notice) {
      console.info(`[BrainBrowsR] ${p.notice}`);
      arrivalNotice = p.notice;
      refresh();
    }
  })
  .catch((e: unknown) => console.warn("[BrainBrowsR] could not ask for the previous page's undo", e));
