import type { Annotation, Recording } from './types';

/**
 * Writes a recording as continuous BDF+ (24-bit) or EDF+ (16-bit), by
 * default with one record per second and the annotations as TALs. The digital range is the
 * full integer range and the physical range is fitted to the data (kept
 * symmetric), so quantisation error is at most half a step of range/2^24.
 */
export interface EdfWriteOptions {
  format?: 'BDF' | 'EDF';
  patient?: string;
  /** "dd.mm.yy hh.mm.ss"; defaults to the recording's or 01.01.00 00.00.00 */
  startTime?: string;
  /** Samples per channel in a data record (default: one second's worth); its duration must print exactly. */
  recordSamples?: number;
  /** A plain EDF/BDF without an annotation signal, as older devices write (no annotations then). */
  plain?: boolean;
  /**
   * A discontinuous +D file: record r starts at recordStart(r) seconds
   * (increasing; samples are still stored back to back).
   */
  recordStart?: (r: number) => number;
}

const enc = new TextEncoder();

function pad(value: string, width: number): string {
  const ascii = value.replace(/[^\x20-\x7e]/g, '?');
  if (ascii.length > width) return ascii.slice(0, width);
  return ascii + ' '.repeat(width - ascii.length);
}

/** Numbers in 8 ASCII characters, as precise as the field allows. */
function num8(v: number): string {
  if (Number.isInteger(v) && String(v).length <= 8) return pad(String(v), 8);
  for (let digits = 7; digits >= 0; digits--) {
    const s = v.toFixed(digits);
    if (s.length <= 8) return pad(s, 8);
  }
  return pad(v.toExponential(2), 8);
}

function talBytes(onset: number, duration: number | undefined, texts: string[]): Uint8Array {
  const sign = onset >= 0 ? '+' : '-';
  const timing =
    `${sign}${Math.abs(onset)
      .toFixed(6)
      .replace(/\.?0+$/, '')}` + (duration !== undefined ? `\x15${duration}` : '');
  const tal = `${timing}\x14${texts.map((t) => t + '\x14').join('')}\x00`;
  // Most TALs are ASCII (every record's time-keeping one): copied byte by byte, cheaper than an encoder call.
  const out = new Uint8Array(tal.length);
  for (let i = 0; i < tal.length; i++) {
    const c = tal.charCodeAt(i);
    if (c >= 0x80) return enc.encode(tal);
    out[i] = c;
  }
  return out;
}

/** What a writer needs to know before the samples: the header is written first. */
export interface EdfPlanInput {
  channels: Recording['channels'];
  sampleRate: number;
  /** Samples per channel in the whole recording. */
  samples: number;
  annotations: Annotation[];
  description?: string;
  /** Largest absolute value per channel (the physical range is fitted to it). */
  maxAbs: number[];
}

export interface EdfPlan {
  header: Uint8Array;
  recordCount: number;
  samplesPerRecord: number;
  recordBytes: number;
  /**
   * Record `r` from its samples (up to samplesPerRecord per channel; the last
   * record is padded by repeating the last sample).
   */
  encodeRecord(r: number, data: ArrayLike<number>[]): Uint8Array;
}

/** Largest absolute value per channel of `data`, folded into `into`. */
export function foldMaxAbs(into: number[], data: ArrayLike<number>[]): number[] {
  data.forEach((ch, c) => {
    let m = into[c] ?? 0;
    for (let i = 0; i < ch.length; i++) {
      const a = Math.abs(ch[i]);
      if (a > m) m = a;
    }
    into[c] = m;
  });
  return into;
}

/** The last of `count` records (starts increasing) that starts at or before `t`, or 0. */
function lastStartingBy(t: number, count: number, start: (r: number) => number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (start(mid) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Plans a BDF+/EDF+ file so that it can be written record by record (a long
 * recording never has to be in memory).
 */
export function planEdf(input: EdfPlanInput, options: EdfWriteOptions = {}): EdfPlan {
  const format = options.format ?? 'BDF';
  const bps = format === 'BDF' ? 3 : 2;
  const digMax = format === 'BDF' ? 8388607 : 32767;
  const digMin = -digMax - 1;
  const fs = input.sampleRate;
  const samplesPerRecord = options.recordSamples ?? Math.round(fs);
  const recordDuration = samplesPerRecord / fs;
  const exact = options.recordSamples === undefined || Number(num8(recordDuration)) === recordDuration;
  if (!(samplesPerRecord >= 1) || !exact) {
    throw new Error(`${samplesPerRecord} samples at ${fs} Hz make a record duration the header cannot hold exactly`);
  }
  if (options.plain && (input.annotations.length > 0 || options.recordStart)) {
    throw new Error('a plain EDF/BDF has no annotation signal: it cannot hold annotations or record start times');
  }
  const recordStart = options.recordStart ?? ((r: number) => r * recordDuration);
  const total = input.samples;
  const recordCount = Math.max(1, Math.ceil(total / samplesPerRecord));
  if (recordCount > 99_999_999) {
    throw new Error(`${recordCount} data records do not fit the header's 8 digits: use longer records`);
  }

  // Annotation TALs per record: each in the record holding its onset.
  const perRecord = new Map<number, Annotation[]>();
  for (const a of input.annotations) {
    const r = options.recordStart
      ? lastStartingBy(a.onset, recordCount, options.recordStart)
      : Math.min(recordCount - 1, Math.max(0, Math.floor(a.onset / recordDuration)));
    const list = perRecord.get(r) ?? [];
    list.push(a);
    perRecord.set(r, list);
  }
  const recordTals = (r: number) => {
    const parts = [talBytes(recordStart(r), undefined, [''])];
    for (const a of perRecord.get(r) ?? []) parts.push(talBytes(a.onset, a.duration, [a.label]));
    const len = parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(len);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  // The widest record's TALs set the annotation signal's size. A record with
  // only its time-keeping TAL is at most as wide as the onset with six decimals.
  const lastStart = Math.max(recordCount * recordDuration, recordStart(recordCount - 1) + recordDuration);
  let annBytes = enc.encode(`+${Math.floor(lastStart)}.000000\x14\x14\x00`).length;
  for (const r of perRecord.keys()) annBytes = Math.max(annBytes, recordTals(r).length);
  annBytes += 1;
  const annSamples = options.plain ? 0 : Math.ceil(annBytes / bps);

  const nch = input.channels.length;
  const ns = options.plain ? nch : nch + 1;
  const headerBytes = 256 * (ns + 1);
  const ranges = input.channels.map((_, c) => {
    const m = input.maxAbs[c] ?? 0;
    // A header field holds 8 characters: round the range up to something printable.
    // The negative limit has one character less for digits: fit the range to it
    // so that both limits are printed exactly and the mapping stays symmetric.
    const r = m > 0 ? m * 1.0001 : 1;
    const p = -Number(num8(-r));
    return p >= r ? p : -Number(num8(-r * 1.001));
  });
  const label = format === 'BDF' ? 'BDF Annotations' : 'EDF Annotations';
  const start = options.startTime ?? '01.01.00 00.00.00';
  let h = '';
  h += format === 'BDF' ? 'xBIOSEMI' : pad('0', 8);
  h += pad(options.patient ?? 'X X X X', 80);
  h += pad(`Startdate X X X ${input.description ?? 'brainbrowsr'}`.slice(0, 80), 80);
  h += start.slice(0, 8) + start.slice(9, 17);
  h += pad(String(headerBytes), 8);
  h += pad(options.plain ? '' : options.recordStart ? `${format}+D` : `${format}+C`, 44);
  h += pad(String(recordCount), 8);
  h += num8(recordDuration);
  h += pad(String(ns), 4);
  const sigField = (f: (i: number) => string, w: number) => {
    for (let i = 0; i < ns; i++) h += pad(f(i), w);
  };
  const isAnn = (i: number) => !options.plain && i === ns - 1;
  sigField((i) => (isAnn(i) ? label : input.channels[i].label), 16);
  sigField(() => '', 80);
  sigField((i) => (isAnn(i) ? '' : input.channels[i].unit), 8);
  sigField((i) => (isAnn(i) ? '-1' : num8(-ranges[i])), 8);
  sigField((i) => (isAnn(i) ? '1' : num8(ranges[i])), 8);
  sigField(() => String(digMin), 8);
  sigField(() => String(digMax), 8);
  sigField(() => '', 80);
  sigField((i) => String(isAnn(i) ? annSamples : samplesPerRecord), 8);
  sigField(() => '', 32);
  const header = enc.encode(h);
  if (format === 'BDF') header[0] = 0xff;

  const recordBytes = (nch * samplesPerRecord + annSamples) * bps;
  const scales = ranges.map((range) => (digMax - digMin) / (2 * range));
  const encodeRecord = (r: number, data: ArrayLike<number>[]): Uint8Array => {
    const out = new Uint8Array(recordBytes);
    const view = new DataView(out.buffer);
    let p = 0;
    for (let c = 0; c < nch; c++) {
      const ch = data[c];
      const n = ch?.length ?? 0;
      for (let i = 0; i < samplesPerRecord; i++) {
        const x = n > 0 ? ch[Math.min(i, n - 1)] : 0;
        let d = Math.round((x + ranges[c]) * scales[c] + digMin);
        if (d > digMax) d = digMax;
        if (d < digMin) d = digMin;
        if (bps === 3) {
          out[p] = d & 0xff;
          out[p + 1] = (d >> 8) & 0xff;
          out[p + 2] = (d >> 16) & 0xff;
        } else view.setInt16(p, d, true);
        p += bps;
      }
    }
    if (!options.plain) out.set(recordTals(r), p);
    return out;
  };
  return { header, recordCount, samplesPerRecord, recordBytes, encodeRecord };
}

export function writeEdf(rec: Recording, options: EdfWriteOptions = {}): Uint8Array {
  const samples = rec.data[0]?.length ?? 0;
  const plan = planEdf(
    {
      channels: rec.channels,
      sampleRate: rec.sampleRate,
      samples,
      annotations: rec.annotations,
      description: rec.description,
      maxAbs: foldMaxAbs([], rec.data),
    },
    options,
  );
  const out = new Uint8Array(plan.header.length + plan.recordCount * plan.recordBytes);
  out.set(plan.header, 0);
  const spr = plan.samplesPerRecord;
  for (let r = 0; r < plan.recordCount; r++) {
    const from = Math.min(r * spr, Math.max(0, samples - 1));
    const slice = rec.data.map((c) => c.subarray(from, Math.min(samples, r * spr + spr)));
    out.set(plan.encodeRecord(r, slice), plan.header.length + r * plan.recordBytes);
  }
  return out;
}
