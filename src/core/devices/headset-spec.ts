import type { Decoder } from './types';

/** How the browser reaches a headset over a serial port (USB dongle, Bluetooth serial). */
export interface SerialLink {
  baudRate: number;
  /** USB ids offered to the port chooser (empty: any port, e.g. Bluetooth serial). */
  usbFilters: { usbVendorId: number; usbProductId?: number }[];
  /** Written when streaming starts and stops. */
  start: Uint8Array[];
  stop: Uint8Array[];
}

/** How the browser reaches a headset over Bluetooth Low Energy (Web Bluetooth GATT). */
export interface BluetoothLink {
  /** What the browser's chooser lists: requestDevice's filters and optional services. */
  filters: ({ namePrefix: string } | { services: (number | string)[] })[];
  optionalServices?: (number | string)[];
  service: number | string;
  /**
   * Characteristics whose notifications carry samples. With several, each
   * notification reaches the decoder after one byte: its characteristic's
   * index in this list (a capture file stores them the same way).
   */
  notify: string[];
  /** Bytes per notification (a capture file holds them back to back). */
  notificationBytes: number;
  /** Where start and stop commands are written. */
  control: string;
  start: Uint8Array[];
  stop: Uint8Array[];
  /**
   * Where the headset tells its firmware version, read once on connecting
   * and handed to the decoder (the service must be in `optionalServices`).
   */
  firmware?: {
    service: number | string;
    characteristic: number | string;
    /** The versions its decoder knows, as written (a capture's `--firmware`), and how to name them. */
    versions: { pattern: RegExp; named: string };
  };
}

/** One row of the headset table: everything the hosts need to know of a kind of headset. */
export interface HeadsetSpec {
  /** In the Connect page's list and in recordings' and profiles' device field. */
  label: string;
  /** The status line's name for it, when shorter than the label. */
  shortLabel?: string;
  /** The Connect page's advice under the label. */
  note: string;
  /** Not a real headset: listed apart, with a "demo / test" badge, and never chosen by default. */
  demo?: boolean;
  /** Samples per second (what the decoder emits; a headset that learns it from its data: the usual one). */
  sampleRate: number;
  /** Channel names for a stream of `count` channels (the decoder may learn the count from the data). */
  channelNames: (count: number) => string[];
  /** The usual channel count, before the decoder has seen data. */
  channels: number;
  /** A fresh decoder for one stream; `firmware`: what the headset said of its firmware, if its link reads it. */
  decoder: (firmware?: string) => Decoder;
  serial?: SerialLink;
  bluetooth?: BluetoothLink;
}

/**
 * A notification as the headset's decoder takes it (and a capture file
 * stores it): with several characteristics, after the byte naming which.
 */
export function notificationChunk(link: BluetoothLink, source: number, bytes: Uint8Array): Uint8Array {
  if (link.notify.length <= 1) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out[0] = source;
  out.set(bytes, 1);
  return out;
}

export const numberedChannels = (count: number): string[] => Array.from({ length: count }, (_, i) => `ch${i + 1}`);

export const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
