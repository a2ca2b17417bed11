import browser from 'webextension-polyfill';
import type { HeadsetKind } from '../core/devices/registry';
import {
  HEADSET_LINK_PORT,
  type LinkNotification,
  parseFromHeadsetLink,
  type ToHeadsetLink,
} from '../core/protocol/headset-link';

/** How often the notifications gathered meanwhile go to the offscreen document. */
export const BATCH_MS = 50;

export interface HeadsetPortOptions {
  /** Bytes for the headset's control characteristic (the device session's start and stop commands). */
  write: (bytes: Uint8Array) => Promise<void>;
  /** The offscreen document closed the link (disconnect, another headset chosen) or never took it. */
  onClosed: () => void;
  /** What the headset said of its firmware, for the decoder. */
  firmware?: string;
}

export interface HeadsetPort {
  /** One notification as the headset sent it, from its link's `notify` characteristic number `source`. */
  notify(source: number, bytes: Uint8Array): void;
  /** The headset is gone (or this page closes): what is gathered goes, then the link closes. */
  close(): void;
}

/**
 * The Connect page's side of a Bluetooth headset's link: one port to the
 * offscreen document, raw notifications batched every BATCH_MS, commands
 * written back in order. Nothing is decoded here.
 */
export function openHeadsetPort(device: HeadsetKind, name: string, o: HeadsetPortOptions): HeadsetPort {
  const port = browser.runtime.connect({ name: HEADSET_LINK_PORT });
  const post = (m: ToHeadsetLink) => port.postMessage(m);
  let open = true;
  let batch: LinkNotification[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  // GATT takes one write at a time: commands wait for the one before.
  let writing = Promise.resolve();

  const flush = () => {
    timer = undefined;
    if (!open || batch.length === 0) return;
    post({ type: 'notifications', notifications: batch });
    batch = [];
  };
  const closed = () => {
    if (!open) return;
    open = false;
    clearTimeout(timer);
    // The stop commands the session wrote before closing reach the headset first.
    void writing.then(o.onClosed);
  };

  port.onMessage.addListener((raw: unknown) => {
    const m = parseFromHeadsetLink(raw);
    if (!m) return;
    const bytes = Uint8Array.from(m.bytes);
    writing = writing.then(() =>
      o.write(bytes).catch((e: unknown) => console.warn('[BrainBrowsR] writing to the headset failed:', e)),
    );
  });
  port.onDisconnect.addListener(closed);
  post({ type: 'open', device, name, ...(o.firmware !== undefined && { firmware: o.firmware }) });

  return {
    notify(source, bytes) {
      if (!open) return;
      batch.push({ source, bytes: Array.from(bytes) });
      timer ??= setTimeout(flush, BATCH_MS);
    },
    close() {
      if (!open) return;
      flush();
      port.disconnect();
      closed();
    },
  };
}
