import type { DeviceKind } from '../devices/registry';
import type { Heartbeat, Selection } from '../online/pipeline';
import type { CheckInReport } from '../ssvep/check-in';
import type { Profile } from '../ssvep/profile';
import type { BrowsingSettings, Layout, ModeName, SpellerLanguage } from './layout';
import type { PageStatus } from './page-status';

/**
 * Every message between the extension's contexts, in one place; what each
 * request is answered with is in replies.ts. Runtime messages carry a `to`
 * field because a message from the offscreen document reaches every
 * extension context.
 */

export type StreamState = 'off' | 'connecting' | 'streaming' | 'signal-lost' | 'error';

/**
 * Publishing to the relay: off (the default), on but not paired (no token),
 * looking for the paired relay, publishing to it, refused because the
 * program on the port did not prove it is the paired relay (nothing was
 * sent), or because another browser publishes to that relay.
 */
export type RelayState = 'off' | 'unpaired' | 'connecting' | 'connected' | 'wrong-relay' | 'busy';

export interface StreamStatus {
  state: StreamState;
  device: DeviceKind | 'none';
  deviceName?: string;
  message?: string;
  samplesLost: number;
  /** Whether the classifier uses a calibrated profile. */
  calibrated: boolean;
  /** Which profile: a saved calibration's name, the simulated user's, or none. */
  profileName?: string;
  relay: RelayState;
  /** Where the extension publishes (or tries to) while relay is not off. */
  relayUrl?: string;
  updatedAt: number;
  /** True while the detector learns this session's resting signal (nothing is selected). */
  learning?: boolean;
  /** An electrode without usable contact (nothing is selected meanwhile), by name. */
  poorContact?: string;
  /** No target has stood above rest for a minute or more (NO_RESPONSE_SECONDS): the page says so. */
  noResponse?: boolean;
}

export const STATUS_OFF: StreamStatus = {
  state: 'off',
  device: 'none',
  samplesLost: 0,
  calibrated: false,
  relay: 'off',
  updatedAt: 0,
};

export interface Settings {
  /** The headset; 'none' until the carer chooses one (the simulator too is chosen, never a default). */
  device: DeviceKind | 'none';
  layout: Layout;
  mains: 50 | 60;
  /** Publish selections to the relay: the carer's choice, off until switched on. */
  relay: boolean;
  /** The token the relay printed, pasted by the carer to pair; proven to the relay, never sent. */
  relayToken?: string;
  /** Loopback port of the relay (default RELAY_DEFAULT_PORT). */
  relayPort?: number;
  /** The stored recording played by the 'playback' device. */
  playbackId?: number;
  /** Simulated headset speed (1 = real time); more only for soak benchmarks. */
  simulationSpeed?: number;
  /** Decision tuning; unset keeps the profile's values. */
  tuning?: Tuning;
  /** Hints, speller and menu; unset: DEFAULT_BROWSING. */
  browsing?: BrowsingSettings;
}

export interface Tuning {
  /** 1 (fewest mistakes) to 5 (fastest): the confidence a window needs. */
  sensitivity: number;
  /** Agreeing windows (0.25 s apart) before a selection. */
  dwell: number;
  /** Seconds after a selection during which nothing fires. */
  refractory: number;
}

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
  | { to: 'background'; type: 'visible-targets'; targets: number[]; longerLook?: LongerLook }
  /** The targets changed meaning (front tab only). */
  | { to: 'background'; type: 'mode'; mode: ModeName }
  /** Keep an undo offer for this tab across the navigation that is about to happen (null: drop it). */
  | { to: 'background'; type: 'offer-undo'; undo: PendingUndo | null }
  /** A new page asks for its tab's undo offer, which is then forgotten. */
  | { to: 'background'; type: 'take-undo' }
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
  /** Sounds the alarm, raises a notification, shows the banner on every page. */
  | { to: 'background'; type: 'call-help' }
  /** A carer answered the call (the banner's button): alarm, notification and banners go. */
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
  | { type: 'reset' }
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
  profile: 'profile',
  control: 'control',
  /** storage.session: the call for help in force (HelpState). */
  help: 'help',
} as const;
