import { CYTON_COMMANDS, CytonDecoder } from './cyton';
import { ExploreDecoder } from './explore';
import {
  DEVICE_INFORMATION,
  GANGLION_NOTIFY,
  GANGLION_SERVICE,
  GANGLION_WRITE,
  GanglionDecoder,
  ganglionFirmware,
  SOFTWARE_REVISION,
} from './ganglion';
import { ascii, type HeadsetSpec, numberedChannels } from './headset-spec';
import { MUSE_CHANNELS, MUSE_CONTROL, MUSE_RATE, MUSE_SERVICE, MuseDecoder, museCommand } from './muse';
import { simulatedChannelNames } from '../sim/session';
import type { HeadsetKind } from './types';

const OPENBCI_DONGLE = [{ usbVendorId: 0x0403, usbProductId: 0x6015 }];
const MUSE_ELECTRODES = MUSE_CHANNELS.slice(0, 4);

/**
 * Every kind of headset, in the order the Connect page lists them. Adding a
 * headset is a row here and its decoder (docs/devices.md); the registry,
 * Connect page, offscreen document, capture files and CLI read this table.
 */
export const HEADSETS = {
  cyton: {
    label: 'OpenBCI Cyton',
    note: 'Plug the USB dongle in, then switch the board on.',
    sampleRate: 250,
    channels: 8,
    channelNames: numberedChannels,
    decoder: () => new CytonDecoder(false),
    serial: {
      baudRate: 115200,
      usbFilters: OPENBCI_DONGLE,
      // Stop, 8 channels, defaults, 250 Hz, start. (A soft reset `v` would
      // answer with text ending in "$$$"; the decoder skips such text anyway.)
      start: [CYTON_COMMANDS.stop, CYTON_COMMANDS.daisyOff, CYTON_COMMANDS.defaults, CYTON_COMMANDS.start].map(ascii),
      stop: [ascii(CYTON_COMMANDS.stop)],
    },
  },
  'cyton-daisy': {
    label: 'OpenBCI Cyton + Daisy',
    note: 'The Cyton with the 16-sensor extension board.',
    sampleRate: 125,
    channels: 16,
    channelNames: numberedChannels,
    decoder: () => new CytonDecoder(true),
    serial: {
      baudRate: 115200,
      usbFilters: OPENBCI_DONGLE,
      start: [CYTON_COMMANDS.stop, CYTON_COMMANDS.daisyOn, CYTON_COMMANDS.defaults, CYTON_COMMANDS.start].map(ascii),
      stop: [ascii(CYTON_COMMANDS.stop)],
    },
  },
  explore: {
    label: 'Mentalab Explore',
    note: 'Pair "Explore_…" in the computer\'s Bluetooth settings first.',
    sampleRate: 250,
    channels: 8,
    channelNames: numberedChannels,
    // The model (4 to 32 channels) is learnt from the data.
    decoder: () => new ExploreDecoder(),
    serial: {
      baudRate: 115200,
      // Legacy Explore: Bluetooth serial (SPP), listed by the chooser without filters; data flows once open.
      usbFilters: [],
      start: [],
      stop: [],
    },
  },
  ganglion: {
    label: 'OpenBCI Ganglion',
    note: 'Bluetooth.',
    sampleRate: 200,
    channels: 4,
    channelNames: numberedChannels,
    // Firmware 2 and 3 pack samples differently; the board's Software Revision String tells which.
    decoder: (firmware) => new GanglionDecoder(ganglionFirmware(firmware)),
    bluetooth: {
      filters: [{ namePrefix: 'Ganglion-' }],
      optionalServices: [GANGLION_SERVICE, DEVICE_INFORMATION],
      firmware: {
        service: DEVICE_INFORMATION,
        characteristic: SOFTWARE_REVISION,
        // The board's own versions run 0.1.0 to 3.0.2 (2.0.0-rc4 among them); before 3 they pack alike.
        versions: { pattern: /^v?[0-3](\.\d+)*(-[0-9a-z.]+)?$/i, named: 'up to 3.x as the board says it, e.g. 3.0.2' },
      },
      service: GANGLION_SERVICE,
      notify: [GANGLION_NOTIFY],
      notificationBytes: 20,
      control: GANGLION_WRITE,
      start: [ascii('b')],
      stop: [ascii('s')],
    },
  },
  muse: {
    label: 'Muse 2016 / Muse 2 / Muse S',
    note: 'Bluetooth. It has no sensors at the back of the head, so it works poorly with BrainBrowsR.',
    sampleRate: MUSE_RATE,
    channels: 4,
    channelNames: () => MUSE_ELECTRODES.map((c) => c.name),
    decoder: () => new MuseDecoder(4),
    bluetooth: {
      filters: [{ services: [MUSE_SERVICE] }],
      service: MUSE_SERVICE,
      notify: MUSE_ELECTRODES.map((c) => c.uuid),
      notificationBytes: 20,
      control: MUSE_CONTROL,
      // As muse-js does: halt, preset 21 (EEG without the aux channel), start, resume.
      start: ['h', 'p21', 's', 'd'].map(museCommand),
      stop: [museCommand('h')],
    },
  },
  simulated: {
    label: 'Demo headset (simulated)',
    shortLabel: 'Demo headset',
    note: 'Not a real headset: for trying BrainBrowsR and for tests. Hold Alt+Shift and point at a square to look at it (or press Alt+Shift+1-4; Alt+Shift+0 looks away).',
    demo: true,
    // The EEG model sends Cyton bytes, read by the real Cyton decoder.
    sampleRate: 250,
    channels: 8,
    channelNames: simulatedChannelNames,
    decoder: () => new CytonDecoder(false),
  },
} satisfies Record<HeadsetKind, HeadsetSpec>;
