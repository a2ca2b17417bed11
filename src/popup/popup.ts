import browser from 'webextension-polyfill';
import { CONTROL_DEFAULT, type Control, type HelpState, STORAGE_KEYS } from '../core/protocol/messages';
import type { RelayState, StreamStatus } from '../core/state/stream-status';
import { $ } from '../extension/dom';
import { ask, tell } from '../extension/messaging';

/**
 * The popup: the on/off switch (only after consent), sleep, this site's
 * opt-out, the home page, and the headset state in plain words. Choosing a
 * device happens in a tab (device choosers close popups). While a call for
 * help is on, it is answered here (or from the notification): never from a
 * web page, which could hide the answer button or lure a click onto it.
 */

const STATE_WORDS: Record<StreamStatus['state'], string> = {
  off: 'No headset connected',
  connecting: 'Connecting to the headset…',
  streaming: 'Headset connected',
  'signal-lost': 'Headset signal lost, reconnecting…',
  error: 'Headset problem',
};

/** Whether and where selections are shared with other programs (the relay), in plain words. */
const RELAY_WORDS: Record<RelayState, (url: string) => string> = {
  off: () => 'Not shared with other programs on this computer.',
  unpaired: () => 'Sharing is on but not paired: paste the relay’s token in Settings.',
  connecting: (url) => `Sharing is on: looking for the paired relay at ${url}…`,
  connected: (url) => `Sharing selections with the paired relay at ${url}.`,
  'wrong-relay': (url) => `Not sharing: the program at ${url} is not the paired relay (nothing was sent).`,
  busy: (url) => `Not sharing: another browser already shares with the relay at ${url}.`,
};

let control: Control = CONTROL_DEFAULT;
let site: string | undefined;
let pageUrl: string | undefined;

function renderStatus(s: StreamStatus | undefined): void {
  const state = s?.state ?? 'off';
  $('state').textContent = STATE_WORDS[state];
  $('state').className = `state ${state}`;
  $('state').dataset.state = state;
  $('device').textContent = s?.deviceName ?? s?.device ?? 'none';
  $('lost').textContent = String(s?.samplesLost ?? 0);
  $('calibrated').textContent = s ? (s.calibrated ? 'calibrated' : 'not calibrated') : '-';
  const relay = s?.relay ?? 'off';
  $('relay').textContent = relay;
  $('relay-line').textContent = RELAY_WORDS[relay](s?.relayUrl?.replace(/\/publish$/, '/') ?? '');
  $('relay-line').dataset.state = relay;
  const problem = s?.poorContact
    ? `The ${s.poorContact} electrode is not touching well: nothing is chosen until it is fixed.`
    : '';
  $('message').textContent = [s?.message, problem].filter(Boolean).join(' ');
  $('uncalibrated').hidden = !(state === 'streaming' && s && !s.calibrated);
}

function renderHelp(h: HelpState | undefined): void {
  $('help-box').hidden = h?.calledAt === undefined;
  if (h?.calledAt !== undefined) {
    const at = new Date(h.calledAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    $('help-text').textContent = `Help was called at ${at}. Answer once you are with the person.`;
  }
}

function renderPageHides(hiddenBy: string | undefined): void {
  $('page-hides').hidden = hiddenBy === undefined;
  $('page-hides').textContent = hiddenBy
    ? `Paused: the page in front hides the squares (${hiddenBy}), so nothing is chosen on it.`
    : '';
}

function renderControl(c: Control): void {
  control = c;
  const consented = c.consentAt != null;
  const power = $<HTMLButtonElement>('power');
  power.disabled = !consented;
  power.setAttribute('aria-checked', String(c.on));
  $('power-text').textContent = c.on ? 'On' : 'Off';
  $('consent-needed').hidden = consented;
  $('sleep').hidden = !c.on;
  $('sleep').textContent = c.asleep ? 'Wake the squares' : 'Sleep (only a small Wake square stays)';
  $<HTMLInputElement>('block-site').checked = site !== undefined && c.blockedSites.includes(site);
  $('home').textContent = c.homePage ?? 'none';
}

/** Changes sent and not yet answered: until the last is, older answers and storage events are stale. */
let inFlight = 0;

/** Shows the change at once (a switch must answer the click), then what the background really kept. */
function patch(p: Partial<Control>): Promise<void> {
  renderControl({ ...control, ...p });
  inFlight++;
  return ask({ to: 'background', type: 'set-control', patch: p }).then(
    (kept) => {
      if (--inFlight === 0) renderControl(kept);
    },
    async (e: unknown) => {
      console.error('[BrainBrowsR] popup: the change was not kept', e);
      // Show what is really kept, not the change that failed.
      if (--inFlight === 0) renderControl(await ask({ to: 'background', type: 'get-control' }));
    },
  );
}
const openTab = (path: string) => {
  void browser.tabs.create({ url: browser.runtime.getURL(path) });
  window.close();
};

$('power').addEventListener('click', () => void patch({ on: !control.on, asleep: false }));
$('sleep').addEventListener('click', () => void patch({ asleep: !control.asleep }));
$('block-site').addEventListener('change', (e) => {
  if (!site) return;
  const blocked = (e.target as HTMLInputElement).checked;
  const others = control.blockedSites.filter((s) => s !== site);
  void patch({ blockedSites: blocked ? [...others, site] : others });
});
$('set-home').addEventListener('click', () => void (pageUrl && patch({ homePage: pageUrl })));
$('help-answer').addEventListener('click', () => {
  tell({ to: 'background', type: 'help-answered' }).catch((e: unknown) =>
    console.error('[BrainBrowsR] popup: answering the call for help failed', e),
  );
});
$('connect').addEventListener('click', () => openTab('src/connect/connect.html'));
$('studio').addEventListener('click', () => openTab('src/studio/studio.html'));
$('calibrate-now').addEventListener('click', () => openTab('src/studio/studio.html#calibration'));
$('welcome').addEventListener('click', () => openTab('src/welcome/welcome.html'));
$('open-welcome-consent').addEventListener('click', () => openTab('src/welcome/welcome.html'));

void (async () => {
  // activeTab: the front tab's address is readable because the carer opened this popup on it.
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  try {
    const u = new URL(tab?.url ?? '');
    if (u.protocol === 'http:' || u.protocol === 'https:') {
      site = u.hostname;
      pageUrl = u.href;
      $('site').textContent = site;
      $('site-box').hidden = false;
    }
  } catch {
    // Not a web page (New Tab, settings): nothing to opt out of here.
  }
  renderControl(await ask({ to: 'background', type: 'get-control' }));
  const got = await browser.storage.session.get([STORAGE_KEYS.status, STORAGE_KEYS.help, STORAGE_KEYS.pageHides]);
  renderStatus(got[STORAGE_KEYS.status] as StreamStatus | undefined);
  renderHelp(got[STORAGE_KEYS.help] as HelpState | undefined);
  renderPageHides(got[STORAGE_KEYS.pageHides] as string | undefined);
})().catch((e: unknown) => console.error('[BrainBrowsR] popup: could not read the state', e));
browser.storage.session.onChanged.addListener((changes) => {
  const c = changes[STORAGE_KEYS.status];
  if (c) renderStatus(c.newValue as StreamStatus);
  if (STORAGE_KEYS.help in changes) renderHelp(changes[STORAGE_KEYS.help].newValue as HelpState | undefined);
  if (STORAGE_KEYS.pageHides in changes) {
    renderPageHides(changes[STORAGE_KEYS.pageHides].newValue as string | undefined);
  }
});
browser.storage.onChanged.addListener((changes, area) => {
  const c = changes[STORAGE_KEYS.control];
  if (area === 'local' && c && inFlight === 0)
    renderControl({ ...CONTROL_DEFAULT, ...(c.newValue as Partial<Control>) });
});
