import { relayToken } from '../../../relay/token';
import { RELAY_DEFAULT_PORT } from '../../core/protocol/relay';
import { defaultProfileDir, launchWithExtension, type LaunchedExtension } from '../../node/chromium';
import { serveDemo } from '../../node/demo-server';
import { UsageError } from '../errors';
import { parseCommand } from '../help';
import { printDetections, startDemoRelay } from './demo-relay';
import { runScriptedGaze } from './demo-script';
import { Session, stamp, stopOnSignals } from './demo-session';
import { useSimulatorOn } from './demo-setup';

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

interface DemoOptions {
  port: number;
  headless: boolean;
  build: boolean;
  /** The browser profile; none: a throwaway one. */
  profileDir?: string;
}

/** The demo's options, or undefined when --help was answered; a user error throws UsageError. */
function demoOptions(argv: string[]): DemoOptions | undefined {
  const { positionals, values } = parseCommand(argv, DEMO_HELP, {
    headless: { type: 'boolean' },
    headed: { type: 'boolean' },
    'no-build': { type: 'boolean' },
    port: { type: 'string' },
    'profile-dir': { type: 'string' },
    'fresh-profile': { type: 'boolean' },
  });
  if (!positionals) return undefined;
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
  const profileDir = values['fresh-profile'] ? undefined : (values['profile-dir'] ?? defaultProfileDir());
  return { port, headless, build: !values['no-build'], profileDir };
}

/** Chromium with the extension; the demo stops it itself, in order, on every signal. */
async function openBrowser(o: DemoOptions): Promise<LaunchedExtension> {
  try {
    return await launchWithExtension({ headless: o.headless, userDataDir: o.profileDir, handleSignals: false });
  } catch (e) {
    const message = (e as Error).message.split('\n')[0];
    throw new Error(
      `cannot start Chromium${o.profileDir ? ` with the profile ${o.profileDir} (in use by another browser?)` : ''}: ${message}`,
    );
  }
}

export async function demo(argv: string[]): Promise<void> {
  const o = demoOptions(argv);
  if (!o) return;
  if (o.build) {
    console.log(`${stamp()} building the extension (vite build)…`);
    const { build } = await import('vite');
    await build({ logLevel: 'warn' });
  }

  const session = new Session();
  const { shutdown, finished } = stopOnSignals(session);
  try {
    // This user's relay token: a relay they run themselves (npm run relay) on the port has the same one.
    const token = relayToken().token;
    const relay = await startDemoRelay(o.port, token, session);
    const site = await serveDemo();
    session.add(() => site.close());
    if (session.stopped) return;

    const ext = await openBrowser(o);
    if (session.stopped) {
      await ext.close(); // a signal came while the browser was starting
      return;
    }
    session.add(() => ext.close());
    ext.context.on('close', () => shutdown('the browser was closed'));
    console.log(`${stamp()} browser profile: ${o.profileDir ?? `${ext.profileDir} (throwaway, removed at exit)`}`);
    await useSimulatorOn(ext, o.port, token, o.headless);
    if (relay) printDetections(relay, token, session);

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

    if (!o.headless) {
      console.log(
        'Hold Alt+Shift and point at a flickering square (or press Alt+Shift+1-4 in the page; Alt+Shift+0 looks away). Ctrl-C stops.',
      );
      await finished;
      return;
    }
    await runScriptedGaze(page, site.url, actions);
  } catch (e) {
    // A stop in the middle closes the page under the script: that is not an error.
    if (!session.stopped) throw e;
  } finally {
    await session.stop();
  }
}
