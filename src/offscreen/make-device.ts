import { ByteStreamDevice } from '../core/devices/byte-device';
import type { Clock } from '../core/devices/clock';
import { CYTON_COMMANDS } from '../core/devices/cyton';
import { PlaybackDevice } from '../core/devices/playback';
import { type DeviceKind, headset, headsetInfo } from '../core/devices/registry';
import { SimulatedCytonTransport } from '../core/devices/simulated-transport';
import type { Device } from '../core/devices/types';
import type { Settings } from '../core/state/settings';
import { loadRecording } from '../extension/recordings-db';
import type { HeadsetLinks } from './headset-links';
import { WebSerialTransport, serialAvailable } from './web-serial';

export interface MadeDevice {
  device: Device;
  /** The simulated headset's transport: where simulated gaze and disconnects go. */
  sim?: SimulatedCytonTransport;
}

/**
 * The device for `kind`: one byte transport under the kind's decoder
 * (a serial port, the simulator, the Connect page's link for a Bluetooth
 * headset), or a stored recording.
 */
export async function makeDevice(
  kind: DeviceKind,
  settings: Settings | undefined,
  clock: Clock,
  links: HeadsetLinks,
): Promise<MadeDevice> {
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
    const link = links.take(kind);
    if (!spec.bluetooth || !link) throw new Error('the Connect page does not hold the headset: connect it there');
    const info = { ...headsetInfo(kind), name: link.name };
    const commands = { start: spec.bluetooth.start, stop: spec.bluetooth.stop };
    return { device: new ByteStreamDevice(info, link.transport, spec.decoder(link.firmware), commands) };
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
