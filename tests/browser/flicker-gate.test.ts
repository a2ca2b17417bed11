import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';
import { launchFresh, servePages, stimulusLog } from './harness';

/**
 * One flicker gate for every stimulus (issue 21, "Unsafe"): the page
 * overlay and the studio's calibration and check-in hold still on a fresh
 * install with no consent, and while a call for help is on. Opacity and
 * grey levels are sampled on every animation frame, not from screenshots.
 */
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof servePages>>;

beforeAll(async () => {
  site = await servePages();
  ext = await launchFresh();
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await site?.close();
});

/** A message to the service worker, sent from an extension page as the extension's own pages do. */
async function toBackground(message: Record<string, unknown>): Promise<void> {
  const p = await ext.context.newPage();
  await p.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
  await p.evaluate(async (m) => {
    await chrome.runtime.sendMessage({ to: 'background', ...m });
  }, message);
  await p.close();
}

const streaming = async () =>
  (await ext.serviceWorker.evaluate(
    async () => ((await chrome.storage.session.get('status')).status as { state: string } | undefined)?.state,
  )) === 'streaming';

/** The calibration square's opacity on each of `frames` animation frames ('none' while there is no square). */
function stageOpacities(studio: Page, frames: number): Promise<string[]> {
  return studio.evaluate(
    (n) =>
      new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        const tick = () => {
          const square = document.querySelector('#stage .target');
          seen.push(square ? getComputedStyle(square).opacity : 'none');
          if (seen.length < n) requestAnimationFrame(tick);
          else resolve(seen);
        };
        requestAnimationFrame(tick);
      }),
    frames,
  );
}

const distinct = (values: unknown[]) => new Set(values.map((v) => JSON.stringify(v))).size;
const studioUrl = (query: string) => `chrome-extension://${ext.extensionId}/src/studio/studio.html${query}`;

describe('a fresh install, flicker never allowed', () => {
  it('the calibration refuses to start and its square never flickers, even with a headset streaming', async () => {
    // The demo headset connected, as a carer may do before reading the warning.
    await toBackground({ type: 'connect', device: 'simulated' });
    await waitFor('the demo headset streaming', streaming, 20_000);
    const studio = await ext.context.newPage();
    await studio.goto(studioUrl('?trials=1&seconds=3&rest=2#calibration'));
    await studio.click('#cal-start');
    // Either it refuses, or (the fault this guards against) it runs and cues a square.
    await waitFor(
      'the calibration to refuse or to cue a square',
      async () =>
        (await studio.textContent('#cal-result')) || /^Look at/.test((await studio.textContent('#cue')) ?? ''),
      20_000,
    );
    const opacities = await stageOpacities(studio, 120);
    expect(distinct(opacities)).toBeLessThanOrEqual(1);
    expect(opacities.filter((o) => o !== 'none' && o !== '0')).toEqual([]);
    expect(await studio.textContent('#cal-result')).toMatch(/photosensitivity warning/);
    expect(await studio.isDisabled('#cal-start')).toBe(false);
    await studio.close();
  });

  it('the page overlay is not drawn at all', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${site.url}light.html`);
    const log = await stimulusLog(page, 30, 1500);
    expect(log?.log.some((f) => f.values.some((v) => v !== null)) ?? false).toBe(false);
    // The extension's hosts are the only children of <html> besides head and body (their names change per load).
    expect(
      await page.evaluate(() => document.documentElement.querySelectorAll(':scope > :not(head):not(body)').length),
    ).toBe(0);
    await page.close();
  });
});

describe('a call for help stills every square until a carer answers', () => {
  beforeAll(async () => {
    await toBackground({ type: 'set-control', patch: { consentAt: Date.now(), on: true } });
  });

  it('on a page: the squares stop flickering and cannot be chosen, then flicker again once answered', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${site.url}light.html`);
    const flickering = async () => {
      const log = await stimulusLog(page, 20);
      return log !== undefined && log.visible.length > 0 && log.log.every((f) => f.values.some((v) => v !== null));
    };
    await waitFor('the squares flickering', flickering, 20_000, 200);
    await toBackground({ type: 'call-help' });
    const still = await waitFor(
      'every square still',
      async () => {
        const log = await stimulusLog(page, 30);
        return log && log.log.length === 30 && log.log.every((f) => f.values.every((v) => v === null))
          ? log
          : undefined;
      },
      5000,
      100,
    );
    expect(still.visible).toEqual([]);
    // Still for as long as the call is on, not only at the moment it came: the next 60 frames too.
    const since = still.log[still.log.length - 1].frame;
    const later = await waitFor(
      '60 more frames drawn',
      async () => {
        const frames = (await stimulusLog(page, 120))?.log.filter((f) => f.frame > since) ?? [];
        return frames.length >= 60 ? frames : undefined;
      },
      10_000,
      200,
    );
    expect(later.flatMap((f) => f.values).filter((v) => v !== null)).toEqual([]);
    await toBackground({ type: 'help-answered' });
    await waitFor('the squares flickering again', flickering, 5000, 200);
    await page.close();
  });

  it('in the calibration: the square holds still and the step pauses, then carries on once answered', async () => {
    const studio = await ext.context.newPage();
    await studio.goto(studioUrl('?trials=1&seconds=6&rest=2#calibration'));
    await studio.click('#cal-start');
    await waitFor(
      'the calibration square flickering',
      async () => distinct(await stageOpacities(studio, 20)) > 5,
      20_000,
      100,
    );
    await toBackground({ type: 'call-help' });
    await waitFor(
      'the calibration paused',
      async () => /^Paused\. Help has been called/.test((await studio.textContent('#cue')) ?? ''),
      5000,
      100,
    );
    const opacities = await stageOpacities(studio, 90);
    expect(distinct(opacities)).toBe(1);
    await toBackground({ type: 'help-answered' });
    await waitFor(
      'the calibration square flickering again',
      async () => distinct(await stageOpacities(studio, 20)) > 5,
      10_000,
      100,
    );
    await studio.click('#cal-cancel');
    await studio.close();
  });
});
