import { CYTON_COMMANDS, CytonDecoder } from './cyton';
import { ExploreDecoder } from './explore';
import type { Decoder, DeviceInfo } from './types';

/** Headsets that arrive as a serial byte stream (Web Serial, a capture file). */
export type SerialDeviceKind = 'cyton' | 'cyton-daisy' | 'explore';
/** Headsets that arrive as BLE notifications (Web Bluetooth). */
export type BleDeviceKind = 'ganglion' | 'muse';
export type DeviceKind = SerialDeviceKind | BleDeviceKind | 'simulated' | 'playback';

export const DEVICE_KINDS: DeviceKind[] = [
  'simulated',
  'cyton',
  'cyton-daisy',
  'explore',
  'ganglion',
  'muse',
  'playback',
];

const ascii = (s: string) => new TextEncoder().encode(s);

export interface SerialProfile {
  info: (channels?: number) => DeviceInfo;
  decoder: (channels?: number) => Decoder;
  baudRate: number;
  /** USB ids offered to the port chooser (empty: any port, e.g. Bluetooth serial). */
  usbFilters: { usbVendorId: number; usbProductId?: number }[];
  start: Uint8Array[];
  stop: Uint8Array[];
}

const names = (n: number, prefix = 'ch') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

export const SERIAL_DEVICES: Record<SerialDeviceKind, SerialProfile> = {
  cyton: {
    info: () => ({ kind: 'cyton', name: 'OpenBCI Cyton', channelNames: names(8), sampleRate: 250, units: 'uV' }),
    decoder: () => new CytonDecoder(false),
    baudRate: 115200,
    usbFilters: [{ usbVendorId: 0x0403, usbProductId: 0x6015 }],
    // Stop, 8 channels, defaults, 250 Hz, start. (A soft reset `v` would
    // answer with text ending in "$$$"; the decoder skips such text anyway.)
    start: [
      ascii(CYTON_COMMANDS.stop),
      ascii(CYTON_COMMANDS.daisyOff),
      ascii(CYTON_COMMANDS.defaults),
      ascii(CYTON_COMMANDS.start),
    ],
    stop: [ascii(CYTON_COMMANDS.stop)],
  },
  'cyton-daisy': {
    info: () => ({
      kind: 'cyton-daisy',
      name: 'OpenBCI Cyton + Daisy',
      channelNames: names(16),
      sampleRate: 125,
      units: 'uV',
    }),
    decoder: () => new CytonDecoder(true),
    baudRate: 115200,
    usbFilters: [{ usbVendorId: 0x0403, usbProductId: 0x6015 }],
    start: [
      ascii(CYTON_COMMANDS.stop),
      ascii(CYTON_COMMANDS.daisyOn),
      ascii(CYTON_COMMANDS.defaults),
      ascii(CYTON_COMMANDS.start),
    ],
    stop: [ascii(CYTON_COMMANDS.stop)],
  },
  explore: {
    info: (channels = 8) => ({
      kind: 'explore',
      name: 'Mentalab Explore',
      channelNames: names(channels),
      sampleRate: 250,
      units: 'uV',
    }),
    decoder: (channels = 0) => new ExploreDecoder(channels),
    baudRate: 115200,
    // Legacy Explore: Bluetooth serial (SPP), listed by the chooser without filters; data flows once open.
    usbFilters: [],
    start: [],
    stop: [],
  },
};
