import type { ReturnCheck } from '../../core/protocol/messages';
import { ask } from '../../extension/messaging';
import type { Outcome } from '../modes/mode';

/**
 * Navigation from the menu, each checked against what the page did: a
 * page that really leaves (a new document) is reported as on its way; one
 * that changes in place (single-page sites) as arrived; one that did
 * neither within a few seconds as not done.
 */
interface NavigationApi {
  canGoBack?: boolean;
  canGoForward?: boolean;
  back?(): { committed: Promise<unknown>; finished: Promise<unknown> };
  forward?(): { committed: Promise<unknown>; finished: Promise<unknown> };
  addEventListener(type: string, fn: () => void): void;
  removeEventListener(type: string, fn: () => void): void;
}

const navigationApi = () => (window as unknown as { navigation?: NavigationApi }).navigation;

/** Same rule as Back (actions.ts): only an entry of this site, where the targets can be drawn. */
export function canGoForward(): boolean {
  return navigationApi()?.canGoForward === true;
}

type Effect = 'leaving' | 'changed' | 'nothing';

/** Starts `go` and tells what followed: the document leaving, its address changing in place, or nothing. */
async function watch(go: () => void, ms: number): Promise<Effect> {
  const before = location.href;
  const nav = navigationApi();
  return new Promise<Effect>((resolve) => {
    let poll = 0;
    const done = (e: Effect) => {
      window.removeEventListener('beforeunload', leaving);
      window.removeEventListener('pagehide', leaving);
      nav?.removeEventListener('navigatesuccess', changed);
      clearInterval(poll);
      clearTimeout(timer);
      resolve(e);
    };
    const leaving = () => done('leaving');
    const changed = () => {
      if (location.href !== before) done('changed');
    };
    window.addEventListener('beforeunload', leaving);
    window.addEventListener('pagehide', leaving);
    nav?.addEventListener('navigatesuccess', changed);
    poll = window.setInterval(changed, 50);
    const timer = setTimeout(() => done('nothing'), ms);
    go();
  });
}

const ignore = (p: { committed: Promise<unknown>; finished: Promise<unknown> } | undefined) => {
  // An interrupted navigation rejects both; what happened is told by watch().
  p?.committed.catch(() => undefined);
  p?.finished.catch(() => undefined);
};

export async function goBack(): Promise<Outcome> {
  const nav = navigationApi();
  const effect = await watch(() => (nav?.back ? ignore(nav.back()) : history.back()), 4000);
  if (effect === 'nothing') return { text: 'The page did not go back' };
  return {
    text: effect === 'leaving' ? 'Going back' : `Back to ${document.title || 'the previous page'}`,
    did: 'back',
    undo: { label: 'Go forward again', afterNavigation: 'forward', run: async () => (await goForward()).text },
  };
}

/** "host/path" of an address, short enough to say. */
function place(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}

/** What to tell the person when a step back did not lead where they came from (undefined: it did, or none ran). */
export function returnReport(r: ReturnCheck | null): string | undefined {
  if (!r || r.same) return undefined;
  return `Undo went to ${place(r.arrivedAt)}, not back where you came from (${place(r.cameFrom)})`;
}

/**
 * "Undo: Go back" offered by the page a link or the menu opened: the step
 * back, then where it led, checked by the service worker against the page
 * the user came from. Here if the page changed in place; on the next page
 * (index.ts) if it left.
 */
export async function undoStepBack(): Promise<string> {
  await ask({ to: 'background', type: 'undo-back' });
  const nav = navigationApi();
  const effect = await watch(() => (nav?.back ? ignore(nav.back()) : history.back()), 4000);
  if (effect === 'nothing') return 'The page did not go back';
  if (effect === 'leaving') return 'Going back';
  return returnReport(await ask({ to: 'background', type: 'check-return' })) ?? 'Back where you came from';
}

export async function goForward(): Promise<Outcome> {
  const nav = navigationApi();
  const effect = await watch(() => (nav?.forward ? ignore(nav.forward()) : history.forward()), 4000);
  if (effect === 'nothing') return { text: 'The page did not go forward' };
  return {
    text: effect === 'leaving' ? 'Going forward' : `Forward to ${document.title || 'the next page'}`,
    did: 'forward',
    undo: { label: 'Go back again', afterNavigation: 'back', run: async () => (await goBack()).text },
  };
}

export async function reload(): Promise<Outcome> {
  const effect = await watch(() => location.reload(), 4000);
  return effect === 'nothing' ? { text: 'The page did not reload' } : { text: 'Reloading the page', did: 'reload' };
}

/** Opens a web page the carer chose (start page, a favourite) in this tab. */
export async function openPage(url: string, name: string, did: string): Promise<Outcome> {
  // A slow site keeps the old page up until it answers: leaving starts at once, so wait for that only.
  const effect = await watch(() => location.assign(url), 6000);
  if (effect === 'nothing') return { text: `${name} did not open` };
  return {
    text: `Opening ${name}`,
    did,
    undo: { label: 'Go back', afterNavigation: 'back', run: async () => (await goBack()).text },
  };
}

/** Page edges, as the targets' own plans see them (actions.ts). */
export const atTop = () => window.scrollY <= 1;
export const atBottom = () =>
  window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2 ||
  document.documentElement.scrollHeight <= window.innerHeight;

/** Waits until the window stops scrolling (smooth scrolling takes a few hundred ms), at most `ms`. */
async function settle(ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  let last = window.scrollY;
  let still = 0;
  while (performance.now() < deadline && still < 3) {
    await new Promise((r) => setTimeout(r, 50));
    still = window.scrollY === last ? still + 1 : 0;
    last = window.scrollY;
  }
}

/** Scrolls to `y` and tells whether the window moved. */
async function scrollTo(y: number): Promise<boolean> {
  const before = window.scrollY;
  window.scrollTo({ top: y, behavior: 'smooth' });
  await settle(1500);
  return Math.abs(window.scrollY - before) >= 1;
}

/**
 * One screen up or down: the band between the top and bottom squares, less
 * a margin, so every line of the page is seen uncovered once.
 */
export async function scrollScreen(direction: 1 | -1, covered: { top: number; bottom: number }): Promise<Outcome> {
  const clear = window.innerHeight - covered.top - covered.bottom;
  const step = Math.max(window.innerHeight * 0.25, clear * 0.9);
  const from = window.scrollY;
  if (!(await scrollTo(from + direction * step))) return { text: 'This page did not scroll' };
  return {
    text: direction > 0 ? 'Scrolled down' : 'Scrolled up',
    did: 'scroll',
    undo: {
      label: direction > 0 ? 'Scroll back up' : 'Scroll back down',
      run: async () => ((await scrollTo(from)) ? 'Scrolled back' : 'The page did not scroll back'),
    },
  };
}
