import browser from 'webextension-polyfill';
import {
  type BluetoothLink,
  type DeviceKind,
  HEADSET_KINDS,
  type HeadsetKind,
  headset,
} from '../core/devices/registry';
import { STORAGE_KEYS } from '../core/protocol/messages';
import type { StreamStatus } from '../core/state/stream-status';
import { $ } from '../extension/dom';
import { ask, tell } from '../extension/messaging';
import { listRecordings } from '../extension/recordings-db';
import { calibrationLength } from '../core/calibration/schedule';
import { type HeadsetPort, openHeadsetPort } from './headset-port';
import { bluetoothAvailable, connectBluetooth } from './web-bluetooth';

/**
 * The Connect page: device choosers need a user gesture in a page that stays
 * open, which a popup is not. Serial ports granted here are found again by
 * the offscreen document (same extension origin) with getPorts().
 * Nothing is chosen until the carer chooses; the demo (simulated) headset is
 * listed last, marked as a demo, never preselected unless it is running.
 */

interface Choice {
  kind: DeviceKind;
  label: string;
  note: string;
  bluetooth?: boolean;
  /** Not a real headset: shown with a "demo / test" badge. */
  demo?: boolean;
}

const fromTable = (kind: HeadsetKind): Choice => {
  const spec = headset(kind);
  return { kind, label: spec.label, note: spec.note, bluetooth: spec.bluetooth !== undefined, demo: spec.demo };
};
const HEADSETS: Choice[] = HEADSET_KINDS.filter((k) => !headset(k).demo).map(fromTable);
const PLAYBACK: Choice = {
  kind: 'playback',
  label: 'Play a recording',
  note: 'Plays a stored recording (see Recordings) as if it were a headset, in a loop.',
  demo: true,
};
const TRY_OUT: Choice[] = [...HEADSET_KINDS.filter((k) => headset(k).demo).map(fromTable), PLAYBACK];
const NAMES: Record<string, string> = Object.fromEntries<string>([
  ...HEADSET_KINDS.map((k): [string, string] => [k, headset(k).shortLabel ?? headset(k).label]),
  [PLAYBACK.kind, PLAYBACK.label],
]);

function renderChoices(current: string | undefined): void {
  $('devices').replaceChildren(
    group('Your headset', HEADSETS, current),
    group('For trying and testing', TRY_OUT, current),
  );
}

function group(title: string, choices: Choice[], current: string | undefined): HTMLFieldSetElement {
  const set = document.createElement('fieldset');
  set.append(Object.assign(document.createElement('legend'), { textContent: title }));
  set.append(
    ...choices.map((c) => {
      const label = document.createElement('label');
      label.className = 'device';
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'device';
      input.value = c.kind;
      input.checked = c.kind === current;
      const unavailable = c.bluetooth && !bluetoothAvailable();
      input.disabled = Boolean(unavailable);
      const note = document.createElement('small');
      note.textContent = unavailable
        ? 'This browser cannot reach Bluetooth headsets (on Linux it is switched off).'
        : c.note;
      if (unavailable) note.className = 'unavailable';
      label.append(input, ` ${c.label}`);
      if (c.demo)
        label.append(Object.assign(document.createElement('span'), { className: 'badge', textContent: 'demo / test' }));
      label.append(note);
      if (c.kind === 'playback') label.append(recordingChooser);
      return label;
    }),
  );
  return set;
}

const recordingChooser = document.createElement('select');
recordingChooser.id = 'playback-recording';
recordingChooser.setAttribute('aria-label', 'Which recording');
async function fillRecordings(current?: number): Promise<void> {
  const list = await listRecordings();
  recordingChooser.replaceChildren(
    ...list
      .filter((r) => !r.open && r.samples > 0)
      .map((r) => {
        const o = document.createElement('option');
        o.value = String(r.id);
        o.textContent = `${r.name} (${(r.samples / r.sampleRate).toFixed(0)} s)`;
        o.selected = r.id === current;
        return o;
      }),
  );
  if (recordingChooser.options.length === 0) {
    recordingChooser.append(
      Object.assign(document.createElement('option'), { textContent: 'no recordings yet', value: '' }),
    );
  }
}

function chosen(): DeviceKind | undefined {
  return document.querySelector<HTMLInputElement>('input[name=device]:checked')?.value as DeviceKind | undefined;
}

const STATE_WORDS: Record<string, string> = {
  off: 'Not connected',
  connecting: 'Connecting…',
  streaming: 'Connected: receiving the signal',
  'signal-lost': 'Signal lost: trying again…',
  error: 'Could not connect',
};

function renderStatus(s: StreamStatus | undefined): void {
  const state = s?.state ?? 'off';
  const device = s && s.device !== 'none' ? (NAMES[s.device] ?? s.device) : '';
  const text = device && state !== 'off' ? `${device}: ${STATE_WORDS[state]}` : STATE_WORDS[state];
  // Announced only when it changes.
  if ($('status').textContent !== text) $('status').textContent = text;
  $('status').className = state;
  $('link-info').textContent = [
    s?.deviceName && `Device: ${s.deviceName}`,
    s?.message && `Last message: ${s.message}`,
    s && `Samples lost on the link: ${s.samplesLost}`,
    s && `Profile: ${s.profileName ?? (s.calibrated ? 'calibrated' : 'none')}`,
  ]
    .filter(Boolean)
    .join(' · ');
  if (state === 'error' && s?.message) say(`It did not work: ${s.message}.`);
}

/** The message line (announced politely to screen readers). */
function say(text: string): void {
  if ($('message').textContent !== text) $('message').textContent = text;
}

async function showPorts(): Promise<void> {
  if (!('serial' in navigator)) {
    $('ports').textContent = 'Web Serial is not available in this browser.';
    return;
  }
  const ports = await navigator.serial.getPorts();
  $('ports').textContent = ports.length
    ? `Granted serial ports: ${ports
        .map((p) => {
          const i = p.getInfo();
          return i.usbVendorId
            ? `USB ${i.usbVendorId.toString(16)}:${(i.usbProductId ?? 0).toString(16)}`
            : 'Bluetooth serial';
        })
        .join(', ')}`
    : 'No serial port granted yet.';
}

$('connect').addEventListener('click', () => void connect());

/** The link to the offscreen document of the Bluetooth headset this page holds. */
let held: HeadsetPort | undefined;

/**
 * Connects a Bluetooth headset and opens its link: from here on the
 * offscreen document's device session starts, decodes and stops it.
 */
async function holdBluetooth(kind: HeadsetKind, bluetooth: BluetoothLink, label: string): Promise<void> {
  held?.close();
  // Notifications before the link is open (its name comes from the chooser) are not the stream yet.
  const route: { link?: HeadsetPort } = {};
  const headset = await connectBluetooth(
    bluetooth,
    label,
    (source, bytes) => route.link?.notify(source, bytes),
    () => {
      route.link?.close();
      say('The Bluetooth headset disconnected. Press Connect to try again.');
    },
  );
  const write = (bytes: Uint8Array) => headset.write(bytes);
  held = route.link = openHeadsetPort(kind, headset.name, {
    write,
    onClosed: () => headset.disconnect(),
    firmware: headset.firmware,
  });
  // The firmware it reports, for whoever helps with a headset that streams oddly.
  const firmware = headset.firmware ? ` (firmware ${headset.firmware})` : '';
  say(`${headset.name}${firmware} is connected while this page stays open: keep it open.`);
}

// Test builds: the browser tests feed recorded notifications through the same port (Debian's Chromium has no Web Bluetooth).
if (__TEST_HOOKS__) Object.assign(window, { brainbrowsrHeadsetPort: openHeadsetPort });

async function connect(): Promise<void> {
  const kind = chosen();
  if (!kind) {
    say('Choose a headset first (or the demo headset to try BrainBrowsR).');
    $('devices').querySelector<HTMLInputElement>('input:not(:disabled)')?.focus();
    return;
  }
  say('');
  try {
    const spec = kind === 'playback' ? undefined : headset(kind);
    if (spec?.serial) {
      const filters = spec.serial.usbFilters;
      await navigator.serial.requestPort(filters.length ? { filters } : {});
      await showPorts();
      await ask({ to: 'background', type: 'connect', device: kind });
    } else if (kind !== 'playback' && spec?.bluetooth) {
      await ask({ to: 'background', type: 'connect', device: kind });
      await holdBluetooth(kind, spec.bluetooth, spec.label);
    } else if (kind === 'playback') {
      const id = Number(recordingChooser.value);
      if (!recordingChooser.value)
        throw new Error('there is no recording yet: record or import one first (Recordings)');
      await ask({ to: 'background', type: 'connect', device: kind, playbackId: id });
    } else {
      await ask({ to: 'background', type: 'connect', device: kind });
    }
  } catch (e) {
    say(
      e instanceof DOMException && e.name === 'NotFoundError'
        ? "No device was picked in the browser's list. Is the headset plugged in and switched on? Press Connect to try again."
        : `Could not connect: ${(e as Error).message}.`,
    );
  }
}

$('disconnect').addEventListener('click', () => void tell({ to: 'offscreen', type: 'disconnect' }));

void (async () => {
  const settings = await ask({ to: 'background', type: 'get-settings' });
  $('cal-length').textContent = calibrationLength(settings.layout.targets);
  await fillRecordings(settings.playbackId);
  const got = await browser.storage.session.get(STORAGE_KEYS.status);
  const status = got[STORAGE_KEYS.status] as StreamStatus | undefined;
  // What runs now is preselected; otherwise the saved choice, except the demo headset, which is only ever chosen.
  const running = status && status.state !== 'off' && status.device !== 'none' ? status.device : undefined;
  const saved = (settings.device as string) === 'none' || settings.device === 'simulated' ? undefined : settings.device;
  renderChoices(running ?? saved);
  renderStatus(status);
  await showPorts();
})();
browser.storage.session.onChanged.addListener((changes) => {
  const c = changes[STORAGE_KEYS.status];
  if (c) renderStatus(c.newValue as StreamStatus);
});
