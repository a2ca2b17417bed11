import type { Annotation, Recording } from './types';

/**
 * Writes a recording as continuous BDF+ (24-bit) or EDF+ (16-bit) with one
 * record per second and the annotations as TALs. The digital range is the
 * full integer range and the physical range is fitted to the data (kept
 * symmetric), so quantisation error is at most half a step of range/2^24.
 */
export interface EdfWriteOptions {
  format?: 'BDF' | 'EDF';
  patient?: string;
  /** "dd.mm.yy hh.mm.ss"; defaults to the recording's or 01.01.00 00.00.00 */
  startTime?: string;
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
  return enc.encode(`${timing}\x14${texts.map((t) => t + '\x14').join('')}\x00`);
}

export function writeEdf(rec: Recording, options: EdfWriteOptions = {}): Uint8Array {
  const format = options.format ?? 'BDF';
  const bps = format === 'BDF' ? 3 : 2;
  const digMax = format === 'BDF' ? 8388607 : 32767;
  const digMin = -digMax - 1;
  const fs = rec.sampleRate;
  const samplesPerRecord = Math.round(fs);
  const recordDuration = samplesPerRecord / fs;
  const total = rec.data[0]?.length ?? 0;
  const recordCount = Math.max(1, Math.ceil(total / samplesPerRecord));

  // Annotation TALs per record: each in the record holding its onset.
  const perRecord: Annotation[][] = Array.from({ length: recordCount }, () => []);
  for (const a of rec.annotations) {
    const r = Math.min(recordCount - 1, Math.max(0, Math.floor(a.onset / recordDuration)));
    perRecord[r].push(a);
  }
  const recordTals = perRecord.map((list, r) => {
    const parts = [talBytes(r * recordDuration, undefined, [''])];
    for (const a of list) parts.push(talBytes(a.onset, a.duration, [a.label]));
    const len = parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(len);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  });
  const annBytes = Math.max(...recordTals.map((t) => t.length)) + 1;
  const annSamples = Math.ceil(annBytes / bps);

  const ns = rec.channels.length + 1;
  const headerBytes = 256 * (ns + 1);
  const ranges = rec.data.map((ch) => {
    let m = 0;
    for (let i = 0; i < ch.length; i++) {
      const a = Math.abs(ch[i]);
      if (a > m) m = a;
    }
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
  h += pad(`Startdate X X X ${rec.description ?? 'brainbrowsr'}`.slice(0, 80), 80);
  h += start.slice(0, 8) + start.slice(9, 17);
  h += pad(String(headerBytes), 8);
  h += pad(`${format}+C`, 44);
  h += pad(String(recordCount), 8);
  h += num8(recordDuration);
  h += pad(String(ns), 4);
  const sigField = (f: (i: number) => string, w: number) => {
    for (let i = 0; i < ns; i++) h += pad(f(i), w);
  };
  const isAnn = (i: number) => i === ns - 1;
  sigField((i) => (isAnn(i) ? label : rec.channels[i].label), 16);
  sigField(() => '', 80);
  sigField((i) => (isAnn(i) ? '' : rec.channels[i].unit), 8);
  sigField((i) => (isAnn(i) ? '-1' : num8(-ranges[i])), 8);
  sigField((i) => (isAnn(i) ? '1' : num8(ranges[i])), 8);
  sigField(() => String(digMin), 8);
  sigField(() => String(digMax), 8);
  sigField(() => '', 80);
  sigField((i) => String(isAnn(i) ? annSamples : samplesPerRecord), 8);
  sigField(() => '', 32);

  const recordBytes = (rec.channels.length * samplesPerRecord + annSamples) * bps;
  const out = new Uint8Array(headerBytes + recordCount * recordBytes);
  const hb = enc.encode(h);
  out.set(hb, 0);
  if (format === 'BDF') out[0] = 0xff;
  const view = new DataView(out.buffer);
  for (let r = 0; r < recordCount; r++) {
    let p = headerBytes + r * recordBytes;
    for (let c = 0; c < rec.channels.length; c++) {
      const ch = rec.data[c];
      const scale = (digMax - digMin) / (2 * ranges[c]);
      for (let i = 0; i < samplesPerRecord; i++) {
        // The last record is padded by repeating the last sample.
        const idx = Math.min(r * samplesPerRecord + i, total - 1);
        const x = total > 0 ? ch[idx] : 0;
        let d = Math.round((x + ranges[c]) * scale + digMin);
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
    out.set(recordTals[r], p);
  }
  return out;
}
