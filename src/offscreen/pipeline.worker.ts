/// <reference lib="webworker" />
import { OnlinePipeline } from '../core/online/pipeline';
import type { FromWorker, ProfileSource, ToWorker } from '../core/protocol/messages';
import { simulatedUserProfile } from '../core/sim/demo-profile';
import { defaultProfile } from '../core/ssvep/calibration';
import type { Profile } from '../core/ssvep/profile';

/** The online pipeline in its own thread: samples in, heartbeats and selections out. */
declare const self: DedicatedWorkerGlobalScope;

let pipeline: OnlinePipeline | undefined;
let visible: number[] | undefined;
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

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  try {
    switch (m.type) {
      case 'init': {
        const { profile, calibrated } = build(m.source);
        pipeline = new OnlinePipeline(profile);
        pipeline.setVisibleTargets(visible);
        post({ type: 'ready', calibrated });
        break;
      }
      case 'visible-targets':
        visible = m.targets;
        pipeline?.setVisibleTargets(visible);
        break;
      case 'reset':
        if (pipeline) {
          pipeline = new OnlinePipeline(pipeline.profile);
          pipeline.setVisibleTargets(visible);
        }
        break;
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
