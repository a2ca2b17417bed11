import type { HelpState } from '../../core/protocol/messages';
import { hostElement } from '../ui/host-element';
import { paintedText, paintedTextOf } from '../ui/painted-text';
import { unseenReason } from '../ui/seen';

/**
 * While a call for help is on: a large, steady banner (it never flashes:
 * the person may be photosensitive) saying so and where to answer it. It
 * has nothing to click: a call is answered only in the extension's own UI
 * (the notification, the popup), because a page can hide, cover or fake
 * anything drawn in it and lure a click. A page that removes, hides or
 * covers the banner gets it drawn again, last in the document, for as long
 * as the call is on. Its words are painted (ui/painted-text.ts) in a closed
 * shadow root of its own, so it shows even where the targets are not drawn.
 */
const CSS = `
:host { all: initial; }
.banner { position: fixed; left: 196px; right: 196px; top: 50%; transform: translateY(-50%);
  box-sizing: border-box; padding: 28px 24px; border-radius: 16px; text-align: center;
  background: #fde047; color: #000; box-shadow: 0 0 0 6px #000, 0 0 0 9px #fff;
  font: 700 clamp(26px, 5vh, 48px)/1.2 system-ui, sans-serif; pointer-events: none; }
.since, .where { font: 400 clamp(16px, 2.4vh, 22px)/1.3 system-ui, sans-serif; margin: 10px 0 0; }
.where { font-weight: 700; }
`;
/** How often the banner is checked for being seen while a call is on (ms). */
const CHECK_EVERY = 500;

const HEADLINE = 'Help has been called';
const WHERE = "To answer: the notification, or the BrainBrowsR button in the browser's toolbar.";

let calledAt: number | undefined;
let drawn: { host: HTMLElement; banner: HTMLElement } | undefined;
let timer = 0;
let redraws = 0;

/** Soon, not at once: a page removing it again from its own observer would otherwise never let the page run. */
const watchRemoval = new MutationObserver(() => {
  if (drawn && !drawn.host.isConnected) setTimeout(check, 50);
});

/** For test builds: what the banner says, whether it is seen, and how often it had to be drawn again. */
export function helpBannerForTests(): { text: string; seen: boolean; redraws: number } | undefined {
  if (!drawn) return undefined;
  const first = drawn.banner.querySelector('canvas');
  return {
    text: first ? (paintedTextOf(first) ?? '') : '',
    seen: unseenReason(drawn.host, [{ el: drawn.banner }]) === undefined,
    redraws,
  };
}

function clock(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function line(text: string, className?: string): HTMLElement {
  const el = document.createElement('div');
  if (className) el.className = className;
  el.append(paintedText(text));
  return el;
}

/** (Re)draws the banner: a new host, under a new name, last in the document. */
function draw(): void {
  if (calledAt === undefined) return;
  if (drawn) redraws++;
  drawn?.host.remove();
  const host = hostElement();
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = CSS;
  const banner = document.createElement('div');
  banner.className = 'banner';
  banner.setAttribute('role', 'alert');
  banner.append(
    line(HEADLINE),
    line(`The person using BrainBrowsR asked for help at ${clock(calledAt)}.`, 'since'),
    line(WHERE, 'where'),
  );
  root.append(style, banner);
  document.documentElement.appendChild(host);
  drawn = { host, banner };
}

function check(): void {
  if (drawn && unseenReason(drawn.host, [{ el: drawn.banner }]) !== undefined) draw();
}

export function showHelp(state: HelpState): void {
  if (state.calledAt === undefined) {
    calledAt = undefined;
    drawn?.host.remove();
    drawn = undefined;
    watchRemoval.disconnect();
    clearInterval(timer);
    return;
  }
  if (calledAt !== undefined) return;
  calledAt = state.calledAt;
  draw();
  watchRemoval.observe(document.documentElement, { childList: true });
  timer = window.setInterval(check, CHECK_EVERY);
}
