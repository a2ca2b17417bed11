import { type ActionName, SQUARE_NAMES, type StimulusTarget } from '../core/protocol/layout';
import { accessibleName, buttonsIn } from './accname';

/**
 * What a target will do on this page now (its plan: the label it shows and
 * whether it can do anything here), and doing it. On feed pages (posts as
 * <article>, as on Instagram) the targets move between posts and like them;
 * elsewhere they scroll and go back. Every action checks its own effect and
 * returns what really happened.
 */
const CURRENT_ATTR = 'data-brainbrowsr-current';
const MARK_STYLE_ID = 'brainbrowsr-current-style';

export type PlannedAction = ActionName | 'home' | 'wake';

export interface Plan {
  action: PlannedAction;
  /** What the target says, in a few words. */
  label: string;
  /** False: the action can do nothing here; the target is drawn still and cannot be selected. */
  enabled: boolean;
}

export interface PageContext {
  asleep: boolean;
  homePage?: string;
  /** Height (CSS px) of the bands the targets cover at the top and bottom of the window. */
  coveredTop: number;
  coveredBottom: number;
}

export function isFeedPage(doc: Document = document): boolean {
  return doc.querySelectorAll('article').length >= 2;
}

function posts(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('article'));
}

function ensureMarkStyle(): void {
  if (document.getElementById(MARK_STYLE_ID)) return;
  const style = document.createElement('style');
  style.id = MARK_STYLE_ID;
  // Amber on a black ring: visible on light and dark pages.
  style.textContent = `[${CURRENT_ATTR}] { outline: 4px solid #f59e0b !important; outline-offset: 3px;
    box-shadow: 0 0 0 3px #000 !important; }`;
  document.head.appendChild(style);
}

function visibleFraction(el: HTMLElement): number {
  const r = el.getBoundingClientRect();
  const shown = Math.min(r.bottom, window.innerHeight) - Math.max(r.top, 0);
  return r.height > 0 ? Math.max(0, shown) / r.height : 0;
}

/** When a post was last chosen by an action: it stays current while the page scrolls to it. */
let markedAt = -Infinity;

/** The marked post while it is still on screen, else the post nearest the middle of the window. */
export function currentPost(): HTMLElement | undefined {
  const marked = document.querySelector<HTMLElement>(`article[${CURRENT_ATTR}]`);
  if (marked && (visibleFraction(marked) > 0.3 || performance.now() - markedAt < 2000)) return marked;
  const mid = window.innerHeight / 2;
  let best: HTMLElement | undefined;
  let bestDist = Infinity;
  for (const p of posts()) {
    const r = p.getBoundingClientRect();
    const d = Math.abs(r.top + r.height / 2 - mid);
    if (d < bestDist) {
      bestDist = d;
      best = p;
    }
  }
  return best;
}

/** Outlines the post the targets act on (before any action, so the user knows which one Like means). */
export function markPost(p: HTMLElement | undefined = currentPost()): void {
  if (!p || p.hasAttribute(CURRENT_ATTR)) return;
  ensureMarkStyle();
  for (const other of posts()) other.removeAttribute(CURRENT_ATTR);
  p.setAttribute(CURRENT_ATTR, '');
}

export function unmarkPosts(): void {
  for (const p of posts()) p.removeAttribute(CURRENT_ATTR);
}

function focusPost(p: HTMLElement): void {
  markPost(p);
  markedAt = performance.now();
  p.scrollIntoView({ behavior: 'smooth', block: 'center' });
}

const postNumber = (p: HTMLElement) => `post ${posts().indexOf(p) + 1} of ${posts().length}`;

function stepPost(delta: number): string {
  const all = posts();
  const cur = currentPost();
  const i = cur ? all.indexOf(cur) : -1;
  const next = all[Math.max(0, Math.min(all.length - 1, i + delta))];
  if (!next || next === cur) return delta > 0 ? 'This is the last post' : 'This is the first post';
  focusPost(next);
  return `${delta > 0 ? 'Next' : 'Previous'} post (${postNumber(next)})`;
}

const LIKE_NAMES = ['like', 'unlike', 'liked'];

/** The post's like control: a button named exactly Like (or Unlike/Liked once pressed). */
export function likeControl(post: HTMLElement): HTMLElement | undefined {
  return buttonsIn(post).find((b) => LIKE_NAMES.includes(accessibleName(b).toLowerCase()));
}

/** Whether the post is liked, as the control tells assistive technology; undefined if it does not say. */
function likeState(b: HTMLElement): boolean | undefined {
  const pressed = b.getAttribute('aria-pressed');
  if (pressed === 'true' || pressed === 'false') return pressed === 'true';
  const name = accessibleName(b).toLowerCase();
  if (name === 'unlike' || name === 'liked') return true;
  if (name === 'like') return false;
  return undefined;
}

/** Presses the like control of `post` (the current one by default) and says what changed. */
export async function toggleLike(post: HTMLElement | undefined = currentPost()): Promise<string> {
  if (!post) return 'No post here';
  markPost(post);
  const button = likeControl(post);
  if (!button) return 'No like button here';
  const before = likeState(button);
  button.click();
  // Pages update after their own handlers, sometimes a frame or a request later.
  const deadline = performance.now() + 1500;
  let after = likeState(button);
  while (after === before && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    after = likeState(button);
  }
  if (after === before || after === undefined)
    return `Like pressed on ${postNumber(post)}, but the page did not change`;
  return after ? `Liked ${postNumber(post)}` : `Like removed from ${postNumber(post)}`;
}

let linkIndex = -1;

function visibleLinks(): HTMLAnchorElement[] {
  return Array.from(document.querySelectorAll<HTMLAnchorElement>('a[href]')).filter((a) => {
    const r = a.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
}

function focusNextLink(): string {
  const links = visibleLinks();
  if (links.length === 0) return 'No links on this page';
  linkIndex = (linkIndex + 1) % links.length;
  const a = links[linkIndex];
  a.focus();
  a.scrollIntoView({ behavior: 'smooth', block: 'center' });
  return `Link: ${(a.textContent ?? a.href).trim().slice(0, 40)}`;
}

function openFocusedLink(): string {
  const a = document.activeElement;
  if (a instanceof HTMLAnchorElement && a.href) {
    a.click();
    return `Opening ${a.textContent?.trim().slice(0, 40) || a.href}`;
  }
  return 'No link chosen';
}

/**
 * Whether Back stays on a page the extension can draw on. The Navigation
 * API's entries are this origin's only, so a previous page elsewhere (the
 * New Tab page, about:blank, another site) does not count: better no Back
 * than a person stranded where no target can bring them back.
 */
export function canGoBack(): boolean {
  const nav = (window as unknown as { navigation?: { canGoBack?: boolean } }).navigation;
  return nav?.canGoBack === true;
}

/** How far one scroll goes: the band between the targets, less a margin, so every line shows uncovered once. */
function scrollStep(ctx: PageContext): number {
  const clear = window.innerHeight - ctx.coveredTop - ctx.coveredBottom;
  return Math.max(window.innerHeight * 0.25, clear * 0.9);
}

/** Scrolls the window and checks that it moved (a page may scroll an inner box instead, or refuse). */
async function scroll(by: number): Promise<string> {
  const before = window.scrollY;
  window.scrollBy({ top: by, behavior: 'smooth' });
  const deadline = performance.now() + 1000;
  while (window.scrollY === before && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (window.scrollY === before) return 'This page did not scroll';
  return by > 0 ? 'Scrolled down' : 'Scrolled up';
}

const atBottom = () =>
  window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2 ||
  document.documentElement.scrollHeight <= window.innerHeight;
const atTop = () => window.scrollY <= 1;

function isHttpPage(url: string | undefined): url is string {
  try {
    return url !== undefined && ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** What `action` would do here now. */
function planAction(action: ActionName, ctx: PageContext): Plan {
  const feed = isFeedPage();
  switch (action) {
    case 'sleep':
    case 'toggle-targets':
      return ctx.asleep
        ? { action: 'wake', label: 'Wake', enabled: true }
        : { action, label: SQUARE_NAMES.sleep, enabled: true };
    case 'menu':
      return ctx.asleep
        ? { action: 'wake', label: 'Wake', enabled: true }
        : { action, label: SQUARE_NAMES.menu, enabled: true };
    case 'hints':
      return { action, label: SQUARE_NAMES.hints, enabled: true };
    case 'like': {
      const post = currentPost();
      if (!post) return { action, label: 'No post here', enabled: false };
      const b = likeControl(post);
      if (!b) return { action, label: 'No like button here', enabled: false };
      return { action, label: likeState(b) ? 'Unlike' : 'Like', enabled: true };
    }
    case 'next-post':
    case 'previous-post': {
      if (!feed) return planAction(action === 'next-post' ? 'scroll-down' : 'scroll-up', ctx);
      const all = posts();
      const i = all.indexOf(currentPost()!);
      if (action === 'next-post')
        return i >= all.length - 1
          ? { action, label: 'Last post', enabled: false }
          : { action, label: SQUARE_NAMES['next-post'], enabled: true };
      return i <= 0
        ? { action, label: 'First post', enabled: false }
        : { action, label: SQUARE_NAMES['previous-post'], enabled: true };
    }
    case 'scroll-down':
      return atBottom()
        ? { action, label: 'End of page', enabled: false }
        : { action, label: SQUARE_NAMES['scroll-down'], enabled: true };
    case 'scroll-up':
      return atTop()
        ? { action, label: 'Top of page', enabled: false }
        : { action, label: SQUARE_NAMES['scroll-up'], enabled: true };
    case 'back':
      if (canGoBack()) return { action, label: SQUARE_NAMES.back, enabled: true };
      if (isHttpPage(ctx.homePage) && ctx.homePage !== location.href)
        return { action: 'home', label: 'Home page', enabled: true };
      return { action, label: 'No page to go back to', enabled: false };
    case 'next-link':
      return visibleLinks().length > 0
        ? { action, label: SQUARE_NAMES['next-link'], enabled: true }
        : { action, label: 'No links here', enabled: false };
    case 'open-link':
      return document.activeElement instanceof HTMLAnchorElement
        ? { action, label: SQUARE_NAMES['open-link'], enabled: true }
        : { action, label: 'No link chosen', enabled: false };
  }
}

export function planFor(target: StimulusTarget, ctx: PageContext): Plan {
  return planAction(isFeedPage() ? target.feedAction : target.pageAction, ctx);
}

export interface ActionEffects {
  setAsleep(asleep: boolean): void;
}

/** Performs a plan (made just now, so it still holds); returns what happened, in words. */
export async function perform(plan: Plan, ctx: PageContext, effects: ActionEffects): Promise<string> {
  if (!plan.enabled) return plan.label;
  switch (plan.action) {
    case 'sleep':
    case 'toggle-targets':
      effects.setAsleep(true);
      return 'Asleep: look at Wake for a while to wake the targets';
    case 'wake':
      effects.setAsleep(false);
      return 'Awake';
    case 'like':
      return toggleLike();
    case 'next-post':
      return stepPost(1);
    case 'previous-post':
      return stepPost(-1);
    case 'scroll-down':
      return scroll(scrollStep(ctx));
    case 'scroll-up':
      return scroll(-scrollStep(ctx));
    case 'back':
      history.back();
      return 'Back';
    case 'home':
      location.assign(ctx.homePage!);
      return 'Going to the home page';
    case 'next-link':
      return focusNextLink();
    case 'open-link':
      return openFocusedLink();
    case 'menu':
    case 'hints':
      // Modes, opened by the mode host before it gets here.
      return plan.label;
  }
}
