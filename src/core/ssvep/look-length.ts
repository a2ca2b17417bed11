/**
 * How long the training-free detector looks, and how much evidence it
 * needs, for the headset it is given (issue 19, item 1).
 *
 * A look is an analysis window, the sub-bands it is split into, the z a
 * window's best target needs and how many agreeing windows make a
 * selection. On few channels the filter bank's higher sub-bands hold
 * mostly broadband electrode noise, and chance runs of agreeing windows are
 * longer: one band and a stronger z per window. Longer windows (3-4 s)
 * selected more on three channels but fired on the simulator's rest and
 * took the previous look into the next (docs/evaluation.md, "Look length").
 *
 * Measured on ssvep-exo's eight channels for a full cap and its Oz/O1/O2
 * reduced to a dry 3-channel headset for few channels, each look eligible
 * only if silent for 30 minutes on every simulated rest run. The in-band
 * noise after the notch (first sub-band RMS) did not tell the two apart
 * (2.7-6.5 uV on both), nor did the rate (250 or 256 Hz): channel count
 * does.
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
  /** Learn a prototype spatial filter during use (SpatialPrototype); absent: no. */
  prototype?: boolean;
}

/** Channels up to which a headset gets the few-channel look (Explore 3, Ganglion 4; measured on 3 and 4). */
export const FEW_CHANNELS = 4;

/**
 * Five or more channels (a gel cap over the visual cortex, the Muse with its
 * POz): what `npm run evaluate` chooses, counting wrong selections. On
 * ssvep-exo's six people it halves them against z >= 3 in 8 windows (11.0 %
 * to 5.5 %) for 0.06 fewer hits, and on the Muse headband's sessions it has
 * 0 % wrong against 18.3 % (docs/evaluation.md).
 */
export const FULL_CAP_LOOK: Look = { window: 2, bands: 3, threshold: 4.5, agree: 6, prototype: false };

/** 1-4 channels, dry or otherwise: one band, and a stronger z in every agreeing window. */
export const FEW_CHANNEL_LOOK: Look = { window: 2, bands: 1, threshold: 3.5, agree: 8, prototype: false };

/** The look for a headset of `channelCount` channels. */
export function lookFor(channelCount: number): Look {
  return channelCount <= FEW_CHANNELS ? FEW_CHANNEL_LOOK : FULL_CAP_LOOK;
}
