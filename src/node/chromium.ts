import { existsSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';
import { EXTENSION_ID } from '../core/protocol/extension-identity';

/** Chromium from CHROME_PATH or Debian's package; never a downloaded browser. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium not found: install Debian\'s "chromium" package or set CHROME_PATH');
  return found;
}

export const DIST = resolve(import.meta.dirname, '../../dist');
/** The test build (`vite build --mode test`): the same extension plus the hooks browser tests read. */
export const DIST_TEST = resolve(import.meta.dirname, '../../dist-test');

export interface LaunchedExtension {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

/** Launches Chromium with the built extension loaded (headless unless told otherwise). */
export async function launchWithExtension(
  options: { headless?: boolean; userDataDir?: string; dist?: string } = {},
): Promise<LaunchedExtension> {
  const dist = options.dist ?? DIST;
  if (!existsSync(join(dist, 'manifest.json'))) {
    throw new Error(
      `no built extension in ${dist}: run ${dist === DIST_TEST ? 'npx vite build --mode test' : 'npm run build'}`,
    );
  }
  const dir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'brainbrowsr-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    headless: options.headless ?? true,
    viewport: { width: 1200, height: 900 },
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      // Keep rendering and timers at full rate in background/occluded windows.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  const serviceWorker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  if (extensionId !== EXTENSION_ID) throw new Error(`unexpected extension id ${extensionId} (manifest key changed?)`);
  return { context, serviceWorker, extensionId, close: () => context.close() };
}
