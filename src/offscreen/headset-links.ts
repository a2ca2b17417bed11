import browser, { type Runtime } from 'webextension-polyfill';
import { type BluetoothLink, headset, type HeadsetKind } from '../core/devices/registry';
import { notificationChunk } from '../core/devices/headset-spec';
import { PushedTransport } from '../core/devices/pushed-transport';
import { type FromHeadsetLink, HEADSET_LINK_PORT, parseToHeadsetLink } from '../core/protocol/headset-link';

/** A Bluetooth headset streaming in through the Connect page's port. */
export interface HeadsetLink {
  device: HeadsetKind;
  /** The name the browser's chooser gave the headset. */
  name: string;
  /** What the headset said of its firmware (its link's `firmware` characteristic), if anything. */
  firmware?: string;
  transport: PushedTransport;
}

const CONNECT_PAGE = 'src/connect/connect.html';

/**
 * Accepts the Connect page's port (one at a time: a new one replaces the
 * last) and turns it into a byte transport for the device session: the
 * notifications go in as the decoder takes them, the session's commands
 * go out to the headset's control characteristic.
 */
export class HeadsetLinks {
  private link: HeadsetLink | undefined;

  /** `opened`: a headset's link is ready for the session to open. */
  constructor(private readonly opened: (device: HeadsetKind) => void) {
    browser.runtime.onConnect.addListener((port) => {
      if (port.name !== HEADSET_LINK_PORT) return;
      // Only the extension's own Connect page holds headsets (content scripts can open ports too).
      if (!port.sender?.url?.startsWith(browser.runtime.getURL(CONNECT_PAGE))) {
        port.disconnect();
        return;
      }
      this.accept(port);
    });
  }

  /** The open link for `device`, if the Connect page holds one. */
  take(device: HeadsetKind): HeadsetLink | undefined {
    const link = this.link;
    return link && link.device === device && !link.transport.closed ? link : undefined;
  }

  private accept(port: Runtime.Port): void {
    let link: HeadsetLink | undefined;
    let framing: BluetoothLink | undefined;
    port.onMessage.addListener((raw: unknown) => {
      const m = parseToHeadsetLink(raw);
      if (m?.type === 'open' && !link) {
        const bluetooth = headset(m.device).bluetooth;
        if (!bluetooth) {
          port.disconnect();
          return;
        }
        const send = (bytes: Uint8Array) =>
          port.postMessage({ type: 'write', bytes: Array.from(bytes) } satisfies FromHeadsetLink);
        const transport = new PushedTransport(send, () => port.disconnect());
        const opened: HeadsetLink = { device: m.device, name: m.name, firmware: m.firmware, transport };
        void this.link?.transport.close();
        this.link = link = opened;
        framing = bluetooth;
        this.opened(m.device);
      } else if (m?.type === 'notifications' && link && framing) {
        for (const n of m.notifications) {
          link.transport.push(notificationChunk(framing, n.source, Uint8Array.from(n.bytes)));
        }
      }
    });
    port.onDisconnect.addListener(() => {
      link?.transport.end();
      if (this.link === link) this.link = undefined;
    });
  }
}
