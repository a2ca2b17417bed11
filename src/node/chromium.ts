import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Worker } from 'playwright-core';
import { EXTENSION_ID } from '../core/protocol/extension-identity';
import { packageRoot } from './package-root';

/** Chromium from CHROME_PATH or Debian's package; never a downloaded browser. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium not found: install Debian\'s "chromium" package or set CHROME_PATH');
  return found;
}

export const DIST = join(packageRoot(), 'dist');
/** The test build (`vite build --mode test`): the same extension plus the hooks browser tests read. */
export const DIST_TEST = join(packageRoot(), 'dist-test');

/**
 * Where `npm start` keeps its browser profile (settings, calibrations,
 * recordings of the extension), so they survive restarts:
 * $XDG_DATA_HOME/brainbrowsr/chromium-profile, by default
 * ~/.local/share/brainbrowsr/chromium-profile (%LOCALAPPDATA% on Windows).
 */
export function defaultProfileDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32' && env.LOCALAPPDATA)
    return join(env.LOCALAPPDATA, 'brainbrowsr', 'chromium-profile');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'brainbrowsr', 'chromium-profile');
}

export interface LaunchedExtension {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** The browser profile in use. */
  profileDir: string;
  /** Closes the browser; a throwaway profile is removed with it. */
  close(): Promise<void>;
}

/**
 * Launches Chromium with the built extension loaded (headless unless told
 * otherwise). Without `userDataDir` the profile is a throwaway one, removed
 * by close().
 */
export async function launchWithExtension(
  options: {
    headless?: boolean;
    userDataDir?: string;
    /** Let Playwright close the browser on SIGINT/SIGTERM/SIGHUP (off when the caller stops it itself). */
    handleSignals?: boolean;
    /** Which build to load: dist/ (default) or DIST_TEST. */
    dist?: string;
  } = {},
): Promise<LaunchedExtension> {
  const dist = options.dist ?? DIST;
  if (!existsSync(join(dist, 'manifest.json'))) {
    throw new Error(
      `no built extension in ${dist}: run ${dist === DIST_TEST ? 'npx vite build --mode test' : 'npm run build'}`,
    );
  }
  const throwaway = options.userDataDir === undefined;
  const dir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'brainbrowsr-profile-'));
  if (!throwaway) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const removeThrowaway = () => {
    if (throwaway) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  let context: BrowserContext;
  try {
    context = await launch(dir, dist, options.headless ?? true, options.handleSignals ?? true);
  } catch (e) {
    removeThrowaway();
    throw e;
  }
  let gone = false;
  context.once('close', () => {
    gone = true;
  });
  /** A browser left running is told on stderr; one already gone (closed by the user, or by the same signal) is not news. */
  const closeContext = (when: string) =>
    context.close().catch((e: unknown) => {
      if (!gone) console.warn(`Chromium did not close ${when}: ${e instanceof Error ? e.message : String(e)}`);
    });
  let serviceWorker: Worker;
  try {
    serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  } catch (e) {
    await closeContext('after the extension failed to start');
    removeThrowaway();
    throw e;
  }
  const extensionId = new URL(serviceWorker.url()).host;
  const close = async () => {
    await closeContext('when stopping');
    removeThrowaway();
  };
  if (extensionId !== EXTENSION_ID) {
    await close();
    throw new Error(`unexpected extension id ${extensionId} (manifest key changed?)`);
  }
  return { context, serviceWorker, extensionId, profileDir: dir, close };
}

async function launch(dir: string, dist: string, headless: boolean, handleSignals: boolean): Promise<BrowserContext> {
  // Loaded when a browser starts: importing the driver costs every CLI command half a second.
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    headless,
    handleSIGINT: handleSignals,
    handleSIGTERM: handleSignals,
    handleSIGHUP: handleSignals,
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
}
