import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LaunchedExtension } from '../../src/node/chromium';
import { serveDemo } from '../../src/node/demo-server';
import { waitFor } from '../helpers/wait';
import {
  chooseInMenu,
  launchFresh,
  look,
  openMenuOn,
  stimulusLog,
  switchOnSimulated,
  waitStreamSeconds,
} from './harness';

/**
 * Sleep, on the test build with the simulated headset running 30x real time
 * (the simulated headset's speed setting), so 20 real seconds are ten
 * minutes of headset data through the real pipeline.
 */
const SPEED = 30;
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof serveDemo>>;
let page: Page;
const actions: string[] = [];

const current = () => page.evaluate(() => document.querySelector('article[data-brainbrowsr-current]')?.id ?? null);

beforeAll(async () => {
  site = await serveDemo();
  ext = await launchFresh();
  await switchOnSimulated(ext, { speed: SPEED });
  page = await ext.context.newPage();
  page.on('console', (m) => {
    if (m.text().startsWith('[BrainBrowsR]')) actions.push(m.text());
  });
  await page.goto(site.url);
  await page.bringToFront();
  await waitFor('targets drawn', async () => ((await stimulusLog(page))?.visible.length ?? 0) >= 3, 10_000, 200);
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await site?.close();
});

describe('sleep', () => {
  it('Sleep in the menu puts every target to sleep but a small wake target; 10 simulated minutes of reading fire nothing; the wake target wakes them', async () => {
    await openMenuOn(actions, page, 'feed');
    await chooseInMenu(actions, page, 'Sleep', /-> sleep: Asleep/);
    let n: number;
    let log = (await stimulusLog(page))!;
    expect(log.targets.filter((t) => t.shown).map((t) => [t.index, t.label, t.size])).toEqual([[1, 'Wake', 72]]);
    expect(log.visible).toEqual([1]);
    const where = await current();
    const started = log.streamTime ?? 0;

    // Reading for 10 simulated minutes: mostly looking at the page, at times where the asleep targets were.
    n = actions.length;
    for (let s = 0; s < 60; s += 10) {
      await waitStreamSeconds(page, 60);
      await look(page, 1 + ((s / 10) % 4 === 1 ? 3 : (s / 10) % 4 === 2 ? 2 : 0)); // Like, Next or Previous's place
      await waitStreamSeconds(page, 30);
      await look(page, 0);
      await waitStreamSeconds(page, 10);
    }
    log = (await stimulusLog(page))!;
    const minutes = ((log.streamTime ?? 0) - started) / 60;
    console.log(`asleep: ${minutes.toFixed(1)} simulated minutes of reading, ${actions.length - n} actions`);
    expect(minutes).toBeGreaterThanOrEqual(10);
    expect(actions.slice(n)).toEqual([]);
    expect(await current()).toBe(where);
    expect(log.visible).toEqual([1]);

    // A long look at Wake wakes every target.
    n = actions.length;
    await look(page, 2);
    await waitFor('awake', () => actions.slice(n).some((a) => /-> wake: Awake/.test(a)), 10_000, 20);
    await look(page, 0);
    await waitFor(
      'every target back',
      async () => (await stimulusLog(page))!.targets.filter((t) => t.shown).length === 4,
      3000,
    );
  }, 120_000);
});
