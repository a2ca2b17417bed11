import type { StimulusTarget } from '../core/protocol/layout';
import type { FromWorker, Settings } from '../core/protocol/messages';
import type { Profile } from '../core/ssvep/profile';
import {
  calibrationVerdict,
  saveNeedsConfirmation,
  type CalibrationFigures,
  type CalibrationVerdict,
  type Verdict,
} from '../core/ssvep/calibration-verdict';
import type { CheckInReport } from '../core/ssvep/check-in';
import { FlickerGate } from '../extension/flicker-gate';
import { watchFlickerGate } from '../extension/flicker-watch';
import { FrameClock, measureRefreshRate } from '../extension/stimulus-clock';
import {
  activateProfile,
  deleteProfile,
  listProfiles,
  loadRecording,
  saveProfile,
  type StoredProfile,
} from '../extension/recordings-db';
import { handled } from '../extension/handled';
import { ask, tell } from '../extension/messaging';
import { $ } from '../extension/dom';
import { getSettings } from './messaging';
import { calibrationLength, calibrationSchedule, DEFAULT_SCHEDULE, durationWords, LEAD_IN } from './schedule';

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

interface Annotation {
  onset: number;
  duration: number;
  label: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const button = (id: string) => $<HTMLButtonElement>(id);
const para = (text: string, className = '') =>
  Object.assign(document.createElement('p'), { className, textContent: text });

/** An error paragraph that ends with a link to the page that fixes it (opened beside this one). */
function fixIn(text: string, href: string, linkText: string): HTMLParagraphElement {
  const p = para(text, 'error');
  p.append(Object.assign(document.createElement('a'), { href, target: '_blank', textContent: linkText }), '.');
  return p;
}

/** Whether nothing may flicker here now: consent withdrawn, or a call for help on (the page's one gate). */
const gate = new FlickerGate();
const gateKnown = watchFlickerGate(gate);

/** The person cannot follow the cue: the tab is hidden, or the gate stops the flicker. */
const unseen = () => document.hidden || !gate.open;

/** Waits `ms` of visible, flickering time; 'hidden' as soon as the cue cannot be followed, 'cancelled' on Cancel. */
async function visibleWait(ms: number, cancelled: () => boolean): Promise<'ok' | 'hidden' | 'cancelled'> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cancelled()) return 'cancelled';
    if (unseen()) return 'hidden';
    await sleep(Math.min(100, end - Date.now()));
  }
  return 'ok';
}

async function untilVisible(cancelled: () => boolean): Promise<void> {
  while (unseen() && !cancelled()) await sleep(200);
}

/** The figures a calibration is judged on: the looks at squares when the worker reports them, else its windows. */
function figuresOf(profile: Profile, targets: number, report?: CheckInReport): CalibrationFigures {
  const restFired = profile.calibration?.cvRestFired;
  if (report)
    return {
      accuracy: report.forcedChoice,
      measure: 'looks',
      targets,
      restFired,
      perTarget: report.targets.map((t) => ({ label: t.label, accuracy: t.forcedChoice, reliable: t.reliable })),
    };
  return { accuracy: profile.calibration?.cvAccuracy ?? 0, measure: 'windows', targets, restFired };
}

/** What a saved calibration scored: as judged when saved, or (older ones) its cross-validated windows. */
function savedResult(p: StoredProfile): { accuracy: number; verdict: Verdict } | undefined {
  if (p.result) return p.result;
  const acc = p.profile.calibration?.cvAccuracy;
  if (acc === undefined) return undefined;
  const v = calibrationVerdict({ accuracy: acc, targets: p.profile.signal.targets.length });
  return { accuracy: acc, verdict: v.verdict };
}

const VERDICT_WORDS = { good: 'good', usable: 'usable', 'too-low': 'too low' } as const;

async function renderProfiles(): Promise<void> {
  const list = await listProfiles();
  if (list.length === 0) {
    const td = Object.assign(document.createElement('td'), {
      colSpan: 5,
      textContent: 'None yet: the demo headset uses its built-in calibration, real headsets none.',
    });
    const tr = document.createElement('tr');
    tr.append(td);
    $('profiles').replaceChildren(tr);
    return;
  }
  $('profiles').replaceChildren(
    ...list.map((p) => {
      const tr = document.createElement('tr');
      const td = (text: string) => Object.assign(document.createElement('td'), { textContent: text });
      const actions = document.createElement('td');
      const use = document.createElement('button');
      use.textContent = p.active ? 'In use' : 'Use this one';
      use.disabled = p.active;
      use.addEventListener(
        'click',
        handled('Choosing the calibration', async () => {
          await activateProfile(p.id!);
          await tell({ to: 'offscreen', type: 'profile-changed' });
          await renderProfiles();
        }),
      );
      const del = document.createElement('button');
      del.textContent = 'Delete';
      del.setAttribute('aria-label', `Delete ${p.name}`);
      del.addEventListener(
        'click',
        handled('Deleting the calibration', async () => {
          if (!confirm(`Delete "${p.name}"?`)) return;
          await deleteProfile(p.id!);
          await tell({ to: 'offscreen', type: 'profile-changed' });
          await renderProfiles();
        }),
      );
      actions.append(use, ' ', del);
      const r = savedResult(p);
      tr.append(
        td(p.name),
        td(p.device === 'simulated' ? 'Demo headset' : p.device),
        td(new Date(p.createdAt).toLocaleString()),
        td(r ? `${VERDICT_WORDS[r.verdict]} (${Math.round(100 * r.accuracy)} of 100)` : '-'),
        actions,
      );
      return tr;
    }),
  );
}

/** Asks through the page's own dialog; true only when the carer chose "Save anyway". */
function confirmSave(reason: string, replacing: boolean): Promise<boolean> {
  const dialog = $<HTMLDialogElement>('cal-confirm');
  $('cal-confirm-title').textContent = replacing ? 'Replace the calibration in use?' : 'Save a result that is too low?';
  $('cal-confirm-keep').textContent = replacing ? 'Keep the one in use' : 'Do not save';
  $('cal-confirm-text').textContent = replacing
    ? `${reason} Keep the one in use, or save this one anyway?`
    : `${reason} Calibrating again after checking the headset is better.`;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'save'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

let recording = false;
// A calibration abandoned by closing or reloading the tab must not leave the recording open.
window.addEventListener('pagehide', () => {
  if (!recording) return;
  void tell({ to: 'offscreen', type: 'gaze', frequency: null });
  void tell({ to: 'offscreen', type: 'record-stop' });
});

export async function initCalibration(): Promise<void> {
  void renderProfiles();
  const settings: Settings = await getSettings();
  const schedule = { rounds: TRIALS, seconds: SECONDS, rest: REST };
  const steps = calibrationSchedule(settings.layout.targets, schedule);
  const total = steps.reduce((s, x) => s + x.seconds, 0);
  $('cal-length').textContent = calibrationLength(settings.layout.targets, schedule);
  let cancelled = false;
  let pending:
    { profile: Profile; verdict: CalibrationVerdict; figures: CalibrationFigures; device: string } | undefined;

  const setResult = (...nodes: Node[]) => $('cal-result').replaceChildren(...nodes);
  const offerSave = (on: boolean) => {
    button('cal-save').hidden = !on;
    button('cal-discard').hidden = !on;
  };

  // The check-in: the same steps, one round (what the core's check-in needs: a look at each square).
  const quick = TRIALS === 1;
  if (quick) {
    const full = Object.assign(document.createElement('button'), { type: 'button', className: 'link' });
    full.textContent = 'full calibration';
    full.addEventListener('click', () => (location.search = ''));
    $('cal-kind').replaceChildren('This is the quick check-in: one look at each square. Switch to a ', full, '.');
  } else {
    button('cal-quick').addEventListener('click', () => (location.search = '?trials=1'));
  }
  button('cal-cancel').addEventListener('click', () => (cancelled = true));
  button('cal-discard').addEventListener('click', () => {
    pending = undefined;
    offerSave(false);
    $('cal-result').append(para('Not saved. The calibration in use stays as it was.', 'ok'));
  });

  button('cal-start').addEventListener(
    'click',
    handled(
      'Calibration',
      async () => {
        cancelled = false;
        pending = undefined;
        offerSave(false);
        setResult();
        await gateKnown;
        if (!gate.open) {
          setResult(
            gate.stop === 'no-consent'
              ? fixIn(`${gate.why} `, '../welcome/welcome.html', 'Open the welcome page')
              : para(gate.why ?? '', 'error'),
          );
          return;
        }
        const status = await ask({ to: 'background', type: 'get-status' });
        if (status.state !== 'streaming' || status.device === 'none') {
          setResult(
            fixIn(
              'The headset is not sending data. Connect it first: ',
              '../connect/connect.html',
              'connect a headset',
            ),
          );
          return;
        }
        const device = status.device;
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
        button('cal-start').disabled = true;
        button('cal-cancel').disabled = false;
        const stage = new Stage($('stage'), gate);
        $('stage').hidden = false;
        $('cal-progress').hidden = false;
        $<HTMLProgressElement>('cal-progress').value = 0;
        await stage.start();
        await sleep(LEAD_IN * 1000);
        // Steps interrupted by a hidden tab: their annotations are left out of the fit.
        const interrupted: Annotation[] = [];
        let index = 0;
        while (index < steps.length && !cancelled) {
          const step = steps[index];
          const label = step.kind === 'target' ? step.target!.label : 'rest';
          const annotation = await ask({
            to: 'offscreen',
            type: 'annotate',
            label,
            duration: step.seconds,
          });
          stage.show(step.kind === 'target' ? step.target : undefined);
          // The demo headset's simulated user follows the cue (a real person does by looking).
          await tell({ to: 'offscreen', type: 'gaze', frequency: step.target?.frequency ?? null });
          $('cue').textContent =
            step.kind === 'target' ? `Look at the flashing “${label}”` : 'Rest: look at the page, not at a square';
          const after = steps.slice(index + 1).reduce((s, x) => s + x.seconds, 0);
          let outcome: 'ok' | 'hidden' | 'cancelled' = 'ok';
          for (let s = step.seconds; s > 0 && outcome === 'ok'; s--) {
            $('cal-step').textContent =
              `Step ${index + 1} of ${steps.length} · ${s} s · about ${durationWords(after + s, true)} left`;
            outcome = await visibleWait(1000, () => cancelled);
            $<HTMLProgressElement>('cal-progress').value = (total - after - s + 1) / total;
          }
          if (outcome === 'hidden') {
            if (annotation) interrupted.push(annotation);
            stage.show(undefined);
            await tell({ to: 'offscreen', type: 'gaze', frequency: null });
            $('cue').textContent = document.hidden
              ? 'Paused while this tab is hidden: the step starts again when you come back.'
              : `Paused. ${gate.why ?? ''} The step starts again after that.`;
            $('cal-step').textContent = `Paused at step ${index + 1} of ${steps.length}`;
            await untilVisible(() => cancelled);
            continue;
          }
          if (outcome === 'ok') index++;
        }
        await tell({ to: 'offscreen', type: 'gaze', frequency: null });
        stage.stop();
        $('stage').hidden = true;
        $('cal-progress').hidden = true;
        await ask({ to: 'offscreen', type: 'record-stop' });
        recording = false;
        button('cal-start').disabled = false;
        button('cal-cancel').disabled = true;
        $('cal-step').textContent = '';
        if (cancelled) {
          $('cue').textContent = 'Calibration cancelled. Nothing was changed.';
          return;
        }
        $('cue').textContent = 'Working out the result (a few seconds)…';
        const rec = await loadRecording(started.id);
        const dropped = (a: Annotation) => interrupted.some((b) => b.onset === a.onset && b.label === a.label);
        const worker = new Worker(new URL('../offscreen/pipeline.worker.ts', import.meta.url), { type: 'module' });
        const result = await new Promise<FromWorker>((resolve) => {
          worker.onmessage = (e: MessageEvent<FromWorker>) => resolve(e.data);
          worker.postMessage(
            {
              type: 'calibrate',
              recording: {
                channels: rec.channels.map((c) => c.label),
                sampleRate: rec.sampleRate,
                data: rec.data,
                annotations: rec.annotations.filter((a) => !dropped(a)),
              },
              targets: settings.layout.targets.map((t) => ({ label: t.label, frequency: t.frequency })),
              mains: settings.mains,
            },
            rec.data.map((c) => c.buffer),
          );
        });
        worker.terminate();
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
        const figures = figuresOf(result.profile, settings.layout.targets.length, result.report);
        const verdict = calibrationVerdict(figures);
        $('cue').textContent = 'Calibration finished: the result is below.';
        setResult(outcome(verdict, result.profile.calibration, result.suggestion));
        pending = { profile: result.profile, verdict, figures, device };
        offerSave(true);
        button('cal-save').focus();
      },
      (reason, w) => {
        // Whatever failed, the page must be ready for another try.
        if (recording) void tell({ to: 'offscreen', type: 'record-stop' });
        recording = false;
        $('stage').hidden = true;
        $('cal-progress').hidden = true;
        button('cal-start').disabled = false;
        button('cal-cancel').disabled = true;
        setResult(para(`${w} failed: ${reason}.`, 'error'));
      },
    ),
  );

  button('cal-save').addEventListener(
    'click',
    handled(
      'Saving the calibration',
      async () => {
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
      },
      (reason, w) => setResult(para(`${w} failed: ${reason}.`, 'error')),
    ),
  );
}

function outcome(v: CalibrationVerdict, c: Profile['calibration'], suggestion: string): HTMLElement {
  const box = document.createElement('div');
  box.id = 'cal-outcome';
  box.className = `verdict ${v.verdict}`;
  box.dataset.verdict = v.verdict;
  const h = Object.assign(document.createElement('h3'), { textContent: v.headline });
  box.append(h, para(v.text));
  if (v.targets.length) {
    const ul = document.createElement('ul');
    ul.append(...v.targets.map((t) => Object.assign(document.createElement('li'), { textContent: t.text })));
    box.append(ul);
  }
  const details = document.createElement('details');
  details.append(
    Object.assign(document.createElement('summary'), { textContent: 'Details (for technicians)' }),
    para(
      c?.cvAccuracy !== undefined
        ? `Personal model (fbcca-lda) kept. Cross-validated accuracy: ${(100 * c.cvAccuracy).toFixed(0)} % of windows (${c.windows} windows, target and rest, 5 folds by trial); rest windows that would fire: ${(100 * (c.cvRestFired ?? 0)).toFixed(1)} %.`
        : 'Personal model not kept: the standard (training-free) detector, tuned to this calibration, is used.',
    ),
    para(
      `Chance among ${Math.round(1 / v.chance)} targets: ${(100 * v.chance).toFixed(0)} %. Classifier's note: ${suggestion}`,
    ),
  );
  box.append(details);
  return box;
}

/** The calibration's own stimulus: one target at a time, frame-accurate like the content script's. */
class Stage {
  private raf = 0;
  private clock?: FrameClock;
  private rate = 60;
  private target?: StimulusTarget;
  private readonly square: HTMLDivElement;
  private readonly name: HTMLDivElement;

  constructor(
    private readonly host: HTMLElement,
    private readonly gate: FlickerGate,
  ) {
    this.square = Object.assign(document.createElement('div'), { className: 'target' });
    // The name sits under the square in dark text: readable, and it does not flicker.
    this.name = Object.assign(document.createElement('div'), { className: 'target-name' });
  }

  async start(): Promise<void> {
    this.rate = await measureRefreshRate(20);
    this.clock = new FrameClock(this.rate);
    this.host.replaceChildren(this.square, this.name);
    const frame = (ts: number) => {
      const { frame: n } = this.clock!.next(ts);
      const level = this.target ? this.gate.level(this.target.frequency, n, this.rate) : null;
      // Held still (the gate is closed): hidden, not a steady square someone might stare at for nothing.
      this.square.style.opacity = level === null ? '0' : level.toFixed(4);
      this.raf = requestAnimationFrame(frame);
    };
    this.raf = requestAnimationFrame(frame);
  }

  show(t: StimulusTarget | undefined): void {
    this.target = t;
    this.name.textContent = t?.label ?? '';
    this.square.style.background = t?.color ?? 'transparent';
  }

  stop(): void {
    cancelAnimationFrame(this.raf);
    this.host.replaceChildren();
  }
}
