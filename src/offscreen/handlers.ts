import type { Settings } from '../core/state/settings';
import type { Handlers } from '../core/protocol/replies';
import type { DeviceSession } from './device-session';
import type { LiveFeed } from './live-feed';
import type { Recorder } from './recorder';
import type { RelayPublisher } from './relay-publisher';
import type { StatusBoard } from './status-board';
import type { WorkerBridge } from './worker-bridge';

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

/**
 * What the offscreen document does with each message. Notices return
 * nothing (`void`): the service worker awaits them, and must not wait on a
 * headset connecting.
 */
export function offscreenHandlers(p: OffscreenParts): Handlers<'offscreen', unknown, void> {
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
    'simulate-disconnect': () => p.session.simulateDisconnect(),
    'live-subscribe': () => p.live.subscribe(),
    'profile-changed': () => p.session.reloadProfile(),
    'get-status': () => Promise.resolve(p.status.current),
    'record-start': (m) => p.recorder.start(m.name, p.session.info),
    'record-stop': async () => (await p.recorder.stop()) ?? null,
    annotate: (m) => Promise.resolve(p.recorder.annotate(m.label, m.duration) ?? null),
    'help-alarm': async (m) => ({ playing: await p.helpAlarm(m.on) }),
  };
}
