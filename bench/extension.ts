import { execSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { DEFAULT_LAYOUT } from '../src/core/protocol/layout';
import { serveDemo } from '../src/node/demo-server';
import { launchFresh, look, switchOnSimulated } from '../tests/browser/harness';
import { fmt, heading } from './util';

interface Bridge {
  log: { ts: number }[];
  frameCost: number[];
  actionLatencies: number[];
  refreshRate: number;
}

// A string, not a function: tsx's keepNames helper does not exist in the page.
const bridgeScript = (frames: number) => `new Promise((resolve) => {
  const onMessage = (e) => {
    if (e.data?.type !== 'brainbrowsr:stimulus-log') return;
    window.removeEventListener('message', onMessage);
    resolve(e.data);
  };
  window.addEventListener('message', onMessage);
  window.postMessage({ type: 'brainbrowsr:stimulus-log?', frames: ${frames} }, '*');
})`;
/** The test hook's answer, with the last `frames` frames drawn. */
const bridge = (page: Page, frames = 1) => page.evaluate<Bridge>(bridgeScript(frames));

/** RSS (MB) of Chromium's extension renderer: the service worker, the offscreen document and its worker. */
function extensionProcessRss(): number {
  const out = execSync('ps -eo rss=,args=', { encoding: 'utf8' });
  return (
    out
      .split('\n')
      .filter((l) => l.includes('--extension-process'))
      .reduce((sum, l) => sum + Number(l.trim().split(/\s+/)[0]), 0) / 1024
  );
}

const pct = (v: number[], p: number) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(p * v.length))];

/**
 * What the content script costs the page outside its frame loop: the share
 * of time the tab's main thread is busy, and style recalculations forced
 * beyond the one per frame the flicker needs (a check of whether the squares
 * are seen, painted text), from Chromium's own counters.
 */
async function mainThreadWhileFlickering(
  page: Page,
  ms: number,
): Promise<{ frames: number; busyPercent: number; extraRestylesPerSecond: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () =>
    Object.fromEntries(
      ((await cdp.send('Performance.getMetrics')).metrics as { name: string; value: number }[]).map((m) => [
        m.name,
        m.value,
      ]),
    );
  const now = () => page.evaluate(() => performance.now());
  const [m0, t0] = [await metrics(), await now()];
  await page.waitForTimeout(ms);
  const [m1, t1] = [await metrics(), await now()];
  await cdp.detach();
  const frames = (await bridge(page, 3000)).log.filter((f) => f.ts > t0 && f.ts <= t1).length;
  const seconds = (t1 - t0) / 1000;
  return {
    frames,
    busyPercent: (100 * (m1.TaskDuration - m0.TaskDuration)) / seconds,
    extraRestylesPerSecond: (m1.RecalcStyleCount - m0.RecalcStyleCount - frames) / seconds,
  };
}

export async function benchExtension(): Promise<void> {
  // The test build: its stimulus-log hook reports frame costs and latencies (production builds answer no page).
  const { build } = await import('vite');
  await build({ logLevel: 'warn', mode: 'test' });
  const site = await serveDemo();
  const ext = await launchFresh();
  await switchOnSimulated(ext);
  try {
    const page = await ext.context.newPage();
    await page.goto(site.url);
    await page.bringToFront();
    await page.waitForTimeout(4000);
    heading('Extension: from the deciding window to the page action (simulated headset, headless Chromium)');
    for (const key of [4, 3, 4, 3, 4, 3, 4, 3]) {
      await look(page, key);
      await page.waitForTimeout(3500);
      await look(page, 0);
      await page.waitForTimeout(2500);
    }
    const b = await bridge(page);
    const lat = b.actionLatencies;
    console.log(
      `${lat.length} selections: latency from decoding the window's last sample to the action: median ${fmt(pct(lat, 0.5), 1)} ms, max ${fmt(Math.max(...lat), 1)} ms`,
    );
    heading("Extension: the page's main thread while the squares flicker (10 s, nothing looked at)");
    const thread = await mainThreadWhileFlickering(page, 10_000);
    console.log(
      `${thread.frames} frames drawn; busy ${fmt(thread.busyPercent, 0)} % of the time; style recalculations beyond one per frame: ${fmt(thread.extraRestylesPerSecond, 1)} per second`,
    );
    heading('Extension: stimulus loop cost per frame (4 targets)');
    console.log(
      `refresh ${b.refreshRate} Hz; script time per frame: mean ${fmt((b.frameCost.reduce((a, c) => a + c, 0) / b.frameCost.length) * 1000, 0)} us, p99 ${fmt(pct(b.frameCost, 0.99) * 1000, 0)} us`,
    );

    // BENCH_HOURS=4: a longer run, to see whether the memory levels off.
    const hours = Number(process.env.BENCH_HOURS ?? 1);
    const every = hours > 1 ? 30 : 10;
    heading(`Extension: memory over ${hours} hour(s) of simulated headset data (60x real time)`);
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
    await popup.evaluate(async (layout) => {
      await chrome.runtime.sendMessage({
        to: 'background',
        type: 'set-settings',
        settings: { device: 'simulated', mains: 50, relay: false, layout, simulationSpeed: 60 },
      });
      await chrome.runtime.sendMessage({ to: 'offscreen', type: 'disconnect' });
      await new Promise((r) => setTimeout(r, 500));
      await chrome.runtime.sendMessage({ to: 'background', type: 'connect', device: 'simulated' });
    }, DEFAULT_LAYOUT);
    await page.bringToFront();
    const rows: string[] = [];
    for (let minute = 0; minute <= 60 * hours; minute += every) {
      if (minute > 0) await page.waitForTimeout(every * 1000);
      const status = (await ext.serviceWorker.evaluate(
        async () => (await chrome.storage.session.get('status')).status,
      )) as { state: string };
      // The heap is reported with the live feed (studio's headset check), not in the status.
      // As a string: tsx names the inner listener with a helper (__name) that the page does not have.
      const heapMB = await popup.evaluate<number | undefined>(`new Promise((resolve) => {
        const onLive = (m) => {
          if (m.to !== 'pages' || m.type !== 'live') return;
          chrome.runtime.onMessage.removeListener(onLive);
          resolve(m.heapMB);
        };
        chrome.runtime.onMessage.addListener(onLive);
        void chrome.runtime.sendMessage({ to: 'offscreen', type: 'live-subscribe' });
        setTimeout(() => resolve(undefined), 2000);
      })`);
      rows.push(
        `${minute} min: extension process RSS ${fmt(extensionProcessRss(), 0)} MB, offscreen heap ${heapMB ?? '?'} MB (${status.state})`,
      );
    }
    rows.forEach((r) => console.log(r));
    await popup.evaluate(async (layout) => {
      await chrome.runtime.sendMessage({
        to: 'background',
        type: 'set-settings',
        settings: { device: 'simulated', mains: 50, relay: true, layout },
      });
    }, DEFAULT_LAYOUT);
  } finally {
    await ext.close();
    await site.close();
  }
}
