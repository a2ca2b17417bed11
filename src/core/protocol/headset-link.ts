import { type HeadsetKind, isHeadsetKind } from '../devices/registry';

/**
 * The Connect page's one long-lived port to the offscreen document, for a
 * Bluetooth headset (Web Bluetooth devices cannot be handed to another
 * document): the page only forwards what the headset sends and writes what
 * it is told; decoding, loss accounting and the stream's description happen
 * in the offscreen document's device session, as for a serial headset.
 */
export const HEADSET_LINK_PORT = 'headset-link';

/** One GATT notification as it arrived: which of the link's `notify` characteristics sent it, and its bytes. */
export interface LinkNotification {
  source: number;
  /** Arrays: port messages are JSON. */
  bytes: number[];
}

/** Connect page -> offscreen document. */
export type ToHeadsetLink =
  /**
   * First on the port: which headset streams through it, the name the
   * browser's chooser gave it, and its firmware version if it told one.
   */
  | { type: 'open'; device: HeadsetKind; name: string; firmware?: string }
  /** The notifications since the last batch, in order. */
  | { type: 'notifications'; notifications: LinkNotification[] };

/** Offscreen document -> Connect page: bytes for the headset's control characteristic (start, stop). */
export interface FromHeadsetLink {
  type: 'write';
  bytes: number[];
}

const isByteArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((b) => Number.isInteger(b) && (b as number) >= 0 && (b as number) <= 255);

const isNotification = (v: unknown): v is LinkNotification =>
  typeof v === 'object' &&
  v !== null &&
  Number.isInteger((v as LinkNotification).source) &&
  (v as LinkNotification).source >= 0 &&
  isByteArray((v as LinkNotification).bytes);

/** The message if it is one the link carries, else undefined (anything else on the port is dropped). */
export function parseToHeadsetLink(raw: unknown): ToHeadsetLink | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  if (m.type === 'open' && typeof m.device === 'string' && isHeadsetKind(m.device) && typeof m.name === 'string') {
    const firmware = typeof m.firmware === 'string' ? m.firmware.slice(0, 40) : undefined;
    return { type: 'open', device: m.device, name: m.name.slice(0, 100), ...(firmware !== undefined && { firmware }) };
  }
  if (m.type === 'notifications' && Array.isArray(m.notifications) && m.notifications.every(isNotification)) {
    return { type: 'notifications', notifications: m.notifications };
  }
  return undefined;
}

export function parseFromHeadsetLink(raw: unknown): FromHeadsetLink | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  return m.type === 'write' && isByteArray(m.bytes) ? { type: 'write', bytes: m.bytes } : undefined;
}
