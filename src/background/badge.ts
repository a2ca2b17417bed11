import browser from 'webextension-polyfill';
import type { StreamStatus } from '../core/state/stream-status';

/** The stream state on the toolbar icon. */
const BADGE: Record<StreamStatus['state'], { text: string; color: string; title: string }> = {
  off: { text: '', color: '#777777', title: 'BrainBrowsR: off' },
  connecting: { text: '…', color: '#d97706', title: 'BrainBrowsR: connecting' },
  streaming: { text: 'ON', color: '#15803d', title: 'BrainBrowsR: streaming' },
  'signal-lost': { text: '!', color: '#b91c1c', title: 'BrainBrowsR: signal lost' },
  error: { text: 'ERR', color: '#b91c1c', title: 'BrainBrowsR: error' },
};

/** The stream state, or that the page in front hides the squares (`hiddenBy`, see page-hides.ts). */
export async function showBadge(s: StreamStatus, hiddenBy?: string): Promise<void> {
  const b = hiddenBy
    ? { text: '!', color: '#b91c1c', title: `BrainBrowsR: paused, this page hides the squares (${hiddenBy})` }
    : BADGE[s.state];
  await browser.action.setBadgeText({ text: b.text });
  await browser.action.setBadgeBackgroundColor({ color: b.color });
  await browser.action.setTitle({ title: `${b.title}${s.message && !hiddenBy ? ` (${s.message})` : ''}` });
}
