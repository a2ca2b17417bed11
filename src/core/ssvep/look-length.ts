/**
 * How long the training-free detector looks, and how much evidence it
 * needs, for the headset it is given (issue 19, item 1).
 *
 * A look is an analysis window, the sub-bands it is split into, the z a
 * window's best target needs and how many agreeing windows make a
 * selection. Few channels carry less SSVEP per window against the same
 * background, so they need a longer window (more cycles of the flicker
 * against the same noise), and their higher harmonics sit in broadband
 * electrode noise, so splitting the band buys them nothing. With eight or
 * more channels of gel a 2 s window already carries the look.
 *
 * Each class's look is chosen leave-one-subject-out by `npm run evaluate`
 * for a false-activation budget (docs/evaluation.md, "Look length"):
 * ssvep-exo's eight channels for a full cap, its Oz/O1/O2 reduced to a dry
 * 3-channel headset for few channels. The in-band noise measured after the
 * notch (first sub-band RMS) did not tell the two apart (2.7-6.5 uV on
 * both), nor did the rate (250 or 256 Hz): channel count does.
 */
export interface Look {
  /** Analysis window, seconds. */
  window: number;
  /** Filter-bank sub-bands (1: one band from just below the lowest target to above the highest harmonic). */
  bands: number;
  /** z a window's best target needs to vote. */
  threshold: number;
  /** Agreeing windows a selection needs (windows at twice the threshold count double). */
  agree: number;
}

/** Channels up to which a headset gets the few-channel look (Explore 3, Ganglion 4, a headband's 4 + 1). */
export const FEW_CHANNELS = 5;

/** Eight or more gel channels over the visual cortex. */
export const FULL_CAP_LOOK: Look = { window: 2, bands: 3, threshold: 3, agree: 8 };

/** 1-5 channels, dry or otherwise. */
export const FEW_CHANNEL_LOOK: Look = { window: 3, bands: 1, threshold: 3, agree: 8 };

/** The look for a headset of `channelCount` channels. */
export function lookFor(channelCount: number): Look {
  return channelCount <= FEW_CHANNELS ? FEW_CHANNEL_LOOK : FULL_CAP_LOOK;
}
