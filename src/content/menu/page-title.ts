import browser from 'webextension-polyfill';
import type { ToContent } from '../../core/protocol/messages';

/** Tells the service worker this page's title, for another tab's Switch tab list (no `tabs` permission). */
export function answerTitleRequests(): void {
  browser.runtime.onMessage.addListener((raw: unknown) => {
    const m = raw as ToContent;
    if (m?.to !== 'content' || m.type !== 'get-title') return undefined;
    return Promise.resolve(document.title.trim() || location.hostname);
  });
}
