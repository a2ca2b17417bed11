import type { Annotation } from '../core/recording/types';
import type { Settings, StreamStatus } from '../core/protocol/messages';
import type { RecordingMeta } from '../extension/recordings-db';
import type { DeviceSession } from './device-session';
import type { OffscreenHandlers } from './dispatcher';
import type { LiveFeed } from './live-feed';
import type { Recorder } from './recorder';
import type { RelayPublisher } from './relay-publisher';
import type { StatusBoard } from './status-board';
import type { WorkerBridge } from './worker-bridge';

/** What each request to the offscreen document replies (the other messages reply nothing). */
export interface OffscreenReplies {
  'get-status': StreamStatus;
  'record-start': { id: number } | { error: string };
  /** The finished recording; nothing when none ran. */
  'record-stop': RecordingMeta | undefined;
  /** The annotation as stored; nothing when no recording runs. */
  annotate: Annotation | undefined;
  'help-alarm': { playing: boolean };
}

export interface OffscreenParts {
  status: StatusBoard;
  session: DeviceSession;
  worker: WorkerBridge;
  recorder: Recorder;
  live: LiveFeed;
  relay: RelayPublisher;
  /** Switches the call-for-help alarm; resolves with whether it plays. */
  helpAlarm: (on: boolean) => Promise<boolean>;
  /** New settings from the service worker. */
  configure: (s: Settings) => void;
}

export function offscreenHandlers(p: OffscreenParts): OffscreenHandlers<OffscreenReplies> {
  return {
    settings: (m) => {
      p.configure(m.settings);
      p.session.reloadProfile();
    },
    connect: (m) => p.session.connect(m.device),
    disconnect: () => p.session.disconnect(),
    gaze: (m) => p.session.gaze(m.frequency),
    mode: (m) => p.relay.publish({ type: 'mode', mode: m.mode }),
    action: (m) =>
      p.relay.publish({ type: 'action', mode: m.mode, action: m.action, target: m.target, text: m.text.slice(0, 200) }),
    'visible-targets': (m) => p.worker.setVisible(m.targets, m.longerLook),
    'external-samples': (m) => p.session.external(m),
    'simulate-disconnect': () => p.session.simulateDisconnect(),
    'live-subscribe': () => p.live.subscribe(),
    'profile-changed': () => p.session.reloadProfile(),
    'get-status': () => Promise.resolve(p.status.current),
    'record-start': (m) => p.recorder.start(m.name, p.session.info),
    'record-stop': () => p.recorder.stop(),
    annotate: (m) => Promise.resolve(p.recorder.annotate(m.label, m.duration)),
    'help-alarm': async (m) => ({ playing: await p.helpAlarm(m.on) }),
  };
}
