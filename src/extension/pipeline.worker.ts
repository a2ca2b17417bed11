/// <reference lib="webworker" />
import { OnlinePipeline } from '../core/online/pipeline';
import { type FromWorker, type LongerLook, type ProfileSource, type ToWorker } from '../core/protocol/messages';
import { simulatedUserProfile } from '../core/sim/demo-profile';
import { detectMains } from '../core/dsp/mains';
import { calibratedDefault } from '../core/ssvep/calibrated-default';
import type { Profile } from '../core/ssvep/profile';
import { trainingFreeProfile } from '../core/ssvep/training-free';
import { tune } from '../core/ssvep/tuning';

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
      // A check-in refines the training-free detector with a prior; either way the user calibrated.
      return {
        profile: source.profile,
        calibrated: source.profile.lda !== undefined || source.profile.z?.prior !== undefined,
      };
    case 'simulated-user':
      return { profile: simulatedUserProfile(source.targets, source.mains), calibrated: true };
    case 'uncalibrated':
      return {
        profile: trainingFreeProfile(source.targets, source.sampleRate, source.channelCount, source.mains),
        calibrated: false,
      };
  }
}

/**
 * The pipeline waits for 2 s of signal to find the mains frequency (the
 * notch must match the country's mains; a profile's or setting's guess is
 * only the fallback when no hum stands out), then replays what it held.
 */
let pending: { profile: Profile; held: Float32Array[][]; samples: number } | undefined;

function feed(data: Float32Array[], decodedAt: number): void {
  if (pending) {
    if (data.length !== pending.profile.signal.channelCount) return;
    pending.held.push(data);
    pending.samples += data[0]?.length ?? 0;
    if (pending.samples < 2 * pending.profile.signal.sampleRate) return;
    const { profile, held } = pending;
    pending = undefined;
    const joined = Array.from({ length: profile.signal.channelCount }, (_, c) => concat(held.map((d) => d[c])));
    const found = detectMains(joined, profile.signal.sampleRate);
    start({ ...profile, signal: { ...profile.signal, mains: found || profile.signal.mains } });
    for (const d of held) feed(d, decodedAt);
    return;
  }
  if (!pipeline || data.length !== pipeline.profile.signal.channelCount) return;
  pipeline.push(data, (ev) => {
    if (ev.type === 'heartbeat') post({ type: 'heartbeat', heartbeat: ev });
    else post({ type: 'selection', selection: ev, decidedAt: now(), decodedAt });
  });
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function start(profile: Profile): void {
  pipeline = new OnlinePipeline(profile);
  pipeline.setVisibleTargets(visible);
  pipeline.setLongerLook(longerLook);
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  try {
    switch (m.type) {
      case 'init': {
        const built = build(m.source);
        const { calibrated } = built;
        const profile = m.tuning ? tune(built.profile, m.tuning) : built.profile;
        pipeline = undefined;
        pending = { profile, held: [], samples: 0 };
        post({ type: 'ready', calibrated });
        break;
      }
      case 'visible-targets':
        visible = m.targets;
        longerLook = m.longerLook;
        pipeline?.setVisibleTargets(visible);
        pipeline?.setLongerLook(longerLook);
        break;
      case 'calibrate': {
        const rec = {
          channels: m.recording.channels.map((label) => ({ label, unit: 'uV' })),
          sampleRate: m.recording.sampleRate,
          data: m.recording.data,
          annotations: m.recording.annotations,
        };
        const chosen = calibratedDefault([rec], m.targets, detectMains(rec.data, rec.sampleRate) || m.mains);
        const profile = chosen.profile;
        const suggestion = `${chosen.report.advice} (${chosen.reason}.)`;
        post({ type: 'calibrated', profile, suggestion, report: chosen.report });
        break;
      }
      case 'samples':
        feed(m.data, m.decodedAt);
        break;
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
