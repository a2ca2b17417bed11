import type { BluetoothLink } from '../core/devices/registry';

/**
 * Web Bluetooth GATT for the table's Bluetooth headsets: only the bytes.
 * Bluetooth devices cannot be handed to the offscreen document, so the
 * Connect page holds the connection and forwards each notification raw,
 * with the number of the characteristic that sent it (headset-port.ts);
 * the offscreen document decodes them.
 */
interface BluetoothLike {
  requestDevice(o: unknown): Promise<{
    name?: string;
    gatt?: { connect(): Promise<GattServer> };
    addEventListener(t: string, f: () => void): void;
  }>;
}
interface Characteristic {
  startNotifications(): Promise<unknown>;
  readValue(): Promise<DataView>;
  writeValue(v: BufferSource): Promise<void>;
  addEventListener(t: string, f: (e: Event) => void): void;
  value?: DataView;
}
interface GattServer {
  getPrimaryService(s: number | string): Promise<{ getCharacteristic(c: number | string): Promise<Characteristic> }>;
  disconnect(): void;
}

export function bluetoothAvailable(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    'bluetooth' in navigator &&
    Boolean((navigator as { bluetooth?: unknown }).bluetooth)
  );
}

/** Read at once (the port copies it): the browser may reuse the buffer for the next notification. */
const bytesOf = (e: Event) => {
  const v = (e.target as unknown as Characteristic).value!;
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
};

export interface BluetoothHeadset {
  name: string;
  /** What the headset said of its firmware (the link's `firmware` characteristic), if it has one and said it. */
  firmware?: string;
  /** Bytes for the control characteristic. */
  write(bytes: Uint8Array): Promise<void>;
  disconnect(): void;
}

/**
 * Asks the browser's chooser for a headset, connects, and subscribes to the
 * link's `notify` characteristics: each notification goes to `onNotification`
 * with its characteristic's index in that list.
 */
export async function connectBluetooth(
  link: BluetoothLink,
  fallbackName: string,
  onNotification: (source: number, bytes: Uint8Array) => void,
  onDisconnect: () => void,
): Promise<BluetoothHeadset> {
  if (!bluetoothAvailable()) throw new Error('Web Bluetooth is not available in this browser');
  const bt = (navigator as unknown as { bluetooth: BluetoothLike }).bluetooth;
  const dev = await bt.requestDevice({ filters: link.filters, optionalServices: link.optionalServices });
  const server = await dev.gatt!.connect();
  dev.addEventListener('gattserverdisconnected', onDisconnect);
  const firmware = link.firmware && (await readFirmware(server, link.firmware));
  const service = await server.getPrimaryService(link.service);
  const control = await service.getCharacteristic(link.control);
  for (const [index, uuid] of link.notify.entries()) {
    const c = await service.getCharacteristic(uuid);
    c.addEventListener('characteristicvaluechanged', (e) => onNotification(index, bytesOf(e)));
    await c.startNotifications();
  }
  return {
    name: dev.name ?? fallbackName,
    ...(firmware !== undefined && { firmware }),
    write: (bytes) => control.writeValue(bytes as BufferSource),
    disconnect: () => server.disconnect(),
  };
}

/** How long the firmware version may take to read. */
const FIRMWARE_READ_MS = 3000;

/** The firmware version string, or undefined when the headset has no such characteristic (older boards). */
async function readFirmware(
  server: GattServer,
  where: NonNullable<BluetoothLink['firmware']>,
): Promise<string | undefined> {
  try {
    const read = async () => {
      const c = await (await server.getPrimaryService(where.service)).getCharacteristic(where.characteristic);
      return c.readValue();
    };
    // A board that never answers must not hold the connection up: it is then taken for the older firmware.
    const value = await Promise.race([
      read(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer in 3 s')), FIRMWARE_READ_MS)),
    ]);
    // Printable ASCII, short: it is shown on the page and sent on to the decoder.
    const text = new TextDecoder().decode(value);
    return (
      text
        .replace(/[^\x20-\x7e]/g, '')
        .trim()
        .slice(0, 40) || undefined
    );
  } catch (e) {
    console.warn('[BrainBrowsR] the headset did not tell its firmware version:', e);
    return undefined;
  }
}
