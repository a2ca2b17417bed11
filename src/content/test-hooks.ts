import browser from 'webextension-polyfill';
import type { Layout } from '../core/protocol/layout';
import { shownHints } from './hints/report';
import { helpBannerForTests } from './menu/help-banner';
import { menuSnapshot } from './menu/menu-mode';
import type { ScanReport } from './one-switch';
import type { Overlay } from './overlay';
import type { TypingState } from './typing/typing-mode';

/**
 * Test builds only (`__TEST_HOOKS__`, vite --mode test): answers
 * `brainbrowsr:stimulus-log?` with what was really drawn. Production builds
 * contain none of this, so no page can learn that its visitor uses the
 * extension by asking.
 */
export interface HookState {
  overlay(): Overlay | undefined;
  layout(): Layout;
  latencies: number[];
  visible(): number[];
  /** Stream time (s) of the last heartbeat: how much headset data the pipeline has classified. */
  streamTime(): number | undefined;
  /** What the targets mean now (feed, page, menu, hints, typing, asleep). */
  mode(): string;
  /** The one-switch scan: on, which square is the switch, which is lit, and its state. */
  scan(): ScanReport;
  /** The speller's text and choices while it is the top mode. */
  typing(): TypingState | undefined;
  /** How long a menu or hints opened from now on stay open unused (ms; undefined: their usual 20 s). */
  setIdleMs(ms: number | undefined): void;
  /** How long a look away takes back a hint's last selection, from now on (s; undefined: usual). */
  setLookAwaySeconds(s: number | undefined): void;
  /** Opens the speller on the element matching `selector` (until hint mode opens it the way a user does). */
  openTyping(selector: string): boolean;
}

/** A question a test asks through window.postMessage; anything else on the page's channel is not ours. */
interface HookQuestion {
  type?: unknown;
  selector?: unknown;
  frames?: unknown;
  ms?: unknown;
  seconds?: unknown;
}

const question = (data: unknown): HookQuestion => (typeof data === 'object' && data !== null ? data : {});

/** What the service worker sent this page, in order (the status ones with their state): tests count them. */
const received: { type: string; state?: string }[] = [];

export function installTestHooks(s: HookState): void {
  browser.runtime.onMessage.addListener((m: unknown) => {
    const r = m as { to?: unknown; type?: unknown; status?: { state?: string } };
    if (r?.to === 'content' && typeof r.type === 'string') {
      received.push({ type: r.type, state: r.type === 'status' ? r.status?.state : undefined });
      if (received.length > 10_000) received.shift();
    }
    // No answer from here: the content script's own listener answers.
    return undefined;
  });
  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (e.source !== window) return;
    const q = question(e.data);
    if (q.type === 'brainbrowsr:received?') {
      window.postMessage({ type: 'brainbrowsr:received', messages: received }, '*');
    } else if (q.type === 'brainbrowsr:typing?') {
      window.postMessage({ type: 'brainbrowsr:typing', state: s.typing() ?? null }, '*');
    } else if (q.type === 'brainbrowsr:open-typing?' && typeof q.selector === 'string') {
      window.postMessage({ type: 'brainbrowsr:open-typing', opened: s.openTyping(q.selector) }, '*');
    } else if (q.type === 'brainbrowsr:look-away-s?') {
      s.setLookAwaySeconds(typeof q.seconds === 'number' && q.seconds > 0 ? q.seconds : undefined);
      window.postMessage({ type: 'brainbrowsr:look-away-s', seconds: q.seconds }, '*');
    } else if (q.type === 'brainbrowsr:idle-ms?') {
      s.setIdleMs(typeof q.ms === 'number' && q.ms > 0 ? q.ms : undefined);
      window.postMessage({ type: 'brainbrowsr:idle-ms', ms: q.ms }, '*');
    }
  });
  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    const q = question(e.data);
    if (e.source !== window || q.type !== 'brainbrowsr:stimulus-log?') return;
    const frames = typeof q.frames === 'number' ? q.frames : undefined;
    const o = s.overlay();
    window.postMessage(
      {
        type: 'brainbrowsr:stimulus-log',
        refreshRate: o?.rate,
        dropped: o?.droppedFrames,
        refused: o?.refused ?? [],
        frequencies: s.layout().targets.map((t) => t.frequency),
        log: o ? o.log.slice(-(frames ?? o.log.length)) : [],
        frameCost: o?.frameCost ?? [],
        actionLatencies: s.latencies,
        targets: o?.describe() ?? [],
        visible: s.visible(),
        hiddenBy: o?.hiddenByPage(),
        rects:
          o?.rects().map(({ index, rect }) => ({ index, x: rect.x, y: rect.y, w: rect.width, h: rect.height })) ?? [],
        progress: o ? s.layout().targets.map((t) => o.progressOf(t.index)) : [],
        streamTime: s.streamTime(),
        mode: s.mode(),
        scan: s.scan(),
        hints: shownHints(),
        menu: menuSnapshot(),
        helpBanner: helpBannerForTests(),
      },
      '*',
    );
  });
}
