import type { HeadsetSpec } from './headset-spec';
import { HEADSETS } from './headsets';
import type { DeviceInfo } from './types';

export type { BluetoothLink, HeadsetSpec, SerialLink } from './headset-spec';

/** A kind of headset in the table. */
export type HeadsetKind = keyof typeof HEADSETS;
/** What a stream can come from: a headset, or a stored recording played as one (its rate and channels are the recording's). */
export type DeviceKind = HeadsetKind | 'playback';

/** The table, plus kinds registered at run time (tests; a fork's own headset before it joins the table). */
const table = new Map<string, HeadsetSpec>(Object.entries(HEADSETS));

/** Adds a kind of headset; refuses a kind already taken (a typo must not replace a real headset). */
export function registerHeadset(kind: string, spec: HeadsetSpec): void {
  if (table.has(kind) || kind === 'playback' || kind === 'none') throw new Error(`headset kind "${kind}" exists`);
  table.set(kind, spec);
}

/** A kind from the table. */
export function headset(kind: HeadsetKind): HeadsetSpec {
  return HEADSETS[kind];
}

/** A kind named at run time (a command-line option, a stored setting), when known. */
export function headsetSpec(kind: string): HeadsetSpec | undefined {
  return table.get(kind);
}

/** The table's kinds, in its order (Object.keys forgets that they are the table's keys). */
export const HEADSET_KINDS = Object.keys(HEADSETS) as HeadsetKind[];

/** Every kind of headset, in the table's order (registered ones last). */
export function headsetKinds(): string[] {
  return [...table.keys()];
}

/** Whether the kind streams from the Connect page (Bluetooth devices cannot be handed to another document). */
export function streamsFromConnectPage(kind: string): boolean {
  const spec = table.get(kind);
  return Boolean(spec?.bluetooth && !spec.serial);
}

/** Kinds whose raw bytes a capture file can hold: those with a decoder for a byte stream or for notifications. */
export function captureKinds(): string[] {
  return [...table].filter(([, spec]) => spec.serial || spec.bluetooth).map(([kind]) => kind);
}

/** A stream's description before its decoder has seen data. */
export function headsetInfo(kind: HeadsetKind): DeviceInfo {
  const spec = headset(kind);
  return {
    kind,
    name: spec.label,
    channelNames: spec.channelNames(spec.channels),
    sampleRate: spec.sampleRate,
    units: 'uV',
  };
}
