import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DIST, type LaunchedExtension } from '../../src/node/chromium';
import { launchFresh, servePages } from './harness';

/**
 * A page must not be able to tell that the extension is installed: on a
 * fresh install of the production build (never switched on), no file of the
 * extension answers a page's fetch, and the build ships no source maps.
 */
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof servePages>>;
let page: Page;

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [relative(DIST, join(dir, e.name))],
  );

beforeAll(async () => {
  site = await servePages();
  ext = await launchFresh({ dist: DIST });
  page = await ext.context.newPage();
  await page.goto(`${site.url}light.html`);
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await site?.close();
});

it('the production build has no source maps and declares nothing web-accessible without a dynamic URL', () => {
  const all = files(DIST);
  expect(all.filter((f) => f.endsWith('.map'))).toEqual([]);
  expect(
    all.filter((f) => /\.(js|css)$/.test(f) && readFileSync(join(DIST, f), 'utf8').includes('sourceMappingURL')),
  ).toEqual([]);
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as {
    web_accessible_resources?: { use_dynamic_url?: boolean }[];
  };
  for (const entry of manifest.web_accessible_resources ?? []) expect(entry.use_dynamic_url).toBe(true);
});

it("a page's fetch of any file of the extension fails", async () => {
  const paths = files(DIST);
  expect(paths.length).toBeGreaterThan(20);
  const answered = await page.evaluate(
    async ({ id, paths }) => {
      const ok: string[] = [];
      for (const p of paths) {
        try {
          await fetch(`chrome-extension://${id}/${p}`);
          ok.push(p);
        } catch {
          // Refused: what every file must do.
        }
      }
      return ok;
    },
    { id: ext.extensionId, paths },
  );
  expect(answered).toEqual([]);
});
