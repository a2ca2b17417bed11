import browser from 'webextension-polyfill';
import { DEFAULT_LAYOUT, type Layout, type StimulusTarget } from '../core/protocol/layout';
import type { StreamStatus, ToBackground, ToContent } from '../core/protocol/messages';
import { isFeedPage, performAction } from './actions';
import { Overlay } from './overlay';

/**
 * Content script: draws the targets, reports which are on screen and (for the
 * simulated headset) which one the pointer or keys 1-9 point at, and performs
 * the action of each detection.
 */
const send = (m: ToBackground) => browser.runtime.sendMessage(m).catch(() => undefined);

let layout: Layout = DEFAULT_LAYOUT;
let status: StreamStatus | undefined;
let lastScores: number[] = [];
let keyGaze: number | null = null;
/** Milliseconds from decoding the deciding window's last sample to the page action. */
const latencies: number[] = [];

const overlay = new Overlay(layout, (t) => gaze(t));

function gaze(target: StimulusTarget | null): void {
  send({ to: 'background', type: 'gaze', frequency: target ? target.frequency : null });
}

let lastVisible = '';
function reportVisible(force = false): void {
  const targets = overlay.visibleTargets();
  const key = targets.join(',');
  if (!force && key === lastVisible) return;
  lastVisible = key;
  send({ to: 'background', type: 'visible-targets', targets });
}

function renderStatus(): void {
  if (!status || status.state === 'off') {
    overlay.setStatus('BrainBrowsR: no headset (open the Connect page)');
    return;
  }
  const lost = status.samplesLost > 0 ? `, ${status.samplesLost} samples lost` : '';
  const label: Record<string, string> = {
    connecting: 'waiting for headset data',
    streaming: 'streaming',
    'signal-lost': 'signal lost, reconnecting',
    error: `error: ${status.message ?? ''}`,
  };
  const text = `BrainBrowsR: ${label[status.state] ?? status.state}${lost}${status.calibrated ? '' : ' (not calibrated)'}`;
  overlay.setStatus(text, status.state === 'streaming' ? lastScores : []);
}

browser.runtime.onMessage.addListener((raw: unknown) => {
  const m = raw as ToContent;
  if (m?.to !== 'content') return undefined;
  switch (m.type) {
    case 'status':
      status = m.status;
      renderStatus();
      break;
    case 'heartbeat':
      lastScores = m.scores;
      if (status?.state === 'streaming') renderStatus();
      break;
    case 'layout':
      layout = m.layout;
      overlay.setLayout(layout);
      reportVisible(true);
      break;
    case 'request-state':
      reportVisible(true);
      break;
    case 'detection': {
      const target = layout.targets.find((t) => t.index === m.detection.target);
      if (!target || !overlay.visibleTargets().includes(target.index)) break;
      const action = isFeedPage() ? target.feedAction : target.pageAction;
      const text = performAction(action, {
        toggleTargets: () => {
          overlay.othersHidden = !overlay.othersHidden;
          reportVisible();
          return overlay.othersHidden;
        },
      });
      const at = performance.timeOrigin + performance.now();
      latencies.push(at - m.detection.decodedAt);
      overlay.toast(text);
      console.info(`[BrainBrowsR] ${target.label} (${target.frequency} Hz) -> ${action}: ${text}`);
      send({ to: 'background', type: 'action-done', action, target: target.index, at });
      break;
    }
  }
  return undefined;
});

// Simulated gaze from the keyboard: 1-9 look at that target, 0 or Escape look away.
window.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
  if (e.key === '0' || e.key === 'Escape') {
    keyGaze = null;
    gaze(null);
    return;
  }
  const n = Number(e.key);
  if (Number.isInteger(n) && n >= 1 && n <= layout.targets.length) {
    keyGaze = n - 1;
    gaze(layout.targets[keyGaze]);
  }
});

document.addEventListener('visibilitychange', () => {
  if (document.hidden) overlay.stop();
  else overlay.resume();
  reportVisible();
});

// The stimulus log, for measuring what was really drawn (asked by tests and tools through postMessage).
window.addEventListener('message', (e) => {
  if (e.source !== window || e.data?.type !== 'brainbrowsr:stimulus-log?') return;
  window.postMessage(
    {
      type: 'brainbrowsr:stimulus-log',
      refreshRate: overlay.rate,
      dropped: overlay.droppedFrames,
      refused: overlay.refused,
      frequencies: layout.targets.map((t) => t.frequency),
      log: overlay.log.slice(-(e.data.frames ?? overlay.log.length)),
      frameCost: overlay.frameCost,
      actionLatencies: latencies,
    },
    '*',
  );
});

renderStatus();
void overlay.start().then(() => reportVisible(true));
setInterval(() => reportVisible(), 500);
send({ to: 'background', type: 'get-status' });
