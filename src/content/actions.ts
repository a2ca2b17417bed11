import type { ActionName } from '../core/protocol/layout';

/**
 * What selections do to the page. On feed pages (posts as <article>, as on
 * Instagram) the targets move between posts and like them; elsewhere they
 * scroll and go back. Every action returns a short confirmation to show.
 */
const CURRENT_ATTR = 'data-brainbrowsr-current';
const MARK_STYLE_ID = 'brainbrowsr-current-style';

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
  style.textContent = `[${CURRENT_ATTR}] { outline: 4px solid #f59e0b !important; outline-offset: 4px; }`;
  document.head.appendChild(style);
}

/** The post nearest the middle of the viewport, or the marked one. */
export function currentPost(): HTMLElement | undefined {
  const marked = document.querySelector<HTMLElement>(`article[${CURRENT_ATTR}]`);
  if (marked) return marked;
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

function focusPost(p: HTMLElement): void {
  ensureMarkStyle();
  for (const other of posts()) other.removeAttribute(CURRENT_ATTR);
  p.setAttribute(CURRENT_ATTR, '');
  p.scrollIntoView({ behavior: 'smooth', block: 'center' });
}

function stepPost(delta: number): string {
  const all = posts();
  const cur = currentPost();
  const i = cur ? all.indexOf(cur) : -1;
  const next = all[Math.max(0, Math.min(all.length - 1, i + delta))];
  if (!next || next === cur) {
    if (cur) focusPost(cur);
    return delta > 0 ? 'Last post' : 'First post';
  }
  focusPost(next);
  return `${delta > 0 ? 'Next' : 'Previous'} post (${all.indexOf(next) + 1} of ${all.length})`;
}

function likeButton(post: HTMLElement): HTMLElement | undefined {
  return (
    post.querySelector<HTMLElement>('[aria-label*="like" i]:is(button,[role="button"],svg)') ??
    post.querySelector<HTMLElement>('[data-action="like"], button.like') ??
    Array.from(post.querySelectorAll<HTMLElement>('button, [role="button"]')).find((b) =>
      /\blike\b/i.test(b.textContent ?? ''),
    )
  );
}

function toggleLike(): string {
  const post = currentPost();
  if (!post) return 'No post to like';
  focusPost(post);
  const button = likeButton(post);
  if (!button) return 'This post has no like button';
  const before = button.getAttribute('aria-pressed');
  (button.closest('button,[role="button"]') ?? button).dispatchEvent(
    new MouseEvent('click', { bubbles: true, cancelable: true, view: window }),
  );
  const after = button.getAttribute('aria-pressed');
  if (after !== null && after !== before) return after === 'true' ? 'Liked' : 'Like removed';
  return 'Like toggled';
}

let linkIndex = -1;

function focusNextLink(): string {
  const links = Array.from(document.querySelectorAll<HTMLAnchorElement>('a[href]')).filter((a) => {
    const r = a.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
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
  return 'No link focused';
}

export interface ActionContext {
  toggleTargets(): boolean;
}

export function performAction(action: ActionName, ctx: ActionContext): string {
  switch (action) {
    case 'next-post':
      return isFeedPage() ? stepPost(1) : performAction('scroll-down', ctx);
    case 'previous-post':
      return isFeedPage() ? stepPost(-1) : performAction('scroll-up', ctx);
    case 'like':
      return toggleLike();
    case 'toggle-targets':
      return ctx.toggleTargets() ? 'Targets hidden' : 'Targets shown';
    case 'scroll-down':
      window.scrollBy({ top: window.innerHeight * 0.85, behavior: 'smooth' });
      return 'Scrolled down';
    case 'scroll-up':
      window.scrollBy({ top: -window.innerHeight * 0.85, behavior: 'smooth' });
      return 'Scrolled up';
    case 'back':
      history.back();
      return 'Back';
    case 'next-link':
      return focusNextLink();
    case 'open-link':
      return openFocusedLink();
  }
}
