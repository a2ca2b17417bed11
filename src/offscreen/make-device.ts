import { ByteStreamDevice } from '../core/devices/byte-device';
import type { Clock } from '../core/devices/clock';
import { CYTON_COMMANDS } from '../core/devices/cyton';
import { PlaybackDevice } from '../core/devices/playback';
import { type DeviceKind, headset, headsetInfo } from '../core/devices/registry';
import { SimulatedCytonTransport } from '../core/devices/simulated-transport';
import type { Device } from '../core/devices/types';
import type { Settings } from '../core/state/settings';
import { loadRecording } from '../extension/recordings-db';
import { WebSerialTransport, serialAvailable } from './web-serial';

export interface MadeDevice {
  device: Device;
  /** The simulated headset's transport: where simulated gaze and disconnects go. */
  sim?: SimulatedCytonTransport;
}

/** A device for `kind` that the offscreen document can open itself (not the Bluetooth ones). */
export async function makeDevice(kind: DeviceKind, settings: Settings | undefined, clock: Clock): Promise<MadeDevice> {
  if (kind === 'simulated') {
    const sim = new SimulatedCytonTransport(
      clock,
      { seed: Date.now() % 100000, subject: 1, mains: settings?.mains ?? 50 },
      40,
      settings?.simulationSpeed ?? 1,
    );
    const enc = new TextEncoder();
    const info = { ...headsetInfo('simulated'), name: 'Simulated headset' };
    const device = new ByteStreamDevice(info, sim, headset('simulated').decoder(), {
      start: [enc.encode(CYTON_COMMANDS.start)],
      stop: [enc.encode(CYTON_COMMANDS.stop)],
    });
    return { device, sim };
  }
  if (kind === 'playback') {
    const id = settings?.playbackId;
    if (id === undefined) throw new Error('no recording chosen for playback');
    const rec = await loadRecording(id);
    return { device: new PlaybackDevice(rec, clock, { loop: true, name: `recording: ${rec.description ?? id}` }) };
  }
  const spec = headset(kind);
  const serial = spec.serial;
  if (!serial) {
    throw new Error(`${kind} headsets connect from the Connect page (Web Bluetooth), not in the background`);
  }
  if (!serialAvailable()) throw new Error('Web Serial is not available in this browser');
  const ports = await navigator.serial.getPorts();
  if (ports.length === 0) throw new Error('no serial port granted yet: use Connect on the Connect page');
  // Prefer a port matching the device's USB ids, else the most recently granted one.
  const match =
    ports.find((p) => serial.usbFilters.some((f) => p.getInfo().usbVendorId === f.usbVendorId)) ??
    ports[ports.length - 1];
  const transport = new WebSerialTransport(match, serial.baudRate);
  return {
    device: new ByteStreamDevice(headsetInfo(kind), transport, spec.decoder(), {
      start: serial.start,
      stop: serial.stop,
    }),
  };
}
