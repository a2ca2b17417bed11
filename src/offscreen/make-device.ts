import { ByteStreamDevice } from '../core/devices/byte-device';
import type { Clock } from '../core/devices/clock';
import { CYTON_COMMANDS, CytonDecoder } from '../core/devices/cyton';
import { PlaybackDevice } from '../core/devices/playback';
import { type DeviceKind, SERIAL_DEVICES, type SerialDeviceKind } from '../core/devices/registry';
import { SimulatedCytonTransport } from '../core/devices/simulated-transport';
import type { Device, DeviceInfo } from '../core/devices/types';
import type { Settings } from '../core/protocol/messages';
import { simulatedChannelNames } from '../core/sim/session';
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
    const info: DeviceInfo = {
      kind: 'simulated',
      name: 'Simulated headset',
      channelNames: simulatedChannelNames(8),
      sampleRate: 250,
      units: 'uV',
    };
    const enc = new TextEncoder();
    const device = new ByteStreamDevice(info, sim, new CytonDecoder(), {
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
  if (kind in SERIAL_DEVICES) {
    if (!serialAvailable()) throw new Error('Web Serial is not available in this browser');
    const profile = SERIAL_DEVICES[kind as SerialDeviceKind];
    const ports = await navigator.serial.getPorts();
    if (ports.length === 0) throw new Error('no serial port granted yet: use Connect on the Connect page');
    // Prefer a port matching the device's USB ids, else the most recently granted one.
    const match =
      ports.find((p) => profile.usbFilters.some((f) => p.getInfo().usbVendorId === f.usbVendorId)) ??
      ports[ports.length - 1];
    const transport = new WebSerialTransport(match, profile.baudRate);
    return {
      device: new ByteStreamDevice(profile.info(), transport, profile.decoder(), {
        start: profile.start,
        stop: profile.stop,
      }),
    };
  }
  throw new Error(`${kind} headsets connect from the Connect page (Web Bluetooth), not in the background`);
}
