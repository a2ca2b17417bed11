import { GANGLION_NOTIFY, GANGLION_SERVICE, GANGLION_WRITE, GanglionDecoder } from '../core/devices/ganglion';
import { MUSE_CHANNELS, MUSE_CONTROL, MUSE_SERVICE, MuseDecoder, museCommand } from '../core/devices/muse';
import type { DecodeResult } from '../core/devices/types';

/**
 * Web Bluetooth GATT transports for Ganglion and Muse: notifications go
 * straight into the pure decoders. Bluetooth devices cannot be handed to the
 * offscreen document, so they stream from the page that asked for them.
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

export async function connectBluetooth(
  kind: 'ganglion' | 'muse',
  onData: (r: DecodeResult) => void,
  onDisconnect: () => void,
): Promise<{ name: string; stop(): Promise<void> }> {
  if (!bluetoothAvailable()) throw new Error('Web Bluetooth is not available in this browser');
  const bt = (navigator as unknown as { bluetooth: BluetoothLike }).bluetooth;
  if (kind === 'ganglion') {
    const dev = await bt.requestDevice({
      filters: [{ namePrefix: 'Ganglion-' }],
      optionalServices: [GANGLION_SERVICE],
    });
    const server = await dev.gatt!.connect();
    dev.addEventListener('gattserverdisconnected', onDisconnect);
    const service = await server.getPrimaryService(GANGLION_SERVICE);
    const notify = await service.getCharacteristic(GANGLION_NOTIFY);
    const write = await service.getCharacteristic(GANGLION_WRITE);
    const decoder = new GanglionDecoder(2);
    notify.addEventListener('characteristicvaluechanged', (e) => onData(decoder.push(bytesOf(e))));
    await notify.startNotifications();
    await write.writeValue(new TextEncoder().encode('b'));
    return {
      name: dev.name ?? 'Ganglion',
      stop: async () => {
        await write.writeValue(new TextEncoder().encode('s')).catch(() => undefined);
        server.disconnect();
      },
    };
  }
  const dev = await bt.requestDevice({ filters: [{ services: [MUSE_SERVICE] }] });
  const server = await dev.gatt!.connect();
  dev.addEventListener('gattserverdisconnected', onDisconnect);
  const service = await server.getPrimaryService(MUSE_SERVICE);
  const control = await service.getCharacteristic(MUSE_CONTROL);
  const decoder = new MuseDecoder(4);
  for (let ch = 0; ch < 4; ch++) {
    const c = await service.getCharacteristic(MUSE_CHANNELS[ch].uuid);
    c.addEventListener('characteristicvaluechanged', (e) => onData(decoder.push(ch, bytesOf(e))));
    await c.startNotifications();
  }
  for (const cmd of ['h', 'p21', 's', 'd']) await control.writeValue(museCommand(cmd) as BufferSource);
  return {
    name: dev.name ?? 'Muse',
    stop: async () => {
      await control.writeValue(museCommand('h') as BufferSource).catch(() => undefined);
      server.disconnect();
    },
  };
}
