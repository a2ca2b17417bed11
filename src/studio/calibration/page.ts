import { wakeTarget } from '../../core/protocol/layout';
import { figuresOf } from '../../core/calibration/figures';
import { calibrationLength, calibrationSchedule, DEFAULT_SCHEDULE } from '../../core/calibration/schedule';
import type { Settings } from '../../core/state/settings';
import type { Profile } from '../../core/ssvep/profile';
import {
  calibrationVerdict,
  saveNeedsConfirmation,
  type CalibrationFigures,
  type CalibrationVerdict,
} from '../../core/ssvep/calibration-verdict';
import { FlickerGate } from '../../extension/flicker-gate';
import { watchFlickerGate } from '../../extension/flicker-watch';
import { listProfiles, saveProfile } from '../../extension/recordings-db';
import { handled } from '../../extension/handled';
import { ask, tell } from '../../extension/messaging';
import { $ } from '../../extension/dom';
import { getSettings } from '../messaging';
import { fitCalibration } from './fit';
import { confirmSave, outcome } from './outcome';
import { renderProfiles, savedResult } from './profiles';
import { runSteps, streamClock } from './steps';
import { fixIn, para } from './text';

/**
 * Guided calibration: cue each target for a few trials with rest trials in
 * between, record the EEG with one annotation per trial, fit the user's
 * profile in a worker with the core calibration, show the outcome in plain
 * words with a verdict, and save only on request (asking first when the
 * result is too low or worse than the calibration in use). A hidden tab
 * pauses it: the person cannot see the cue, so the step is redone.
 * Trial count and length come from ?trials=&seconds=&rest=.
 */
const params = new URLSearchParams(location.search);
const TRIALS = Number(params.get('trials') ?? DEFAULT_SCHEDULE.rounds);
const SECONDS = Number(params.get('seconds') ?? DEFAULT_SCHEDULE.seconds);
const REST = Number(params.get('rest') ?? SECONDS);

const button = (id: string) => $<HTMLButtonElement>(id);

/** Whether nothing may flicker here now: consent withdrawn, or a call for help on (the page's one gate). */
const gate = new FlickerGate();
const gateKnown = watchFlickerGate(gate);

interface Pending {
  profile: Profile;
  verdict: CalibrationVerdict;
  figures: CalibrationFigures;
  device: string;
}

let recording = false;
// A calibration abandoned by closing or reloading the tab must not leave the recording open.
window.addEventListener('pagehide', () => {
  if (!recording) return;
  void tell({ to: 'offscreen', type: 'gaze', frequency: null });
  void tell({ to: 'offscreen', type: 'record-stop' });
});

const setResult = (...nodes: Node[]) => $('cal-result').replaceChildren(...nodes);
const offerSave = (on: boolean) => {
  button('cal-save').hidden = !on;
  button('cal-discard').hidden = !on;
};
const running = (on: boolean) => {
  button('cal-start').disabled = on;
  button('cal-cancel').disabled = !on;
};

export async function initCalibration(): Promise<void> {
  void renderProfiles();
  const settings: Settings = await getSettings();
  const schedule = { rounds: TRIALS, seconds: SECONDS, rest: REST };
  const steps = calibrationSchedule(settings.layout.targets, schedule);
  $('cal-length').textContent = calibrationLength(settings.layout.targets, schedule);
  let cancelled = false;
  let pending: Pending | undefined;

  showKind();
  button('cal-cancel').addEventListener('click', () => (cancelled = true));
  button('cal-discard').addEventListener('click', () => {
    pending = undefined;
    offerSave(false);
    $('cal-result').append(para('Not saved. The calibration in use stays as it was.', 'ok'));
  });

  const calibrate = async () => {
    cancelled = false;
    pending = undefined;
    offerSave(false);
    setResult();
    const device = await readyDevice();
    if (!device) return;
    const started = await ask({
      to: 'offscreen',
      type: 'record-start',
      name: `Calibration ${new Date().toLocaleString()}`,
    }).catch((e: unknown) => new Error(e instanceof Error ? e.message : String(e)));
    if (started instanceof Error) {
      setResult(para(`Could not start: ${started.message}.`, 'error'));
      return;
    }
    recording = true;
    running(true);
    // The demo headset may stream faster than real time (the test build's speed setting): the steps keep its pace.
    const speed = device === 'simulated' ? (settings.simulationSpeed ?? 1) : 1;
    const done = await runSteps(steps, gate, streamClock(speed), () => cancelled);
    await ask({ to: 'offscreen', type: 'record-stop' });
    recording = false;
    running(false);
    $('cal-step').textContent = '';
    if (done.cancelled) {
      $('cue').textContent = 'Calibration cancelled. Nothing was changed.';
      return;
    }
    $('cue').textContent = 'Working out the result (a few seconds)…';
    const result = await fitCalibration(started.id, settings, done.interrupted);
    if (result.type !== 'calibrated') {
      $('cue').textContent = '';
      setResult(
        para(
          `The calibration could not be worked out: ${result.type === 'error' ? result.message : 'unexpected answer'}. Check the headset and try again.`,
          'error',
        ),
      );
      return;
    }
    const figures = figuresOf(
      result.profile,
      settings.layout.targets.length,
      result.report,
      wakeTarget(settings.layout)?.frequency,
    );
    const verdict = calibrationVerdict(figures);
    $('cue').textContent = 'Calibration finished: the result is below.';
    setResult(outcome(verdict, result.profile.calibration, result.suggestion));
    pending = { profile: result.profile, verdict, figures, device };
    offerSave(true);
    button('cal-save').focus();
  };

  button('cal-start').addEventListener(
    'click',
    handled('Calibration', calibrate, (reason, w) => {
      // Whatever failed, the page must be ready for another try.
      if (recording) void tell({ to: 'offscreen', type: 'record-stop' });
      recording = false;
      $('stage').hidden = true;
      $('cal-progress').hidden = true;
      running(false);
      setResult(para(`${w} failed: ${reason}.`, 'error'));
    }),
  );

  const save = async () => {
    if (!pending) return;
    const { profile, verdict, figures, device } = pending;
    const inUse = (await listProfiles()).find((p) => p.active && p.device === device);
    const reason = saveNeedsConfirmation(
      { accuracy: figures.accuracy, verdict: verdict.verdict },
      inUse && { name: inUse.name, accuracy: savedResult(inUse)?.accuracy },
    );
    if (reason && !(await confirmSave(reason, inUse !== undefined))) {
      $('cal-result').append(
        Object.assign(para('Not saved: the calibration in use stays. You can still save this one.', 'ok'), {
          id: 'cal-kept',
        }),
      );
      return;
    }
    pending = undefined;
    await saveProfile({
      name: `Calibration ${new Date().toLocaleString()}`,
      device,
      profile,
      result: { accuracy: figures.accuracy, measure: figures.measure ?? 'windows', verdict: verdict.verdict },
    });
    await tell({ to: 'offscreen', type: 'profile-changed' });
    offerSave(false);
    document.getElementById('cal-kept')?.remove();
    $('cal-result').append(
      Object.assign(para('Saved: this calibration is used from now on.', 'ok'), { id: 'cal-saved' }),
    );
    await renderProfiles();
  };

  button('cal-save').addEventListener(
    'click',
    handled('Saving the calibration', save, (reason, w) => setResult(para(`${w} failed: ${reason}.`, 'error'))),
  );
}

/** The check-in (the same steps, one round: a look at each square) links to the full calibration, and back. */
function showKind(): void {
  if (TRIALS !== 1) {
    button('cal-quick').addEventListener('click', () => (location.search = '?trials=1'));
    return;
  }
  const full = Object.assign(document.createElement('button'), { type: 'button', className: 'link' });
  full.textContent = 'full calibration';
  full.addEventListener('click', () => (location.search = ''));
  $('cal-kind').replaceChildren('This is the quick check-in: one look at each square. Switch to a ', full, '.');
}

/** The streaming headset, once nothing stops the flicker; else says what to fix and gives nothing. */
async function readyDevice(): Promise<string | undefined> {
  await gateKnown;
  if (!gate.open) {
    setResult(
      gate.stop === 'no-consent'
        ? fixIn(`${gate.why} `, '../welcome/welcome.html', 'Open the welcome page')
        : para(gate.why ?? '', 'error'),
    );
    return undefined;
  }
  const status = await ask({ to: 'background', type: 'get-status' });
  if (status.state !== 'streaming' || status.device === 'none') {
    setResult(
      fixIn('The headset is not sending data. Connect it first: ', '../connect/connect.html', 'connect a headset'),
    );
    return undefined;
  }
  return status.device;
}
