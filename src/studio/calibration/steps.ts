import { CalibrationRun, type RunEvent, type RunSnapshot } from '../../core/calibration/run';
import type { Step } from '../../core/calibration/schedule';
import { durationWords } from '../../core/calibration/schedule';
import type { Clock } from '../../core/devices/clock';
import type { Annotation } from '../../core/recording/types';
import type { FlickerGate } from '../../extension/flicker-gate';
import { $ } from '../../extension/dom';
import { ask, tell } from '../../extension/messaging';
import { Stage } from './stage';
import { squareName } from '../../core/protocol/layout';

/**
 * Stream time: a simulated headset sped up `speed` times sends a second of
 * EEG in 1/speed s, so its calibration's seconds pass as fast (the
 * recording, and so each step's annotation, counts stream seconds).
 */
export function streamClock(speed: number): Clock {
  return {
    now: () => performance.now() * speed,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms / speed)),
  };
}

export interface StepsResult {
  cancelled: boolean;
  /** The annotations of steps paused part-way: left out of the fit. */
  interrupted: Annotation[];
}

/**
 * Runs the calibration's steps on the page: the stage's square, the cue and
 * progress, one annotation per step in the running recording, the demo
 * headset's simulated gaze following the cue. Once `cancelled()` says so
 * (the Cancel button), it ends at the next poll.
 */
export async function runSteps(
  steps: readonly Step[],
  gate: FlickerGate,
  clock: Clock,
  cancelled: () => boolean,
): Promise<StepsResult> {
  const stage = new Stage($('stage'), gate);
  $('stage').hidden = false;
  $('cal-progress').hidden = false;
  $<HTMLProgressElement>('cal-progress').value = 0;
  await stage.start();
  const run = new CalibrationRun(steps, clock.now());
  /** The annotation of each attempt at a step, by attempt. */
  const annotations: (Annotation | null)[] = [];
  // The person cannot follow the cue: the tab is hidden, or the gate stops the flicker.
  const seen = () => !document.hidden && gate.open;
  const perform = async (e: RunEvent) => {
    if (e.type === 'step') {
      const label = e.step.kind === 'target' ? e.step.target!.label : 'rest';
      // The demo headset's simulated user follows the cue (a real person does by looking). Its gaze goes out
      // with the annotation, not a round trip later: on a sped-up stream a round trip is seconds of EEG.
      const gaze = tell({ to: 'offscreen', type: 'gaze', frequency: e.step.target?.frequency ?? null });
      annotations[e.attempt] = await ask({ to: 'offscreen', type: 'annotate', label, duration: e.step.seconds });
      await gaze;
      stage.show(e.step.kind === 'target' ? e.step.target : undefined);
      $('cue').textContent =
        e.step.kind === 'target'
          ? `Look at the flashing “${squareName(e.step.target!)}”`
          : 'Rest: look at the page, not at a square';
    } else if (e.type === 'paused') {
      stage.show(undefined);
      await tell({ to: 'offscreen', type: 'gaze', frequency: null });
      $('cue').textContent = document.hidden
        ? 'Paused while this tab is hidden: the step starts again when you come back.'
        : `Paused. ${gate.why ?? ''} The step starts again after that.`;
    }
  };
  try {
    while (!run.over) {
      if (cancelled()) run.cancel();
      for (const e of run.advance(clock.now(), seen())) await perform(e);
      show(run.snapshot(clock.now()));
      if (!run.over) await clock.sleep(run.phase === 'paused' ? 200 : 100);
    }
  } finally {
    await tell({ to: 'offscreen', type: 'gaze', frequency: null });
    stage.stop();
    $('stage').hidden = true;
    $('cal-progress').hidden = true;
  }
  const interrupted = run.interrupted.map((a) => annotations[a]).filter((a): a is Annotation => !!a);
  return { cancelled: run.phase === 'cancelled', interrupted };
}

function show(s: RunSnapshot): void {
  if (s.phase === 'step') {
    $('cal-step').textContent =
      `Step ${s.index + 1} of ${s.steps} · ${s.stepSecondsLeft} s · about ${durationWords(s.secondsLeft, true)} left`;
  } else if (s.phase === 'paused') {
    $('cal-step').textContent = `Paused at step ${s.index + 1} of ${s.steps}`;
  }
  $<HTMLProgressElement>('cal-progress').value = s.progress;
}
