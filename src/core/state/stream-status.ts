import type { DeviceKind } from '../devices/registry';

/** What the extension's stream is doing, as the offscreen document reports it and the pages show it. */
export type StreamState = 'off' | 'connecting' | 'streaming' | 'signal-lost' | 'error';

/**
 * Publishing to the relay: off (the default), on but not paired (no token),
 * looking for the paired relay, publishing to it, refused because the
 * program on the port did not prove it is the paired relay (nothing was
 * sent), or because another browser publishes to that relay.
 */
export type RelayState = 'off' | 'unpaired' | 'connecting' | 'connected' | 'wrong-relay' | 'busy';

export interface StreamStatus {
  state: StreamState;
  device: DeviceKind | 'none';
  deviceName?: string;
  message?: string;
  samplesLost: number;
  /** Whether the classifier uses a calibrated profile. */
  calibrated: boolean;
  /** Which profile: a saved calibration's name, the simulated user's, or none. */
  profileName?: string;
  relay: RelayState;
  /** Where the extension publishes (or tries to) while relay is not off. */
  relayUrl?: string;
  updatedAt: number;
  /** True while the detector learns this session's resting signal (nothing is selected). */
  learning?: boolean;
  /** An electrode without usable contact (nothing is selected meanwhile), by name. */
  poorContact?: string;
  /** No target has stood above rest for a minute or more (NO_RESPONSE_SECONDS): the page says so. */
  noResponse?: boolean;
}

export const STATUS_OFF: StreamStatus = {
  state: 'off',
  device: 'none',
  samplesLost: 0,
  calibrated: false,
  relay: 'off',
  updatedAt: 0,
};
