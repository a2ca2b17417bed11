import type { Recording } from '../recording/types';

/**
 * One person's recordings streamed back to back as one session, as in use:
 * the detector's start-up (filters settling, learning the resting signal)
 * is paid once, and whatever adapts during use keeps what it learnt from
 * one run to the next. Annotations move with their run. Every recording
 * must come from the same headset (channels and rate).
 */
export function backToBack(recordings: Recording[]): Recording {
  const first = recordings[0];
  if (!first) throw new RangeError('a session needs at least one recording');
  const labels = first.channels.map((c) => c.label).join(',');
  for (const r of recordings) {
    if (r.sampleRate !== first.sampleRate || r.channels.map((c) => c.label).join(',') !== labels) {
      throw new RangeError(
        `recordings of one session must share channels and rate: ${labels} at ${first.sampleRate} Hz, not ${r.channels.map((c) => c.label).join(',')} at ${r.sampleRate} Hz`,
      );
    }
  }
  const annotations: Recording['annotations'] = [];
  let offset = 0;
  for (const r of recordings) {
    for (const a of r.annotations) annotations.push({ ...a, onset: a.onset + offset });
    offset += (r.data[0]?.length ?? 0) / r.sampleRate;
  }
  const data = first.data.map((_, c) => {
    const out = new Float32Array(recordings.reduce((n, r) => n + r.data[c].length, 0));
    let at = 0;
    for (const r of recordings) {
      out.set(r.data[c], at);
      at += r.data[c].length;
    }
    return out;
  });
  return { ...first, data, annotations };
}
