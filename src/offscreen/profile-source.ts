import type { DeviceInfo } from '../core/devices/types';
import type { ProfileSource } from '../core/protocol/messages';
import type { Settings } from '../core/state/settings';
import { profileMismatch } from '../core/ssvep/profile';
import { activeProfile } from '../extension/recordings-db';
import type { StatusBoard } from './status-board';

function targetsOf(s: Settings) {
  return s.layout.targets.map((t) => ({ label: t.label, frequency: t.frequency }));
}

/**
 * The profile the pipeline runs for this stream: the user's own calibration
 * for this headset when it fits the stream and the targets, else the
 * simulated user's (demo headset) or none. The status names it, and says why
 * a calibration was passed over.
 */
export async function profileSource(info: DeviceInfo, s: Settings, status: StatusBoard): Promise<ProfileSource> {
  const stored = await activeProfile(info.kind).catch((e: unknown) => {
    // Not silently "not calibrated": the carer sees that the saved calibration could not be read.
    console.error('[BrainBrowsR] could not read the saved calibration', e);
    status.set({
      message: `The saved calibration could not be read (${e instanceof Error ? e.message : String(e)}); running uncalibrated.`,
    });
    return undefined;
  });
  const sig = stored?.profile.signal;
  const sameTargets = sig?.targets.map((t) => t.frequency).join() === s.layout.targets.map((t) => t.frequency).join();
  const mismatch = stored && profileMismatch(stored.profile, info.sampleRate, info.channelNames);
  if (stored && !mismatch && sameTargets) {
    status.set({ profileName: stored.name });
    return { kind: 'profile', profile: stored.profile };
  }
  if (stored) {
    // Never apply a calibration to other electrodes or targets: say why and run uncalibrated.
    const why = mismatch ?? 'it was made for other target frequencies';
    status.set({ message: `Calibration "${stored.name}" is not used: ${why}. Calibrate again for this headset.` });
  }
  status.set({ profileName: info.kind === 'simulated' ? 'simulated user (built in)' : 'none (not calibrated)' });
  if (info.kind === 'simulated') return { kind: 'simulated-user', targets: targetsOf(s), mains: s.mains };
  return {
    kind: 'uncalibrated',
    targets: targetsOf(s),
    mains: s.mains,
    sampleRate: info.sampleRate,
    channelCount: info.channelNames.length,
  };
}
