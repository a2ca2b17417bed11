import type { DeviceKind } from '../devices/registry';
import type { Heartbeat, Selection } from '../online/pipeline';
import type { CheckInReport } from '../ssvep/check-in';
import type { Profile } from '../ssvep/profile';
import type { Tuning } from '../ssvep/tuning';
import type { Settings } from '../state/settings';
import type { StreamStatus } from '../state/stream-status';
import type { BrowsingSettings, Layout, ModeName, SpellerLanguage } from './layout';
import type { PageStatus } from './page-status';

/**
 * Every message between the extension's contexts, in one place; what each
 * request is answered with is in replies.ts. Runtime messages carry a `to`
 * field because a message from the offscreen document reaches every
 * extension context.
 */

/**
 * What the user and the carer decided about the targets, kept apart from
 * Settings (a settings page writing a stale copy must never switch flicker
 * on or wake the targets).
 */
export interface Control {
  /** When the photosensitivity warning was read and accepted (welcome page); null once withdrawn. No flicker without. */
  consentAt?: number | null;
  /** The on/off switch (popup, keyboard shortcut). Off by default. */
  on: boolean;
  /** Every target asleep except the small wake target. */
  asleep: boolean;
  /** Host names where targets are never shown. */
  blockedSites: string[];
  /** Where the Back target goes instead when there is no page to go back to. */
  homePage?: string;
}

export const CONTROL_DEFAULT: Control = { on: false, asleep: false, blockedSites: [] };

/** What a content script needs of Control (no other site's names). */
export interface PageControl {
  consented: boolean;
  on: boolean;
  asleep: boolean;
  /** This page's site opted out. */
  blocked: boolean;
  homePage?: string;
}

/**
 * An undo that outlives the page: the action navigated (opened a link, went
 * back), so the next page offers to take that history step back.
 */
export interface PendingUndo {
  label: string;
  /** 'tab': the menu switched tabs; the new front tab offers to switch back to `tabId`. */
  step: 'back' | 'forward' | 'tab';
  tabId?: number;
  /** Date.now() after which it is no longer offered. */
  until: number;
  /** The address of the page the user left (set by the service worker from the sender, not by a page). */
  from?: string;
  /** Said once when the page taking the offer arrives (a new tab: which tab it is). */
  notice?: string;
}

/**
 * After "Undo: Go back": where the tab arrived, against the page the user
 * came from (kept by the service worker). A page's history handlers can
 * send Back anywhere.
 */
export interface ReturnCheck {
  cameFrom: string;
  arrivedAt: string;
  same: boolean;
}

/** A target that needs a longer look: `factor` times the evidence of the others (the wake target while asleep). */
export interface LongerLook {
  target: number;
  factor: number;
}

export interface DetectionInfo {
  target: number;
  label: string;
  frequency: number;
  confidence: number;
  /** Stream time of the last sample of the deciding window (s). */
  t: number;
  /** performance.timeOrigin + now() when the worker decided (ms, for latency figures). */
  decidedAt: number;
  /** ... and when the offscreen document decoded the block holding the window's last sample. */
  decodedAt: number;
}

/** A tab of the user's window, for the menu's Switch tab (titles come from the tabs' own pages). */
export interface TabEntry {
  id: number;
  /** The page's title; "Other page" where no content script answers (browser pages, other extensions). */
  title: string;
  /** The tab that asked. */
  current: boolean;
  /**
   * Whether the targets can be drawn there (a web page, switched on, its site
   * not opted out): the menu never switches to a tab that would leave the
   * person without targets to come back with.
   */
  targets: boolean;
}

/** Whether a call for help is on, since when (ms since the epoch). */
export interface HelpState {
  calledAt?: number;
}

/** What calling for help did. */
export interface HelpCall {
  /** 'blocked': the browser or the system does not allow this extension's notifications. */
  notification: 'shown' | 'blocked' | 'failed';
  /** Whether the alarm sound plays. */
  sound: boolean;
}

// ---- to the offscreen document -------------------------------------------------

export type ToOffscreen =
  | { to: 'offscreen'; type: 'connect'; device: DeviceKind }
  | { to: 'offscreen'; type: 'disconnect' }
  | { to: 'offscreen'; type: 'gaze'; frequency: number | null }
  | { to: 'offscreen'; type: 'visible-targets'; targets: number[]; longerLook?: LongerLook }
  | { to: 'offscreen'; type: 'settings'; settings: Settings }
  | { to: 'offscreen'; type: 'simulate-disconnect' }
  | { to: 'offscreen'; type: 'get-status' }
  /** For the relay's v2 clients: what the targets mean now (from the front tab, through the service worker). */
  | { to: 'offscreen'; type: 'mode'; mode: ModeName }
  /** A selection was acted on: what was done, in which mode, and what the user was told (straight from the tab). */
  | { to: 'offscreen'; type: 'action'; mode: ModeName; action: string; text: string; target: number }
  /** Start recording the stream into IndexedDB (fails while no headset streams). */
  | { to: 'offscreen'; type: 'record-start'; name: string }
  | { to: 'offscreen'; type: 'record-stop' }
  /** An annotation at the recording's current end. */
  | { to: 'offscreen'; type: 'annotate'; label: string; duration: number }
  /** Keep sending 'live' data to extension pages for the next 3 s. */
  | { to: 'offscreen'; type: 'live-subscribe' }
  /** A profile was saved or activated: reload it. */
  | { to: 'offscreen'; type: 'profile-changed' }
  /** The call-for-help alarm sound on or off. */
  | { to: 'offscreen'; type: 'help-alarm'; on: boolean };

// ---- to the service worker ------------------------------------------------------

export type ToBackground =
  | { to: 'background'; type: 'status'; status: StreamStatus }
  | { to: 'background'; type: 'detection'; detection: DetectionInfo }
  | {
      to: 'background';
      type: 'heartbeat';
      scores: number[];
      t: number;
      candidate?: number;
      progress?: number;
      /** The decider's state and the target that fired and has not re-armed yet (browser tests wait on them). */
      state: Heartbeat['state'];
      rearming?: number;
    }
  | { to: 'background'; type: 'gaze'; frequency: number | null }
  /** `hiddenBy`: the page keeps the squares from being seen (how, in a few words); none are reported then. */
  | { to: 'background'; type: 'visible-targets'; targets: number[]; longerLook?: LongerLook; hiddenBy?: string }
  /** The targets changed meaning (front tab only). */
  | { to: 'background'; type: 'mode'; mode: ModeName }
  /** Keep an undo offer for this tab across the navigation that is about to happen (null: drop it). */
  | { to: 'background'; type: 'offer-undo'; undo: PendingUndo | null }
  /** A new page asks for its tab's undo offer, which is then forgotten. */
  | { to: 'background'; type: 'take-undo' }
  /** The taken offer's step back starts now: the page it leads to is checked against where the user came from. */
  | { to: 'background'; type: 'undo-back' }
  /** Where this page is, against where a step back started by an undo should lead (null: none is under way). */
  | { to: 'background'; type: 'check-return' }
  /** The speller's next choices: completions of `prefix` and its next letters. */
  | { to: 'background'; type: 'predict'; language: SpellerLanguage; prefix: string; previousWord?: string }
  /** A word the user finished typing (kept on this computer, in the extension's IndexedDB). */
  | { to: 'background'; type: 'learn-word'; language: SpellerLanguage; word: string; previousWord?: string }
  /** Forgets the learned words (of one language, or all); extension pages only. */
  | { to: 'background'; type: 'forget-words'; language?: SpellerLanguage }
  | { to: 'background'; type: 'connect'; device: DeviceKind; playbackId?: number }
  | { to: 'background'; type: 'simulate-disconnect' }
  | { to: 'background'; type: 'get-status' }
  | { to: 'background'; type: 'get-settings' }
  | { to: 'background'; type: 'set-settings'; settings: Settings }
  | { to: 'background'; type: 'get-control' }
  /** Changes part of Control. A content script may only change `asleep`. */
  | { to: 'background'; type: 'set-control'; patch: Partial<Control> }
  /** The tabs of the sender's window, in order. */
  | { to: 'background'; type: 'list-tabs' }
  /** Brings a tab of the sender's window to the front, which then offers `undo` (back to the sender). */
  | { to: 'background'; type: 'activate-tab'; tabId: number; undo?: PendingUndo }
  /**
   * A link the page asked to open in a new window (target=_blank): a new tab
   * beside the sender's, in front; it offers the way back to the sender's tab.
   */
  | { to: 'background'; type: 'open-tab'; url: string; fromTitle: string }
  /** Sounds the alarm, raises a notification, shows the banner on every page. */
  | { to: 'background'; type: 'call-help' }
  /** A carer answered the call (the popup; extension pages only): alarm, notification and banners go. */
  | { to: 'background'; type: 'help-answered' }
  | { to: 'background'; type: 'get-help' }
  /** "Go to address or search" with text that is no web address: the browser's default search engine, in this tab. */
  | { to: 'background'; type: 'search'; query: string };

// ---- to content scripts (through tabs.sendMessage) ------------------------------

export type ToContent =
  | { to: 'content'; type: 'detection'; detection: DetectionInfo }
  /** The status as the page draws it, sent when that changes (and to a page that asks: get-status). */
  | { to: 'content'; type: 'status'; status: PageStatus }
  | {
      to: 'content';
      type: 'heartbeat';
      scores: number[];
      t: number;
      /** The target gathering evidence towards a selection, and how far (0..1): drawn as a ring. */
      candidate?: number;
      progress?: number;
    }
  | { to: 'content'; type: 'layout'; layout: Layout; browsing: BrowsingSettings }
  | { to: 'content'; type: 'control'; control: PageControl }
  | { to: 'content'; type: 'request-state' }
  /** This tab was brought forward by another tab's menu: offer to switch back. */
  | { to: 'content'; type: 'adopt-undo'; undo: PendingUndo }
  /** This page's title and whether it draws targets (the menu's tab list, see TabEntry). */
  | { to: 'content'; type: 'tab-info' }
  /** A call for help started (calledAt) or was answered (none): show or remove the banner. */
  | { to: 'content'; type: 'help'; help: HelpState };

// ---- offscreen document -> extension pages (calibration, live view) -------------

export type ToPages = {
  to: 'pages';
  type: 'live';
  sampleRate: number;
  channels: string[];
  /** Raw samples since the last message (arrays: runtime messages are JSON). */
  data: number[][];
  scores: number[];
  samplesLost: number;
  recording?: { id: number; samples: number; error?: string };
  /** JS heap of the offscreen document (MB), where the browser reports it (soak benchmarks watch it for leaks). */
  heapMB?: number;
};

// ---- offscreen document <-> pipeline worker -------------------------------------

/** How the worker gets its profile: given, or built for the simulated user, or training-free. */
export type ProfileSource =
  | { kind: 'profile'; profile: Profile }
  | { kind: 'simulated-user'; targets: { label: string; frequency: number }[]; mains: 50 | 60 }
  | {
      kind: 'uncalibrated';
      targets: { label: string; frequency: number }[];
      mains: 50 | 60;
      sampleRate: number;
      channelCount: number;
    };

export type ToWorker =
  | { type: 'init'; source: ProfileSource; tuning?: Tuning }
  | { type: 'samples'; data: Float32Array[]; decodedAt: number }
  | { type: 'visible-targets'; targets: number[]; longerLook?: LongerLook }
  /** Fit a profile from a labelled recording (the guided calibration). */
  | {
      type: 'calibrate';
      recording: {
        channels: string[];
        sampleRate: number;
        data: Float32Array[];
        annotations: { onset: number; duration: number; label: string }[];
      };
      targets: { label: string; frequency: number }[];
      mains: 50 | 60;
    };

export type FromWorker =
  | { type: 'ready'; calibrated: boolean }
  | { type: 'heartbeat'; heartbeat: Heartbeat }
  | { type: 'selection'; selection: Selection; decidedAt: number; decodedAt: number }
  | { type: 'calibrated'; profile: Profile; suggestion: string; report?: CheckInReport }
  | { type: 'error'; message: string };

export const STORAGE_KEYS = {
  status: 'status',
  settings: 'settings',
  control: 'control',
  /** storage.session: the call for help in force (HelpState). */
  help: 'help',
  /** storage.session: how the page in front keeps the squares from being seen, if it does. */
  pageHides: 'pageHides',
} as const;
