import type { ByteChunks } from './lines';
import type { StreamedRecording } from './streamed';
import { type Annotation, RecordingError } from './types';
import { type ClockFit, clockFits, onRecorderClock, RESET_SECONDS } from './xdf-clock';
import { XdfTag, xdfChunks } from './xdf-chunks';
import { channelUnits, parseStreamHeader, walkSamples, type XdfStreamInfo } from './xdf-stream';

/** A run of a regular stream's samples on one clock segment (one per Samples chunk): maps times to samples. */
interface Anchor {
  sample: number;
  count: number;
  /** First and last time stamps, on the stream's clock. */
  t0: number;
  t1: number;
  segment: number;
}

interface StreamScan {
  info: XdfStreamInfo;
  samples: number;
  anchors: Anchor[];
  /** Markers: every sample of a string or irregular stream. */
  marks: { time: number; label: string; segment: number }[];
  offsetTimes: number[];
  offsetValues: number[];
  lastTime?: number;
  segment: number;
}

/** What an XDF holds, read once through; `open` streams one of its streams as the recording. */
export interface XdfFile {
  streams: { info: XdfStreamInfo; samples: number }[];
  /** One line per stream, for `info`. */
  describe(): string[];
  /** The stream `name`, or the one of type EEG; a fault (string) when there is no such stream. */
  choose(name?: string): XdfStreamInfo | string;
  /** The chosen stream as the recording; other streams' markers as annotations on its sample time line. */
  open(name?: string): StreamedRecording;
}

const isMarkerStream = (info: XdfStreamInfo) => info.format === 'string' || info.nominalRate === 0;
/** Marker text as one line (an events table cell). */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export function describeStream(s: { info: XdfStreamInfo; samples: number }): string {
  const { info } = s;
  const rate = info.nominalRate > 0 ? `${info.nominalRate} Hz` : 'irregular';
  const held = s.samples === 0 ? 'empty' : `${s.samples} samples`;
  return `"${info.name}" (type ${info.type || 'none'}): ${info.channelCount} x ${info.format}, ${rate}, ${held}`;
}

export function scanXdf(source: ByteChunks, fileName: string): XdfFile {
  const fail = (fault: string): never => {
    throw new RecordingError(fileName, fault);
  };
  const scans = new Map<number, StreamScan>();
  const scanOf = (id: number, at: number) =>
    scans.get(id) ?? fail(`corrupt XDF: chunk at byte ${at} is for stream ${id}, which has no header`);
  for (const chunk of xdfChunks(source, fileName)) {
    if (chunk.tag === XdfTag.StreamHeader) {
      const xml = new TextDecoder().decode(chunk.body);
      const info = parseStreamHeader(chunk.stream, xml);
      if (typeof info === 'string') fail(`XDF stream header at byte ${chunk.at}: ${info}`);
      else
        scans.set(chunk.stream, {
          info,
          samples: 0,
          anchors: [],
          marks: [],
          offsetTimes: [],
          offsetValues: [],
          segment: 0,
        });
    } else if (chunk.tag === XdfTag.ClockOffset) {
      const s = scanOf(chunk.stream, chunk.at);
      if (chunk.body.byteLength < 16) fail(`corrupt XDF: clock offset chunk at byte ${chunk.at} is too short`);
      s.offsetTimes.push(chunk.body.getFloat64(0, true));
      s.offsetValues.push(chunk.body.getFloat64(8, true));
    } else if (chunk.tag === XdfTag.Samples) {
      const s = scanOf(chunk.stream, chunk.at);
      const marker = isMarkerStream(s.info);
      let anchor: Anchor | undefined;
      const fault = walkSamples(chunk.body, s.info, (stamp, values) => {
        const time = stamp ?? (s.lastTime ?? 0) + (s.info.nominalRate > 0 ? 1 / s.info.nominalRate : 0);
        if (s.lastTime !== undefined && time < s.lastTime - RESET_SECONDS) {
          s.segment++;
          anchor = undefined;
        }
        s.lastTime = time;
        if (marker) {
          const label = oneLine(Array.isArray(values) ? values.join(' ') : Array.from(values).join(' '));
          if (label !== '') s.marks.push({ time, label, segment: s.segment });
        } else {
          if (!anchor)
            s.anchors.push((anchor = { sample: s.samples, count: 0, t0: time, t1: time, segment: s.segment }));
          anchor.count++;
          anchor.t1 = time;
        }
        s.samples++;
      });
      if (fault) fail(`corrupt XDF: stream "${s.info.name}", chunk at byte ${chunk.at}: ${fault}`);
    }
  }
  if (scans.size === 0) fail('XDF file has no streams');
  const all = [...scans.values()];
  const fits = new Map<number, ClockFit[]>(all.map((s) => [s.info.id, clockFits(s.offsetTimes, s.offsetValues)]));

  const choose = (name?: string): XdfStreamInfo | string => {
    const list = all.map((s) => `"${s.info.name}"`).join(', ');
    if (name !== undefined) {
      const s = all.find((x) => x.info.name === name);
      if (!s) return `no stream named "${name}" (streams: ${list})`;
      if (isMarkerStream(s.info)) return `stream "${name}" is a marker stream, not a signal`;
      if (s.samples === 0) return `stream "${name}" is empty`;
      return s.info;
    }
    const eeg = all.filter((s) => s.info.type.toUpperCase() === 'EEG' && !isMarkerStream(s.info) && s.samples > 0);
    if (eeg.length === 1) return eeg[0].info;
    if (eeg.length > 1)
      return `several EEG streams (${eeg.map((s) => `"${s.info.name}"`).join(', ')}): choose one with --stream NAME`;
    return `no non-empty stream of type EEG (streams: ${list}): choose one with --stream NAME`;
  };

  return {
    streams: all.map((s) => ({ info: s.info, samples: s.samples })),
    describe: () => all.map(describeStream),
    choose,
    open(name) {
      const chosen = choose(name);
      if (typeof chosen === 'string') return fail(chosen);
      const eeg = scans.get(chosen.id)!;
      return openStream(source, fileName, eeg, all, fits);
    },
  };
}

function openStream(
  source: ByteChunks,
  fileName: string,
  eeg: StreamScan,
  all: StreamScan[],
  fits: Map<number, ClockFit[]>,
): StreamedRecording {
  const { info } = eeg;
  const rate = info.nominalRate;
  const eegFits = fits.get(info.id)!;
  const anchors = eeg.anchors.map((a) => ({
    ...a,
    c0: onRecorderClock(eegFits, a.segment, a.t0),
    c1: onRecorderClock(eegFits, a.segment, a.t1),
  }));
  /** The EEG sample at recorder time `t`, from the chunk around it. */
  const sampleAt = (t: number): number => {
    let k = 0;
    while (k + 1 < anchors.length && anchors[k + 1].c0 <= t) k++;
    const a = anchors[k];
    if (t >= a.c0 && t <= a.c1 && a.count > 1)
      return a.sample + Math.round(((t - a.c0) / (a.c1 - a.c0)) * (a.count - 1));
    const from = t < a.c0 ? { s: a.sample, c: a.c0 } : { s: a.sample + a.count - 1, c: a.c1 };
    return from.s + Math.round((t - from.c) * rate);
  };
  const annotations: Annotation[] = [];
  let outside = 0;
  for (const s of all) {
    if (s === eeg) continue;
    const f = fits.get(s.info.id)!;
    for (const m of s.marks) {
      const at = sampleAt(onRecorderClock(f, m.segment, m.time));
      if (at < 0 || at > eeg.samples) outside++;
      else annotations.push({ onset: at / rate, duration: 0, label: m.label });
    }
  }
  annotations.sort((a, b) => a.onset - b.onset);
  const units = channelUnits(info);
  const notes = all.map((s) => describeStream(s));
  if (outside > 0) notes.push(`${outside} markers fall outside "${info.name}" and are left out`);
  const resets = eeg.anchors.at(-1)!.segment;
  if (resets > 0)
    notes.push(`clock reset${resets > 1 ? 's' : ''} in "${info.name}": ${resets}, each segment synchronised apart`);
  return {
    format: `XDF, stream "${info.name}" (${info.channelCount} x ${info.format} at ${rate} Hz)`,
    channels: info.labels.map((label, c) => ({ label, unit: units[c].unit })),
    sampleRate: rate,
    samples: eeg.samples,
    annotations,
    lost: 0,
    notes,
    *chunks(size) {
      const n = info.channelCount;
      const fresh = () => Array.from({ length: n }, () => new Float32Array(size));
      let chunk = fresh();
      let filled = 0;
      const done: Float32Array[][] = [];
      for (const c of xdfChunks(source, fileName)) {
        if (c.tag !== XdfTag.Samples || c.stream !== info.id) continue;
        walkSamples(c.body, info, (_, values) => {
          for (let ch = 0; ch < n; ch++) chunk[ch][filled] = (values as Float64Array)[ch] * units[ch].factor;
          if (++filled === size) {
            done.push(chunk);
            chunk = fresh();
            filled = 0;
          }
        });
        yield* done.splice(0);
      }
      if (filled > 0) yield chunk.map((c) => c.subarray(0, filled));
    },
  };
}
