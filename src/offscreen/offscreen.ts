import type { Clock } from '../core/devices/clock';
import type { Settings } from '../core/state/settings';
import { ask, listen, tell } from '../extension/messaging';
import { closeInterrupted } from '../extension/recordings-db';
import { DeviceSession } from './device-session';
import { offscreenHandlers } from './handlers';
import { HeadsetLinks } from './headset-links';
import { resumeHelpAlarm, setHelpAlarm } from './help-alarm';
import { LiveFeed } from './live-feed';
import { makeDevice } from './make-device';
import { profileSource } from './profile-source';
import { Recorder } from './recorder';
import { RelayPublisher } from './relay-publisher';
import { relayStatus, StatusBoard } from './status-board';
import { WorkerBridge } from './worker-bridge';

/**
 * The offscreen document owns the headset for as long as the browser runs
 * (MV3 stops an idle service worker; this document stays). This file only
 * wires its parts: the device session feeds the pipeline worker, whose
 * heartbeats and detections go to the service worker and the relay.
 */
const clock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};
const send = (m: Parameters<typeof tell>[0]) => void tell(m);

let settings: Settings | undefined;
const relay = new RelayPublisher((state, url) => status.set({ relay: state, relayUrl: url }));
const status = new StatusBoard((s) => {
  send({ to: 'background', type: 'status', status: s });
  relay.publish(relayStatus(s, settings));
});
const worker: WorkerBridge = new WorkerBridge({
  status,
  relay,
  toBackground: send,
  channelName: (c): string => session.info?.channelNames[c] ?? `channel ${c + 1}`,
});
const recorder = new Recorder(status);
const live = new LiveFeed({
  info: () => session.info,
  scores: () => worker.lastScores,
  samplesLost: () => status.current.samplesLost,
  recording: () => recorder.progress,
  send,
});
const links = new HeadsetLinks((kind) => session.linkOpened(kind));
const session: DeviceSession = new DeviceSession({
  clock,
  status,
  worker,
  settings: () => settings,
  makeDevice: (kind) => makeDevice(kind, settings, clock, links),
  hasLink: (kind) => kind !== 'playback' && links.take(kind) !== undefined,
  profileSource: async (info) => {
    if (!settings) throw new Error('no settings yet');
    return profileSource(info, settings, status);
  },
  onBlock: (data) => {
    recorder.append(data);
    live.push(data);
  },
});

function configure(s: Settings): void {
  settings = s;
  relay.configure(s.relay, s.relayToken, s.relayPort);
}

listen(
  'offscreen',
  offscreenHandlers({ status, session, worker, recorder, live, relay, helpAlarm: setHelpAlarm, configure }),
);

// Recordings cut short by a closed browser are marked incomplete (kept, never deleted).
closeInterrupted().catch((e: unknown) => console.error('[BrainBrowsR] could not check for interrupted recordings', e));
resumeHelpAlarm();

// Ask for settings when (re)started: the service worker holds them.
ask({ to: 'background', type: 'get-settings' })
  .then((s) => {
    configure(s);
    session.resume(s.device);
  })
  .catch((e: unknown) => status.set({ state: 'error', message: `No settings from the extension: ${String(e)}` }));
