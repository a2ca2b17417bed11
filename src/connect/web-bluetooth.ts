import type { BluetoothLink, HeadsetSpec } from '../core/devices/registry';
import type { DecodeResult } from '../core/devices/types';

/**
 * Web Bluetooth GATT transport for the table's Bluetooth headsets:
 * notifications go straight into the pure decoders. Bluetooth devices cannot
 * be handed to the offscreen document, so they stream from the page that
 * asked for them.
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
  writeValue(v: BufferSource): Promise<void>;
  addEventListener(t: string, f: (e: Event) => void): void;
  value?: DataView;
}
interface GattServer {
  getPrimaryService(s: number | string): Promise<{ getCharacteristic(c: string): Promise<Characteristic> }>;
  disconnect(): void;
}

export function bluetoothAvailable(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    'bluetooth' in navigator &&
    Boolean((navigator as { bluetooth?: unknown }).bluetooth)
  );
}

const bytesOf = (e: Event) => {
  const v = (e.target as unknown as Characteristic).value!;
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
};

/** With several characteristics the decoder needs to know which one spoke: one byte in front. */
function tagged(index: number, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out[0] = index;
  out.set(bytes, 1);
  return out;
}

export async function connectBluetooth(
  spec: HeadsetSpec,
  link: BluetoothLink,
  onData: (r: DecodeResult) => void,
  onDisconnect: () => void,
): Promise<{ name: string; stop(): Promise<void> }> {
  if (!bluetoothAvailable()) throw new Error('Web Bluetooth is not available in this browser');
  const bt = (navigator as unknown as { bluetooth: BluetoothLike }).bluetooth;
  const dev = await bt.requestDevice({ filters: link.filters, optionalServices: link.optionalServices });
  const server = await dev.gatt!.connect();
  dev.addEventListener('gattserverdisconnected', onDisconnect);
  const service = await server.getPrimaryService(link.service);
  const control = await service.getCharacteristic(link.control);
  const decoder = spec.decoder();
  const several = link.notify.length > 1;
  for (const [index, uuid] of link.notify.entries()) {
    const c = await service.getCharacteristic(uuid);
    c.addEventListener('characteristicvaluechanged', (e) =>
      onData(decoder.push(several ? tagged(index, bytesOf(e)) : bytesOf(e))),
    );
    await c.startNotifications();
  }
  for (const cmd of link.start) await control.writeValue(cmd as BufferSource);
  return {
    name: dev.name ?? spec.label,
    stop: async () => {
      // A headset that went out of range or switched off cannot be told to stop; disconnecting is what matters.
      for (const cmd of link.stop) await control.writeValue(cmd as BufferSource).catch(() => undefined);
      server.disconnect();
    },
  };
}
