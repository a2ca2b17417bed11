import type { StreamState, StreamStatus } from '../state/stream-status';

/**
 * The stream's status as a page draws it (the status line under the
 * targets): what content scripts are sent, and only when it changes. The
 * rest of the status (samples lost, relay, profile, device name) is for the
 * popup and the extension's pages, which read it from storage.
 */
export interface PageStatus {
  state: StreamState;
  /** The demo headset: simulated gaze keys work and the choices are logged. */
  simulated: boolean;
  calibrated: boolean;
  /** What went wrong, while the state is 'error'. */
  message?: string;
  poorContact?: string;
  learning: boolean;
  noResponse: boolean;
}

export function pageStatus(s: StreamStatus): PageStatus {
  return {
    state: s.state,
    simulated: s.device === 'simulated',
    calibrated: s.calibrated,
    message: s.state === 'error' ? s.message : undefined,
    poorContact: s.poorContact,
    learning: s.learning ?? false,
    noResponse: s.noResponse ?? false,
  };
}

/** Whether a page would draw the two statuses alike. */
export function samePageStatus(a: PageStatus, b: PageStatus): boolean {
  return (
    a.state === b.state &&
    a.simulated === b.simulated &&
    a.calibrated === b.calibrated &&
    a.message === b.message &&
    a.poorContact === b.poorContact &&
    a.learning === b.learning &&
    a.noResponse === b.noResponse
  );
}
