import type { HelpState } from '../../core/protocol/messages';
import { tell } from '../../extension/messaging';

/**
 * While a call for help is on: a large, steady banner (it never flashes:
 * the person may be photosensitive) saying so, with a big button for the
 * carer. Pressing it answers the call everywhere (alarm, notification and
 * the banners of every tab). Drawn in a closed shadow root of its own, so
 * it shows even where the targets are not drawn.
 */
const CSS = `
:host { all: initial; }
.banner { position: fixed; left: 196px; right: 196px; top: 50%; transform: translateY(-50%);
  box-sizing: border-box; padding: 28px 24px; border-radius: 16px; text-align: center;
  background: #fde047; color: #000; box-shadow: 0 0 0 6px #000, 0 0 0 9px #fff;
  font: 700 clamp(26px, 5vh, 48px)/1.2 system-ui, sans-serif; pointer-events: auto; }
.since { font: 400 clamp(16px, 2.4vh, 22px)/1.3 system-ui, sans-serif; margin: 10px 0 18px; }
button { font: 700 clamp(22px, 4vh, 36px) system-ui, sans-serif; padding: 14px 36px; border-radius: 12px;
  border: 4px solid #000; background: #15803d; color: #fff; cursor: pointer; }
button:focus-visible { outline: 4px solid #1d4ed8; outline-offset: 4px; }
`;

let host: HTMLElement | undefined;
let answerButton: HTMLButtonElement | undefined;

/** For test builds: whether the banner is shown, and where its button is (to click it as a carer would). */
export function helpBannerForTests(): { text: string; button: { x: number; y: number } } | undefined {
  if (!host || !answerButton) return undefined;
  const r = answerButton.getBoundingClientRect();
  return {
    text: answerButton.parentElement?.firstChild?.textContent ?? '',
    button: { x: r.x + r.width / 2, y: r.y + r.height / 2 },
  };
}

function clock(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function showHelp(state: HelpState): void {
  if (state.calledAt === undefined) {
    host?.remove();
    host = undefined;
    answerButton = undefined;
    return;
  }
  if (host) return;
  host = document.createElement('brainbrowsr-help');
  host.style.cssText = 'position:fixed;inset:0;pointer-events:none;z-index:2147483647;';
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = CSS;
  const banner = document.createElement('div');
  banner.className = 'banner';
  banner.setAttribute('role', 'alertdialog');
  banner.setAttribute('aria-label', 'Help has been called');
  const text = document.createElement('div');
  text.textContent = 'Help has been called';
  const since = document.createElement('div');
  since.className = 'since';
  since.textContent = `The person using BrainBrowsR asked for help at ${clock(state.calledAt)}.`;
  const button = document.createElement('button');
  button.textContent = "I'm here";
  button.addEventListener('click', (e) => {
    // Only a real click: a page's script must not be able to answer a call for help.
    if (!e.isTrusted) return;
    void tell({ to: 'background', type: 'help-answered' });
    showHelp({});
  });
  answerButton = button;
  banner.append(text, since, button);
  root.append(style, banner);
  document.documentElement.appendChild(host);
}
