import type { HeadsetSpec } from './headset-spec';
import { HEADSETS } from './headsets';
import { type DeviceInfo, type HeadsetKind, HEADSET_KINDS } from './types';

export type { BluetoothLink, HeadsetSpec, SerialLink } from './headset-spec';
export { type DeviceKind, type HeadsetKind, HEADSET_KINDS } from './types';

/** Whether a name given at run time (a command-line option, a stored setting) is a kind in the table. */
export function isHeadsetKind(kind: string): kind is HeadsetKind {
  return (HEADSET_KINDS as readonly string[]).includes(kind);
}

/** A kind from the table. */
export function headset(kind: HeadsetKind): HeadsetSpec {
  return HEADSETS[kind];
}

/** A kind named at run time, when it is one. */
export function headsetSpec(kind: string): HeadsetSpec | undefined {
  return isHeadsetKind(kind) ? HEADSETS[kind] : undefined;
}

/** Whether the kind streams from the Connect page (Bluetooth devices cannot be handed to another document). */
export function streamsFromConnectPage(kind: string): boolean {
  const spec = headsetSpec(kind);
  return Boolean(spec?.bluetooth && !spec.serial);
}

/** Kinds whose raw bytes a capture file can hold: those with a decoder for a byte stream or for notifications. */
export function captureKinds(): HeadsetKind[] {
  return HEADSET_KINDS.filter((kind) => {
    const spec: HeadsetSpec = HEADSETS[kind];
    return Boolean(spec.serial || spec.bluetooth);
  });
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
