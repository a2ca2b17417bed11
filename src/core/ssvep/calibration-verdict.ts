/**
 * What a calibration result means, in words a carer can act on: a verdict
 * (good / usable / too low), the result against guessing, and a word per
 * target when per-target figures exist. Also decides when saving a result
 * needs the carer to confirm (it is worse than the one in use, or too low).
 *
 * Two figures can be judged. 'looks' (preferred): the share of the windows
 * in which the person looked at a square where that square scored highest
 * (forced choice); guessing gets exactly 1 / number of targets. 'windows':
 * the cross-validated share of all windows classified right, rest included;
 * doing nothing is right at rest, so a person who never looks at a square
 * still scores about the share of rest windows (~50 % with the default
 * schedule). Either way the bars sit well above guessing: half-way
 * ('usable') and three quarters of the way ('good') from guessing to perfect.
 */

export type Verdict = 'good' | 'usable' | 'too-low';
export type Reliability = 'reliable' | 'sometimes-missed' | 'not-recognised';

export interface TargetFigure {
  label: string;
  /** Share (0-1) of this target's windows recognised as this target. */
  accuracy: number;
  /** False when the calibration found it too weak or too often confused to act on readily (strictest threshold). */
  reliable?: boolean;
  /** True when it does not stand out from rest at all: the calibration keeps it silent. */
  silent?: boolean;
}

export interface CalibrationFigures {
  /** Share (0-1) judged: see `measure`. */
  accuracy: number;
  /** 'looks': forced choice over the looks at squares; 'windows' (default): all windows, rest included. */
  measure?: 'looks' | 'windows';
  /** How many targets the person chose between. */
  targets: number;
  /** Share (0-1) of rest windows that would have selected something. */
  restFired?: number;
  perTarget?: TargetFigure[];
  /** The check-in found four squares too many, and this one standing out from rest: propose one switch. */
  oneSwitch?: { label: string; frequency: number };
}

export interface TargetWords {
  label: string;
  reliability: Reliability;
  text: string;
}

export interface CalibrationVerdict {
  verdict: Verdict;
  /** Share (0-1) that guessing among the targets gets. */
  chance: number;
  /** Lowest accuracy (0-1) for 'usable' and for 'good'. */
  usableFrom: number;
  goodFrom: number;
  /** One line: the verdict and what to do. */
  headline: string;
  /** The result in plain words, with the chance level. */
  text: string;
  targets: TargetWords[];
  /** One switch is proposed (see CalibrationFigures.oneSwitch), in words, with the square to use. */
  oneSwitch?: { label: string; frequency: number; text: string };
}

/** Rest windows that may fire before a result stops being 'good'. */
export const REST_FIRED_LIMIT = 0.1;
const RELIABLE = 0.8;
const SOMETIMES = 0.5;

const outOf100 = (x: number) => Math.round(100 * Math.max(0, Math.min(1, x)));

function targetWords(t: TargetFigure): TargetWords {
  // The calibration keeps such a square silent, whatever its share: say so.
  if (t.silent)
    return {
      label: t.label,
      reliability: 'not-recognised',
      text: `${t.label}: response too weak (${outOf100(t.accuracy)} of 100): it will stay silent. Check the headset, or give it another frequency in Settings.`,
    };
  // It stands out from rest but is confused with other squares: the strictest threshold, not silence.
  if (t.reliable === false)
    return {
      label: t.label,
      reliability: 'not-recognised',
      text: `${t.label}: often taken for another square (${outOf100(t.accuracy)} of 100): it will need a long, steady look. Give it another frequency in Settings.`,
    };
  if (t.accuracy >= RELIABLE)
    return { label: t.label, reliability: 'reliable', text: `${t.label}: reliable (${outOf100(t.accuracy)} of 100).` };
  if (t.accuracy >= SOMETIMES)
    return {
      label: t.label,
      reliability: 'sometimes-missed',
      text: `${t.label}: sometimes missed (${outOf100(t.accuracy)} of 100): it may need a longer look.`,
    };
  return {
    label: t.label,
    reliability: 'not-recognised',
    text: `${t.label}: not recognised (${outOf100(t.accuracy)} of 100): avoid it, or give it another frequency in Settings.`,
  };
}

export function calibrationVerdict(f: CalibrationFigures): CalibrationVerdict {
  if (!Number.isInteger(f.targets) || f.targets < 2)
    throw new RangeError(`targets must be 2 or more, got ${f.targets}`);
  if (!(f.accuracy >= 0 && f.accuracy <= 1)) throw new RangeError(`accuracy must be 0-1, got ${f.accuracy}`);
  const chance = 1 / f.targets;
  const usableFrom = chance + 0.5 * (1 - chance);
  const goodFrom = chance + 0.75 * (1 - chance);
  const targets = (f.perTarget ?? []).map(targetWords);
  const weak = targets.filter((t) => t.reliability === 'not-recognised');
  const restFires = (f.restFired ?? 0) > REST_FIRED_LIMIT;

  let verdict: Verdict = f.accuracy >= goodFrom ? 'good' : f.accuracy >= usableFrom ? 'usable' : 'too-low';
  // A good average can hide a square that never works, or a person at rest that triggers actions.
  if (verdict === 'good' && (weak.length > 0 || restFires)) verdict = 'usable';

  const result =
    f.measure === 'looks'
      ? `When the person looked at a square, it recognised the right square ${outOf100(f.accuracy)} times out of 100.`
      : `Out of 100 moments, it told correctly what the person was doing (looking at a square, or resting) ${outOf100(f.accuracy)} times.`;
  const text =
    `${result} Guessing among the ${f.targets} squares would be right ` +
    `${outOf100(chance)} times out of 100; "usable" needs ${outOf100(usableFrom)}, "good" ${outOf100(goodFrom)}.`;

  const reasons: string[] = [];
  if (weak.length > 0)
    reasons.push(`${weak.map((t) => t.label).join(', ')} ${weak.length > 1 ? 'were' : 'was'} not recognised.`);
  if (restFires) reasons.push('It sometimes reacted while the person rested: lower the sensitivity in Settings.');

  const oneSwitch =
    f.oneSwitch && verdict !== 'good'
      ? {
          ...f.oneSwitch,
          text: `Four squares are too many for this signal now, but ${f.oneSwitch.label} (${f.oneSwitch.frequency} Hz) stands out from rest. Try one switch: only one square flickers, and the others are lit one after another; looking at the flickering square while a square is lit chooses it. It is slower, but one square against rest is much easier to recognise.`,
        }
      : undefined;

  const headline =
    verdict === 'good'
      ? 'Good: save it and start browsing.'
      : verdict === 'usable'
        ? ['Usable: it will work, but may be slow or miss sometimes.', ...reasons].join(' ')
        : oneSwitch
          ? `Too low for four squares, but ${oneSwitch.label} stands out: try one switch (below), or check the headset contact and try again.`
          : 'Too low: check the headset contact (the sensors at the back of the head must touch the skin), then try again.';
  return { verdict, chance, usableFrom, goodFrom, headline, text, targets, oneSwitch };
}

export interface ProfileSummary {
  name: string;
  /** Its cross-validated accuracy (0-1), when it was calibrated here. */
  accuracy?: number;
}

/**
 * Why saving `candidate` needs an explicit confirmation, or undefined when it
 * does not: a too-low result, or one worse than the profile in use.
 */
export function saveNeedsConfirmation(
  candidate: { accuracy: number; verdict: Verdict },
  active: ProfileSummary | undefined,
): string | undefined {
  const worse = active?.accuracy !== undefined && candidate.accuracy < active.accuracy;
  const inUse = active ? `"${active.name}" (${outOf100(active.accuracy ?? 0)} of 100)` : '';
  if (candidate.verdict === 'too-low' && worse)
    return `This result is too low and worse than the calibration in use, ${inUse}. Saving it would replace that one.`;
  if (candidate.verdict === 'too-low')
    return active
      ? `This result is too low. Saving it would replace the calibration in use, "${active.name}".`
      : 'This result is too low: browsing with it will often pick the wrong square or none.';
  if (worse)
    return `This result (${outOf100(candidate.accuracy)} of 100) is worse than the calibration in use, ${inUse}. Saving it would replace that one.`;
  return undefined;
}
