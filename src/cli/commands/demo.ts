import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { relayToken } from '../../../relay/token';
import { startRelay, type Relay } from '../../../relay/server';
import { RELAY_DEFAULT_PORT } from '../../core/protocol/relay';
import { launchWithExtension, type LaunchedExtension } from '../../node/chromium';
import { serveDemo } from '../../node/demo-server';
import { UsageError } from '../errors';

/**
 * `npm start`: builds the extension, starts the relay, opens Chromium with
 * the extension and the simulated headset on the demo feed. With a display
 * you drive it (point at a target, or keys 1-4); headless, a scripted gaze
 * looks at next, next, like, previous with rests in between.
 */
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

/**
 * The extension shows nothing until consent (welcome page), a headset and the
 * switch: headless, nobody watches, so the demo gives consent; with a display
 * the person reads the warning in the welcome tab and allows flicker there.
 * Then the simulated headset and the switch on, as a carer would.
 */
async function switchOnSimulated(ext: LaunchedExtension, headless: boolean): Promise<void> {
  const ctl = await ext.context.newPage();
  await ctl.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
  if (headless) {
    await ctl.evaluate(() =>
      chrome.runtime.sendMessage({ to: 'background', type: 'set-control', patch: { consentAt: Date.now() } }),
    );
  } else {
    console.log(
      `${stamp()} PHOTOSENSITIVITY WARNING: the squares flicker at 8-13 Hz. Read the warning in the welcome tab and allow flicker there to start.`,
    );
    await ctl.waitForFunction(
      async () => (await chrome.runtime.sendMessage({ to: 'background', type: 'get-control' }))?.consentAt != null,
      undefined,
      { timeout: 0, polling: 500 },
    );
  }
  await ctl.evaluate(async () => {
    await chrome.runtime.sendMessage({ to: 'background', type: 'connect', device: 'simulated' });
    await chrome.runtime.sendMessage({ to: 'background', type: 'set-control', patch: { on: true } });
  });
  await ctl.close();
}

export async function demo(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      headless: { type: 'boolean' },
      headed: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      port: { type: 'string' },
    },
  });
  const display = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const headless = values.headless ?? (values.headed ? false : !display);
  if (!headless && !display) throw new UsageError('--headed needs a display (DISPLAY is not set)');

  if (!values['no-build']) {
    console.log(`${stamp()} building the extension (vite build)…`);
    const { build } = await import('vite');
    await build({ logLevel: 'warn' });
  }

  let relay: Relay | undefined;
  try {
    const port = values.port ? Number(values.port) : RELAY_DEFAULT_PORT;
    relay = await startRelay({ port, host: '127.0.0.1', token: relayToken().token, allowOrigins: [] });
    console.log(`${stamp()} relay on ws://127.0.0.1:${relay.port}/ (BrainServR clients can connect now)`);
  } catch (e) {
    console.log(
      `${stamp()} relay not started (${(e as NodeJS.ErrnoException).code ?? e}); is one already running? Going on without it.`,
    );
  }

  const site = await serveDemo();
  const ext = await launchWithExtension({ headless });
  const stop = async () => {
    await ext.close().catch(() => undefined);
    await site.close();
    await relay?.close();
  };
  process.once('SIGINT', () => {
    console.log(`\n${stamp()} stopping`);
    void stop().then(() => process.exit(0));
  });

  // Every detection as a relay client sees it.
  if (relay) {
    const sub = new WebSocket(`ws://127.0.0.1:${relay.port}/`, ['brainbrowsr.v2']);
    let lastState = '';
    sub.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.type === 'detection') {
        console.log(
          `${stamp()} detection: target ${m.target} (${m.label}, ${m.frequency} Hz, confidence ${m.confidence.toFixed(2)})`,
        );
      }
      if (m.type === 'status' && m.state !== lastState) {
        lastState = m.state;
        console.log(`${stamp()} headset: ${m.state}${m.message ? ` (${m.message})` : ''}`);
      }
    });
    sub.on('error', () => undefined);
  }

  await switchOnSimulated(ext, headless);
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
    await new Promise(() => undefined);
    return;
  }
  await page.waitForTimeout(3000);
  for (const step of SCRIPT) {
    console.log(`${stamp()} gaze: ${step.what}`);
    await page.keyboard.press(`Alt+Shift+Digit${step.key}`);
    await page.waitForTimeout(step.seconds * 1000);
  }
  console.log(`${stamp()} scripted gaze done: ${actions.length} actions.`);
  await stop();
}
