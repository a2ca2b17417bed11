/// <reference lib="webworker" />
import { OnlinePipeline } from '../core/online/pipeline';
import {
  type FromWorker,
  type LongerLook,
  type ProfileSource,
  SENSITIVITY_THRESHOLDS,
  type ToWorker,
  type Tuning,
} from '../core/protocol/messages';
import { simulatedUserProfile } from '../core/sim/demo-profile';
import { calibrate, DEFAULT_WINDOW, defaultProfile } from '../core/ssvep/calibration';
import type { Profile } from '../core/ssvep/profile';

/** The online pipeline in its own thread: samples in, heartbeats and selections out. */
declare const self: DedicatedWorkerGlobalScope;

let pipeline: OnlinePipeline | undefined;
let visible: number[] | undefined;
let longerLook: LongerLook | undefined;
const post = (m: FromWorker) => self.postMessage(m);
const now = () => performance.timeOrigin + performance.now();

function build(source: ProfileSource): { profile: Profile; calibrated: boolean } {
  switch (source.kind) {
    case 'profile':
      return { profile: source.profile, calibrated: source.profile.lda !== undefined };
    case 'simulated-user':
      return { profile: simulatedUserProfile(source.targets, source.mains), calibrated: true };
    case 'uncalibrated':
      return {
        profile: defaultProfile(
          { method: 'fbcca', targets: source.targets, window: 2, mains: source.mains },
          source.sampleRate,
          source.channelCount,
        ),
        calibrated: false,
      };
  }
}

function tune(p: Profile, t: Tuning): Profile {
  const threshold = SENSITIVITY_THRESHOLDS[Math.max(0, Math.min(4, Math.round(t.sensitivity) - 1))];
  return {
    ...p,
    ldaThreshold: threshold,
    decision: { ...p.decision, agree: Math.max(1, Math.round(t.dwell)), refractory: Math.max(0, t.refractory) },
  };
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  try {
    switch (m.type) {
      case 'init': {
        const built = build(m.source);
        const { calibrated } = built;
        const profile = m.tuning ? tune(built.profile, m.tuning) : built.profile;
        pipeline = new OnlinePipeline(profile);
        pipeline.setVisibleTargets(visible);
        pipeline.setLongerLook(longerLook);
        post({ type: 'ready', calibrated });
        break;
      }
      case 'visible-targets':
        visible = m.targets;
        longerLook = m.longerLook;
        pipeline?.setVisibleTargets(visible);
        pipeline?.setLongerLook(longerLook);
        break;
      case 'reset':
        if (pipeline) {
          pipeline = new OnlinePipeline(pipeline.profile);
          pipeline.setVisibleTargets(visible);
          pipeline.setLongerLook(longerLook);
        }
        break;
      case 'calibrate': {
        const rec = {
          channels: m.recording.channels.map((label) => ({ label, unit: 'uV' })),
          sampleRate: m.recording.sampleRate,
          data: m.recording.data,
          annotations: m.recording.annotations,
        };
        const profile = calibrate([{ recording: rec, name: 'guided calibration' }], {
          method: 'fbcca-lda',
          targets: m.targets,
          window: DEFAULT_WINDOW,
          mains: m.mains,
        });
        const c = profile.calibration;
        const acc = c?.cvAccuracy ?? 0;
        const rest = c?.cvRestFired ?? 0;
        const suggestion =
          acc < 0.5
            ? 'Weak responses: check the electrodes over the back of the head and calibrate again.'
            : rest > 0.1
              ? 'Rest windows fire too often: lower the sensitivity or calibrate again with more rest.'
              : 'Good: keep the default window (1.5 s) and sensitivity.';
        post({ type: 'calibrated', profile, suggestion });
        break;
      }
      case 'samples':
        if (!pipeline || m.data.length !== pipeline.profile.signal.channelCount) return;
        pipeline.push(m.data, (ev) => {
          if (ev.type === 'heartbeat') post({ type: 'heartbeat', heartbeat: ev });
          else post({ type: 'selection', selection: ev, decidedAt: now(), decodedAt: m.decodedAt });
        });
        break;
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
