import { ask } from '../extension/messaging';

/**
 * The call-for-help alarm: a two-tone pattern (high, low, high, low, then a
 * pause) repeated every few seconds until a carer answers. Made with
 * WebAudio, so the extension ships no sound file. It plays here because the
 * offscreen document lives as long as the browser, unlike the service
 * worker (which cannot play sound) or a page (which may be closed).
 */
const PATTERN: { hz: number; at: number; length: number }[] = [
  { hz: 880, at: 0, length: 0.3 },
  { hz: 660, at: 0.35, length: 0.3 },
  { hz: 880, at: 0.7, length: 0.3 },
  { hz: 660, at: 1.05, length: 0.3 },
];
const REPEAT_S = 2.5;
const VOLUME = 0.25;

let audio: AudioContext | undefined;
let timer: ReturnType<typeof setInterval> | undefined;

function playPattern(ctx: AudioContext): void {
  const start = ctx.currentTime + 0.05;
  for (const tone of PATTERN) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = tone.hz;
    const t0 = start + tone.at;
    const t1 = t0 + tone.length;
    // Short ramps: a tone switched on or off at full level clicks.
    gain.gain.setValueAtTime(0, t0);
    gain.gain.linearRampToValueAtTime(VOLUME, t0 + 0.02);
    gain.gain.setValueAtTime(VOLUME, t1 - 0.02);
    gain.gain.linearRampToValueAtTime(0, t1);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0);
    osc.stop(t1 + 0.01);
  }
}

/** Starts or stops the alarm; resolves with whether it plays now. */
export async function setHelpAlarm(on: boolean): Promise<boolean> {
  if (!on) {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    // A context that cannot suspend is closed or broken: either way it is silent.
    await audio?.suspend().catch((e: unknown) => console.warn('[BrainBrowsR] alarm: could not pause the sound', e));
    return false;
  }
  audio ??= new AudioContext();
  // Without a user gesture the browser may refuse; the reply says the alarm does not play, and the notification still shows.
  await audio.resume().catch((e: unknown) => console.warn('[BrainBrowsR] alarm: the browser did not let it play', e));
  if (timer === undefined) {
    const ctx = audio;
    playPattern(ctx);
    timer = setInterval(() => playPattern(ctx), REPEAT_S * 1000);
  }
  return audio.state === 'running';
}

/** A document (re)created during a call picks the alarm up again ('help-alarm' messages go through the handler map). */
export function resumeHelpAlarm(): void {
  ask({ to: 'background', type: 'get-help' })
    .then((h) => (h.calledAt !== undefined ? setHelpAlarm(true) : undefined))
    .catch((e: unknown) => console.warn('[BrainBrowsR] alarm: could not learn whether help was called', e));
}
