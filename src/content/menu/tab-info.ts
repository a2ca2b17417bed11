import browser from 'webextension-polyfill';
import type { ToContent } from '../../core/protocol/messages';

/**
 * Tells the service worker this page's title and whether its targets can be
 * drawn, for another tab's Switch tab list (the extension has no `tabs`
 * permission, so it cannot read titles itself).
 */
export function answerTabInfo(drawsTargets: () => boolean): void {
  browser.runtime.onMessage.addListener((raw: unknown) => {
    const m = raw as ToContent;
    if (m?.to !== 'content' || m.type !== 'tab-info') return undefined;
    return Promise.resolve({ title: document.title.trim() || location.hostname, targets: drawsTargets() });
  });
}
