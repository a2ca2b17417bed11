import type { StimulusTarget } from '../core/protocol/layout';
import type { FromWorker, Settings, StreamStatus } from '../core/protocol/messages';
import type { Profile } from '../core/ssvep/profile';
import { FrameClock, luminance, measureRefreshRate } from '../content/stimulus-clock';
import { activateProfile, deleteProfile, listProfiles, loadRecording, saveProfile } from '../extension/recordings-db';
import { $, getSettings, toBackground, toOffscreen } from './messaging';

/**
 * Guided calibration: cue each target for a few trials with rest trials in
 * between, record the EEG with one annotation per trial, fit the user's
 * profile in a worker with the core calibration, show the outcome, save on
 * request. Trial count and length come from ?trials=&seconds= (defaults fit
 * in 3 minutes for 4 targets).
 */
const params = new URLSearchParams(location.search);
const TRIALS = Number(params.get('trials') ?? 3);
const SECONDS = Number(params.get('seconds') ?? 5);
const REST = Number(params.get('rest') ?? SECONDS);

interface Step {
  kind: 'target' | 'rest';
  target?: StimulusTarget;
  seconds: number;
}

function schedule(targets: StimulusTarget[]): Step[] {
  const steps: Step[] = [];
  for (let r = 0; r < TRIALS; r++) {
    // A different order each round, so no target always follows the same one.
    const order = targets.map((_, i) => targets[(i + r) % targets.length]);
    for (const t of order) {
      steps.push({ kind: 'target', target: t, seconds: SECONDS });
      steps.push({ kind: 'rest', seconds: REST });
    }
  }
  return steps;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function renderProfiles(): Promise<void> {
  const list = await listProfiles();
  $('profiles').replaceChildren(
    ...list.map((p) => {
      const tr = document.createElement('tr');
      const td = (text: string) => Object.assign(document.createElement('td'), { textContent: text });
      const actions = document.createElement('td');
      const use = document.createElement('button');
      use.textContent = p.active ? 'Active' : 'Use';
      use.disabled = p.active;
      use.addEventListener('click', async () => {
        await activateProfile(p.id!);
        await toOffscreen({ to: 'offscreen', type: 'profile-changed' });
        await renderProfiles();
      });
      const del = document.createElement('button');
      del.textContent = 'Delete';
      del.addEventListener('click', async () => {
        if (!confirm(`Delete "${p.name}"?`)) return;
        await deleteProfile(p.id!);
        await toOffscreen({ to: 'offscreen', type: 'profile-changed' });
        await renderProfiles();
      });
      actions.append(use, ' ', del);
      const acc = p.profile.calibration?.cvAccuracy;
      tr.append(
        td(p.name),
        td(p.device),
        td(new Date(p.createdAt).toLocaleString()),
        td(acc === undefined ? '-' : `${(100 * acc).toFixed(0)} %`),
        actions,
      );
      return tr;
    }),
  );
}

export async function initCalibration(): Promise<void> {
  void renderProfiles();
  const settings: Settings = await getSettings();
  const steps = schedule(settings.layout.targets);
  $('cal-length').textContent = String(Math.ceil(steps.reduce((s, x) => s + x.seconds, 2) / 60));
  let cancelled = false;
  let pending: { profile: Profile; recordingId: number } | undefined;

  $('cal-cancel').addEventListener('click', () => (cancelled = true));
  $('cal-start').addEventListener('click', async () => {
    cancelled = false;
    pending = undefined;
    $('cal-save').hidden = true;
    $('cal-result').textContent = '';
    const status = (await toBackground<StreamStatus>({ to: 'background', type: 'get-status' })) ?? undefined;
    if (status?.state !== 'streaming') {
      $('cal-result').innerHTML = '';
      $('cal-result').append(
        Object.assign(document.createElement('p'), {
          className: 'error',
          textContent: 'No headset data: connect a headset first.',
        }),
      );
      return;
    }
    const started = await toOffscreen<{ id?: number; error?: string }>({
      to: 'offscreen',
      type: 'record-start',
      name: `Calibration ${new Date().toLocaleString()}`,
    });
    if (!started?.id) {
      $('cal-result').textContent = started?.error ?? 'Could not start recording.';
      return;
    }
    ($('cal-start') as HTMLButtonElement).disabled = true;
    ($('cal-cancel') as HTMLButtonElement).disabled = false;
    const stage = new Stage($('stage'));
    await stage.start();
    const total = steps.reduce((s, x) => s + x.seconds, 0);
    let done = 0;
    await sleep(1000);
    for (const step of steps) {
      if (cancelled) break;
      const label = step.kind === 'target' ? step.target!.label : 'rest';
      await toOffscreen({ to: 'offscreen', type: 'annotate', label, duration: step.seconds });
      stage.show(step.kind === 'target' ? step.target! : undefined);
      // The simulated headset's user follows the cue (a real user does by looking).
      await toOffscreen({ to: 'offscreen', type: 'gaze', frequency: step.target?.frequency ?? null });
      for (let s = step.seconds; s > 0; s--) {
        if (cancelled) break;
        $('cue').textContent =
          step.kind === 'target'
            ? `Look at the flashing “${label}” (${s})`
            : `Rest: look at the page, not at a square (${s})`;
        await sleep(1000);
        done++;
        ($('cal-progress') as HTMLProgressElement).value = done / total;
      }
    }
    await toOffscreen({ to: 'offscreen', type: 'gaze', frequency: null });
    stage.stop();
    await toOffscreen({ to: 'offscreen', type: 'record-stop' });
    ($('cal-start') as HTMLButtonElement).disabled = false;
    ($('cal-cancel') as HTMLButtonElement).disabled = true;
    if (cancelled) {
      $('cue').textContent = 'Calibration cancelled.';
      return;
    }
    $('cue').textContent = 'Fitting the classifier to this user…';
    const rec = await loadRecording(started.id);
    const worker = new Worker(new URL('../offscreen/pipeline.worker.ts', import.meta.url), { type: 'module' });
    const result = await new Promise<FromWorker>((resolve) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.postMessage(
        {
          type: 'calibrate',
          recording: {
            channels: rec.channels.map((c) => c.label),
            sampleRate: rec.sampleRate,
            data: rec.data,
            annotations: rec.annotations,
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
      $('cal-result').textContent =
        `Calibration failed: ${result.type === 'error' ? result.message : 'unexpected answer'}`;
      return;
    }
    const c = result.profile.calibration;
    $('cue').textContent = 'Calibration finished.';
    $('cal-result').replaceChildren(
      Object.assign(document.createElement('p'), {
        id: 'cal-outcome',
        textContent: `Cross-validated accuracy: ${(100 * (c?.cvAccuracy ?? 0)).toFixed(0)} % of windows; rest windows that would fire: ${(100 * (c?.cvRestFired ?? 0)).toFixed(1)} %.`,
      }),
      Object.assign(document.createElement('p'), { textContent: result.suggestion }),
    );
    pending = { profile: result.profile, recordingId: started.id };
    $('cal-save').hidden = false;
  });

  $('cal-save').addEventListener('click', async () => {
    if (!pending) return;
    const status = await toBackground<StreamStatus>({ to: 'background', type: 'get-status' });
    await saveProfile({
      name: `Calibration ${new Date().toLocaleString()}`,
      device: status?.device ?? 'simulated',
      profile: pending.profile,
    });
    await toOffscreen({ to: 'offscreen', type: 'profile-changed' });
    $('cal-save').hidden = true;
    $('cal-result').append(
      Object.assign(document.createElement('p'), {
        className: 'ok',
        id: 'cal-saved',
        textContent: 'Saved: this calibration is used from now on.',
      }),
    );
  });
}

/** The calibration's own stimulus: one target at a time, frame-accurate like the content script's. */
class Stage {
  private raf = 0;
  private clock?: FrameClock;
  private rate = 60;
  private target?: StimulusTarget;
  private readonly el: HTMLDivElement;

  constructor(private readonly host: HTMLElement) {
    this.el = document.createElement('div');
    this.el.className = 'target';
    this.el.style.left = 'calc(50% - 60px)';
    this.el.style.top = '70px';
  }

  async start(): Promise<void> {
    this.rate = await measureRefreshRate(20);
    this.clock = new FrameClock(this.rate);
    this.host.replaceChildren(this.el);
    const frame = (ts: number) => {
      const { frame: n } = this.clock!.next(ts);
      this.el.style.opacity = this.target ? luminance(this.target.frequency, n, this.rate).toFixed(4) : '0';
      this.raf = requestAnimationFrame(frame);
    };
    this.raf = requestAnimationFrame(frame);
  }

  show(t: StimulusTarget | undefined): void {
    this.target = t;
    this.el.textContent = t?.label ?? '';
    this.el.style.background = t?.color ?? 'transparent';
  }

  stop(): void {
    cancelAnimationFrame(this.raf);
    this.host.replaceChildren();
  }
}
