import type { Page } from 'playwright-core';
import { scriptedBrowse } from './demo-browse';
import { stamp } from './demo-session';

/** The scripted gaze of a headless run. */
const SCRIPT: { key: string; what: string; seconds: number }[] = [
  { key: '0', what: 'reading the post (no target)', seconds: 5 },
  { key: '4', what: 'looking at "Next"', seconds: 5 },
  { key: '0', what: 'reading', seconds: 5 },
  { key: '4', what: 'looking at "Next"', seconds: 5 },
  { key: '0', what: 'reading', seconds: 5 },
  { key: '1', what: 'looking at "Like"', seconds: 5 },
  { key: '0', what: 'reading', seconds: 5 },
  { key: '3', what: 'looking at "Previous"', seconds: 5 },
  { key: '0', what: 'reading', seconds: 4 },
];

/**
 * Headless, nobody looks: a scripted gaze on the feed (next, next, like,
 * previous with rests between), then browsing a page by hints and the
 * speller. `actions` holds what the extension did, as it logs it.
 */
export async function runScriptedGaze(page: Page, siteUrl: string, actions: string[]): Promise<void> {
  await page.waitForTimeout(3000);
  for (const step of SCRIPT) {
    console.log(`${stamp()} gaze: ${step.what}`);
    await page.keyboard.press(`Alt+Shift+Digit${step.key}`);
    await page.waitForTimeout(step.seconds * 1000);
  }
  await scriptedBrowse({ page, actions, say: (line) => console.log(`${stamp()} ${line}`) }, siteUrl);
  console.log(`${stamp()} scripted gaze done: ${actions.length} actions.`);
}
