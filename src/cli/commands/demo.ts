import WebSocket from 'ws';
import { relayToken } from '../../../relay/token';
import { messageText } from '../../../relay/frames';
import { startRelay, type Relay } from '../../../relay/server';
import type { Control, ToBackground } from '../../core/protocol/messages';
import type { Settings } from '../../core/state/settings';
import { parsePublisherMessage, RELAY_DEFAULT_PORT } from '../../core/protocol/relay';
import { defaultProfileDir, launchWithExtension, type LaunchedExtension } from '../../node/chromium';
import { serveDemo } from '../../node/demo-server';
import { UsageError } from '../errors';
import { parseCommand } from '../help';
import { scriptedBrowse } from './demo-browse';
import { pairThroughSettings } from './demo-pair';

export const DEMO_HELP = `brainbrowsr demo [--headless|--headed] [--no-build] [--port N] [--profile-dir DIR | --fresh-profile]

What npm start runs: builds the extension, starts the relay, opens Chromium
with the extension, pairs it with the relay (its token pasted in the
extension's settings, as a carer does) and the simulated headset on a demo feed. With a display
you drive it (Alt+Shift and point at a target, or Alt+Shift+1-4); headless, a scripted gaze
looks at next, next, like, previous with rests in between, then, on a page
to browse, opens a link by its hint and types a search with the speller.

  --headless, --headed  force either (default: headed when DISPLAY is set)
  --no-build      use the extension already in dist/
  --port N        relay port (default ${RELAY_DEFAULT_PORT}); the extension is paired with it
  --profile-dir DIR  browser profile to keep settings and calibrations in
                  (default ${defaultProfileDir()})
  --fresh-profile a throwaway profile, removed at exit

Ctrl-C (SIGINT), SIGTERM, SIGHUP or closing the browser stops the browser,
the relay and the demo page server, and frees their ports.`;

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

const stamp = () => new Date().toISOString().slice(11, 19);

/** Everything the demo started, stopped once, in reverse order. */
class Session {
  private readonly stops: (() => Promise<unknown> | void)[] = [];
  private stopping?: Promise<void>;

  add(stop: () => Promise<unknown> | void): void {
    this.stops.push(stop);
  }

  get stopped(): boolean {
    return this.stopping !== undefined;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const s of this.stops.reverse()) {
        // One failed stop must not keep the others from freeing their ports; it is told, not hidden.
        await Promise.resolve()
          .then(s)
          .catch((e: unknown) => console.warn(`${stamp()} stopping: ${e instanceof Error ? e.message : String(e)}`));
      }
    })();
    return this.stopping;
  }
}

export async function demo(argv: string[]): Promise<void> {
  const { positionals, values } = parseCommand(argv, DEMO_HELP, {
    headless: { type: 'boolean' },
    headed: { type: 'boolean' },
    'no-build': { type: 'boolean' },
    port: { type: 'string' },
    'profile-dir': { type: 'string' },
    'fresh-profile': { type: 'boolean' },
  });
  if (!positionals) return;
  if (positionals.length > 0) throw new UsageError(`demo takes no file (got ${positionals[0]}); see --help`);
  const port = values.port === undefined ? RELAY_DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--port must be a port number from 1 to 65535, not ${values.port}`);
  }
  if (values['fresh-profile'] && values['profile-dir']) {
    throw new UsageError('--fresh-profile and --profile-dir exclude each other');
  }
  const display = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const headless = values.headless ?? (values.headed ? false : !display);
  if (!headless && !display) throw new UsageError('--headed needs a display (DISPLAY is not set)');

  if (!values['no-build']) {
    console.log(`${stamp()} building the extension (vite build)…`);
    const { build } = await import('vite');
    await build({ logLevel: 'warn' });
  }

  const session = new Session();
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const shutdown = (why: string) => {
    if (session.stopped) return;
    console.log(`\n${stamp()} ${why}: stopping`);
    // Whatever hangs, the process ends: its ports are freed with it.
    setTimeout(() => process.exit(1), 4000).unref();
    void session.stop().then(done);
  };
  const onSignal = (signal: NodeJS.Signals) => shutdown(signal);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
  session.add(() => {
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
  });

  try {
    let relay: Relay | undefined;
    // This user's relay token: a relay they run themselves (npm run relay) on the port has the same one.
    const token = relayToken().token;
    try {
      relay = await startRelay({ port, host: '127.0.0.1', token, allowOrigins: [] });
      const r = relay;
      session.add(() => r.close());
      console.log(`${stamp()} relay on ws://127.0.0.1:${relay.port}/ (BrainServR clients can connect now)`);
    } catch (e) {
      const why = (e instanceof Error && (e as NodeJS.ErrnoException).code) || String(e);
      console.log(
        `${stamp()} relay not started on port ${port} (${why}); is one already running? Going on without it.`,
      );
    }

    const site = await serveDemo();
    session.add(() => site.close());
    if (session.stopped) return;

    const profileDir = values['fresh-profile'] ? undefined : (values['profile-dir'] ?? defaultProfileDir());
    let ext: LaunchedExtension;
    try {
      // The demo stops the browser itself, in order, on every signal.
      ext = await launchWithExtension({ headless, userDataDir: profileDir, handleSignals: false });
    } catch (e) {
      const message = (e as Error).message.split('\n')[0];
      throw new Error(
        `cannot start Chromium${profileDir ? ` with the profile ${profileDir} (in use by another browser?)` : ''}: ${message}`,
      );
    }
    if (session.stopped) {
      await ext.close(); // a signal came while the browser was starting
      return;
    }
    session.add(() => ext.close());
    ext.context.on('close', () => shutdown('the browser was closed'));
    console.log(`${stamp()} browser profile: ${profileDir ?? `${ext.profileDir} (throwaway, removed at exit)`}`);
    await useSimulatorOn(ext, port, token, headless);

    // Every detection as a relay client with the token sees it (labels included).
    if (relay) {
      const sub = new WebSocket(`ws://127.0.0.1:${relay.port}/?token=${encodeURIComponent(token)}`, ['brainbrowsr.v2']);
      session.add(() => sub.terminate());
      let lastState = '';
      sub.on('message', (d, isBinary) => {
        if (isBinary) return;
        // Detections and statuses are the publisher's, forwarded as they came; hello and the rest are not shown.
        const parsed = parsePublisherMessage(messageText(d));
        if (!parsed.ok) return;
        const m = parsed.value;
        if (m.type === 'detection') {
          console.log(
            `${stamp()} detection: target ${m.target} (${m.label}, ${m.frequency} Hz, confidence ${m.confidence?.toFixed(2)})`,
          );
        }
        if (m.type === 'status' && m.state !== lastState) {
          lastState = m.state;
          console.log(`${stamp()} headset: ${m.state}${m.message ? ` (${m.message})` : ''}`);
        }
      });
      sub.on('error', (e) => {
        // terminate() on the way out ends a connection still opening with an error: only others are news.
        if (!session.stopped) console.warn(`${stamp()} relay subscriber (detections shown here): ${e.message}`);
      });
    }

    const page = await ext.context.newPage();
    const actions: string[] = [];
    page.on('console', (msg) => {
      const text = msg.text();
      if (text.startsWith('[BrainBrowsR]')) {
        actions.push(text);
        console.log(`${stamp()} action: ${text.replace('[BrainBrowsR] ', '')}`);
      }
    });
    await page.goto(site.url);
    console.log(`${stamp()} demo feed at ${site.url} with the simulated headset`);

    if (!headless) {
      console.log(
        'Hold Alt+Shift and point at a flickering square (or press Alt+Shift+1-4 in the page; Alt+Shift+0 looks away). Ctrl-C stops.',
      );
      await finished;
      return;
    }
    await page.waitForTimeout(3000);
    for (const step of SCRIPT) {
      console.log(`${stamp()} gaze: ${step.what}`);
      await page.keyboard.press(`Alt+Shift+Digit${step.key}`);
      await page.waitForTimeout(step.seconds * 1000);
    }
    await scriptedBrowse({ page, actions, say: (line) => console.log(`${stamp()} ${line}`) }, site.url);
    console.log(`${stamp()} scripted gaze done: ${actions.length} actions.`);
  } catch (e) {
    // A stop in the middle closes the page under the script: that is not an error.
    if (!session.stopped) throw e;
  } finally {
    await session.stop();
  }
}

/**
 * Chooses the simulated headset, pairs the extension with the relay through
 * its settings page (port, token, sharing on) and switches the squares on,
 * as a carer would. The extension shows nothing
 * until consent (welcome page): headless, nobody watches, so the demo gives
 * it; with a display the person reads the warning in the welcome tab and
 * allows flicker there. Settings come from an extension page: the service
 * worker does not receive its own messages.
 */
async function useSimulatorOn(ext: LaunchedExtension, port: number, token: string, headless: boolean): Promise<void> {
  const page = await ext.context.newPage();
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
    if (headless) {
      await page.evaluate(() =>
        chrome.runtime.sendMessage({ to: 'background', type: 'set-control', patch: { consentAt: Date.now() } }),
      );
    } else {
      console.log(
        `${stamp()} PHOTOSENSITIVITY WARNING: the squares flicker at 13-19 Hz. Read the warning in the welcome tab and allow flicker there to start.`,
      );
      await page.waitForFunction(
        async () =>
          (
            await chrome.runtime.sendMessage<ToBackground, Control | undefined>({
              to: 'background',
              type: 'get-control',
            })
          )?.consentAt != null,
        undefined,
        { timeout: 0, polling: 500 },
      );
    }
    await page.evaluate(async () => {
      const settings = await chrome.runtime.sendMessage<ToBackground, Settings>({
        to: 'background',
        type: 'get-settings',
      });
      await chrome.runtime.sendMessage({
        to: 'background',
        type: 'set-settings',
        settings: { ...settings, device: 'simulated' },
      });
    });
    console.log(`${stamp()} pairing the extension with the relay on port ${port} (Studio > Settings, its token)`);
    await pairThroughSettings(ext, { port, token, on: true });
    await page.evaluate(async () => {
      await chrome.runtime.sendMessage({ to: 'background', type: 'connect', device: 'simulated' });
      await chrome.runtime.sendMessage({ to: 'background', type: 'set-control', patch: { on: true } });
    });
  } finally {
    await page.close();
  }
}
