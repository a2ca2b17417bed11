import type { DeviceKind } from '../devices/registry';
import type { BrowsingSettings, Layout } from '../protocol/layout';
import type { Tuning } from '../ssvep/tuning';

/** The carer's settings (storage.local): the headset, the targets, the relay, the decision tuning. */
export interface Settings {
  /** The headset; 'none' until the carer chooses one (the simulator too is chosen, never a default). */
  device: DeviceKind | 'none';
  layout: Layout;
  mains: 50 | 60;
  /** Publish selections to the relay: the carer's choice, off until switched on. */
  relay: boolean;
  /** The token the relay printed, pasted by the carer to pair; proven to the relay, never sent. */
  relayToken?: string;
  /** Loopback port of the relay (default RELAY_DEFAULT_PORT). */
  relayPort?: number;
  /** The stored recording played by the 'playback' device. */
  playbackId?: number;
  /** Simulated headset speed (1 = real time); more only for soak benchmarks. */
  simulationSpeed?: number;
  /** Decision tuning; unset keeps the profile's values. */
  tuning?: Tuning;
  /** Hints, speller and menu; unset: DEFAULT_BROWSING. */
  browsing?: BrowsingSettings;
}
