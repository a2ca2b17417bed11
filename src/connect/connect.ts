import browser from 'webextension-polyfill';
import { type DeviceKind, SERIAL_DEVICES, type SerialDeviceKind } from '../core/devices/registry';
import {
  STORAGE_KEYS,
  type Settings,
  type StreamStatus,
  type ToBackground,
  type ToOffscreen,
} from '../core/protocol/messages';
import { listRecordings } from '../extension/recordings-db';
import { bluetoothAvailable, connectBluetooth } from './web-bluetooth';

/**
 * The Connect page: device choosers need a user gesture in a page that stays
 * open, which a popup is not. Serial ports granted here are found again by
 * the offscreen document (same extension origin) with getPorts().
 */
const $ = (id: string) => document.getElementById(id)!;
const send = (m: ToBackground) => browser.runtime.sendMessage(m);

const CHOICES: { kind: DeviceKind; label: string; note: string; bluetooth?: boolean }[] = [
  {
    kind: 'simulated',
    label: 'Simulated headset',
    note: 'No hardware needed. Point at a target (or press 1-4) to "look" at it.',
  },
  { kind: 'cyton', label: 'OpenBCI Cyton', note: 'USB dongle, 8 channels at 250 Hz.' },
  { kind: 'cyton-daisy', label: 'OpenBCI Cyton + Daisy', note: 'USB dongle, 16 channels at 125 Hz.' },
  {
    kind: 'explore',
    label: 'Mentalab Explore',
    note: 'Pair Explore_XXXX in the Bluetooth settings first; it appears as a serial port.',
  },
  { kind: 'ganglion', label: 'OpenBCI Ganglion', note: 'Bluetooth Low Energy.', bluetooth: true },
  {
    kind: 'muse',
    label: 'Muse 2016 / Muse 2 / Muse S',
    note: 'Bluetooth Low Energy; weak SSVEP (no occipital electrodes).',
    bluetooth: true,
  },
  {
    kind: 'playback',
    label: 'A recording',
    note: 'Plays a stored recording (see Recordings) as if it were a headset, in a loop.',
  },
];

function renderChoices(current: DeviceKind | 'none'): void {
  const form = $('devices');
  form.replaceChildren(
    ...CHOICES.map((c) => {
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
        ? 'Web Bluetooth is not available in this browser (Chromium on Linux has it switched off).'
        : c.note;
      if (unavailable) note.className = 'unavailable';
      label.append(input, ` ${c.label}`, note);
      if (c.kind === 'playback') label.append(recordingChooser);
      return label;
    }),
  );
}

const recordingChooser = document.createElement('select');
recordingChooser.id = 'playback-recording';
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

function chosen(): DeviceKind {
  return ((document.querySelector('input[name=device]:checked') as HTMLInputElement | null)?.value ??
    'simulated') as DeviceKind;
}

function renderStatus(s: StreamStatus | undefined): void {
  const state = s?.state ?? 'off';
  $('status').textContent =
    `${s?.deviceName ?? s?.device ?? 'no headset'}: ${state === 'signal-lost' ? 'signal lost' : state}`;
  $('status').className = state;
  $('message').textContent = [s?.message, s && s.samplesLost > 0 ? `${s.samplesLost} samples lost` : '']
    .filter(Boolean)
    .join(' · ');
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

$('connect').addEventListener('click', async () => {
  const kind = chosen();
  try {
    if (kind in SERIAL_DEVICES) {
      const filters = SERIAL_DEVICES[kind as SerialDeviceKind].usbFilters;
      await navigator.serial.requestPort(filters.length ? { filters } : {});
      await showPorts();
      await send({ to: 'background', type: 'connect', device: kind });
    } else if (kind === 'ganglion' || kind === 'muse') {
      await send({ to: 'background', type: 'connect', device: kind });
      const rate = kind === 'ganglion' ? 200 : 256;
      const link = await connectBluetooth(
        kind,
        (r) => {
          if (r.block.timestamps.length === 0 && r.lost === 0) return;
          void browser.runtime.sendMessage({
            to: 'offscreen',
            type: 'external-samples',
            device: kind,
            name: kind,
            sampleRate: rate,
            data: r.block.data.map((c) => Array.from(c)),
            lost: r.lost,
          } satisfies ToOffscreen);
        },
        () => ($('message').textContent = 'The Bluetooth headset disconnected. Press Connect to try again.'),
      );
      $('message').textContent = `${link.name} streams while this page stays open.`;
    } else if (kind === 'playback') {
      const id = Number(recordingChooser.value);
      if (!recordingChooser.value) throw new Error('record or import a recording first (Recordings)');
      await send({ to: 'background', type: 'connect', device: kind, playbackId: id });
    } else {
      await send({ to: 'background', type: 'connect', device: kind });
    }
  } catch (e) {
    $('message').textContent =
      e instanceof DOMException && e.name === 'NotFoundError'
        ? 'No device was chosen.'
        : `Could not connect: ${(e as Error).message}`;
  }
});

$('disconnect').addEventListener(
  'click',
  () => void browser.runtime.sendMessage({ to: 'offscreen', type: 'disconnect' }),
);

void (async () => {
  const settings = (await send({ to: 'background', type: 'get-settings' })) as Settings;
  await fillRecordings(settings.playbackId);
  renderChoices(settings.device);
  const got = await browser.storage.session.get(STORAGE_KEYS.status);
  renderStatus(got[STORAGE_KEYS.status] as StreamStatus);
  await showPorts();
})();
browser.storage.session.onChanged.addListener((changes) => {
  const c = changes[STORAGE_KEYS.status];
  if (c) renderStatus(c.newValue as StreamStatus);
});
