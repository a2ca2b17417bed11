import { type Annotation, type ChannelInfo, type Recording, RecordingError } from './types';
import { toMicrovoltFactor } from './units';

/**
 * EDF/EDF+ (16-bit) and BDF/BDF+ (24-bit) reading.
 * The header is parsed eagerly; samples are read record by record so that
 * long files can be streamed with flat memory (see `readRecords`).
 */

/** Random-access bytes: a whole buffer in the browser, a file descriptor in Node. */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (o, n) => bytes.subarray(o, Math.min(bytes.length, o + n)) };
}

interface SignalHeader {
  label: string;
  unit: string;
  physMin: number;
  physMax: number;
  digMin: number;
  digMax: number;
  samplesPerRecord: number;
  /** Byte offset of this signal inside a data record. */
  offset: number;
  isAnnotation: boolean;
}

export interface EdfHeader {
  format: 'EDF' | 'BDF';
  variant: 'C' | 'D' | 'plain';
  patient: string;
  recording: string;
  startTime: string;
  recordCount: number;
  recordDuration: number;
  signals: SignalHeader[];
  headerBytes: number;
  recordBytes: number;
  bytesPerSample: 2 | 3;
}

const text = new TextDecoder('latin1');

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return text.decode(bytes.subarray(start, start + length)).trim();
}

export class EdfReader {
  readonly header: EdfHeader;
  /** EEG (non-annotation) signals in file order. */
  readonly eegSignals: SignalHeader[];
  readonly sampleRate: number;
  private annotationsCache?: { annotations: Annotation[]; recordOnsets: number[] };

  constructor(
    private readonly source: ByteSource,
    readonly fileName: string,
  ) {
    this.header = this.parseHeader();
    this.eegSignals = this.header.signals.filter((s) => !s.isAnnotation);
    if (this.eegSignals.length === 0) this.fail('no data signals, only annotations');
    const n0 = this.eegSignals[0].samplesPerRecord;
    for (const s of this.eegSignals) {
      if (s.samplesPerRecord !== n0) {
        this.fail(
          `signals have different sample rates (${s.label}: ${s.samplesPerRecord} vs ${n0} per record); mixed rates are not supported`,
        );
      }
    }
    this.sampleRate = n0 / this.header.recordDuration;
  }

  private fail(fault: string): never {
    throw new RecordingError(this.fileName, fault);
  }

  private parseHeader(): EdfHeader {
    const size = this.source.size;
    if (size < 256) this.fail(`truncated header (${size} bytes, at least 256 needed)`);
    const h = this.source.read(0, 256);
    let format: 'EDF' | 'BDF';
    if (h[0] === 0xff && ascii(h, 1, 7) === 'BIOSEMI') format = 'BDF';
    else if (ascii(h, 0, 8) === '0') format = 'EDF';
    else this.fail('not an EDF or BDF file (unknown version field)');
    const reserved = ascii(h, 192, 44);
    const variant = reserved.startsWith(format + '+D') ? 'D' : reserved.startsWith(format + '+C') ? 'C' : 'plain';
    const headerBytes = this.int(ascii(h, 184, 8), 'header size');
    const recordCountField = this.int(ascii(h, 236, 8), 'number of data records');
    // -1 means "unknown" (a recording still being written); anything else below 0 is corrupt.
    if (recordCountField < -1) this.fail(`invalid number of data records ${recordCountField}`);
    const recordDuration = Number(ascii(h, 244, 8));
    if (!(recordDuration > 0) || !Number.isFinite(recordDuration)) {
      this.fail(`invalid data record duration "${ascii(h, 244, 8)}"`);
    }
    const ns = this.int(ascii(h, 252, 4), 'number of signals');
    if (ns < 1 || ns > 4096) this.fail(`invalid number of signals ${ns}`);
    if (headerBytes !== 256 * (ns + 1)) {
      this.fail(`header size ${headerBytes} does not match ${ns} signals (${256 * (ns + 1)})`);
    }
    if (size < headerBytes) this.fail(`truncated header (${size} of ${headerBytes} bytes)`);
    const s = this.source.read(256, ns * 256);
    const field = (start: number, width: number, i: number) => ascii(s, start * ns + i * width, width);
    const bytesPerSample = format === 'BDF' ? 3 : 2;
    const signals: SignalHeader[] = [];
    let offset = 0;
    for (let i = 0; i < ns; i++) {
      const label = field(0, 16, i);
      const unit = field(16 + 80, 8, i);
      const num = (start: number, name: string) => {
        const v = Number(field(start, 8, i));
        if (!Number.isFinite(v)) this.fail(`signal ${i + 1} (${label}): invalid ${name} "${field(start, 8, i)}"`);
        return v;
      };
      const physMin = num(104, 'physical minimum');
      const physMax = num(112, 'physical maximum');
      const digMin = num(120, 'digital minimum');
      const digMax = num(128, 'digital maximum');
      const samplesPerRecord = this.int(field(216, 8, i), `samples per record of ${label}`);
      if (samplesPerRecord < 1) this.fail(`signal ${label}: invalid samples per record ${samplesPerRecord}`);
      if (digMax <= digMin) this.fail(`signal ${label}: digital maximum ${digMax} <= minimum ${digMin}`);
      if (physMax === physMin) this.fail(`signal ${label}: physical minimum equals maximum`);
      const isAnnotation = label === `${format === 'BDF' ? 'BDF' : 'EDF'} Annotations` || label === 'EDF Annotations';
      signals.push({ label, unit, physMin, physMax, digMin, digMax, samplesPerRecord, offset, isAnnotation });
      offset += samplesPerRecord * bytesPerSample;
    }
    const recordBytes = offset;
    if (recordBytes === 0) this.fail('data records are empty');
    const available = Math.floor((size - headerBytes) / recordBytes);
    let recordCount = recordCountField;
    if (recordCountField === -1) recordCount = available;
    else if (available < recordCountField) {
      this.fail(
        `truncated: header announces ${recordCountField} data records but the file holds ${available}` +
          ` (${size - headerBytes} of ${recordCountField * recordBytes} data bytes)`,
      );
    }
    return {
      format,
      variant,
      patient: ascii(h, 8, 80),
      recording: ascii(h, 88, 80),
      startTime: `${ascii(h, 168, 8)} ${ascii(h, 176, 8)}`,
      recordCount,
      recordDuration,
      signals,
      headerBytes,
      recordBytes,
      bytesPerSample,
    };
  }

  private int(v: string, name: string): number {
    if (!/^-?\d+$/.test(v)) this.fail(`invalid ${name} "${v}"`);
    return Number(v);
  }

  get sampleCount(): number {
    return this.header.recordCount * this.eegSignals[0].samplesPerRecord;
  }

  get channels(): ChannelInfo[] {
    return this.eegSignals.map((s) => ({
      label: s.label,
      unit: toMicrovoltFactor(s.unit) !== undefined ? 'uV' : s.unit,
    }));
  }

  /**
   * Samples of records [first, first+count) per EEG channel, in microvolts
   * (non-voltage channels keep their unit).
   */
  readRecords(first: number, count: number): Float32Array[] {
    const { recordBytes, headerBytes, bytesPerSample } = this.header;
    const n = this.eegSignals[0].samplesPerRecord;
    const out = this.eegSignals.map(() => new Float32Array(n * count));
    const bytes = this.source.read(headerBytes + first * recordBytes, count * recordBytes);
    if (bytes.length < count * recordBytes) this.fail(`truncated data at record ${first + 1}`);
    this.eegSignals.forEach((sig, c) => {
      const toUv = toMicrovoltFactor(sig.unit) ?? 1;
      const gain = ((sig.physMax - sig.physMin) / (sig.digMax - sig.digMin)) * toUv;
      const base = sig.physMin * toUv - sig.digMin * gain;
      const dst = out[c];
      for (let r = 0; r < count; r++) {
        let p = r * recordBytes + sig.offset;
        for (let i = 0; i < n; i++) {
          let v: number;
          if (bytesPerSample === 3) {
            v = bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16);
            if (v & 0x800000) v -= 0x1000000;
            p += 3;
          } else {
            v = bytes[p] | (bytes[p + 1] << 8);
            if (v & 0x8000) v -= 0x10000;
            p += 2;
          }
          dst[r * n + i] = base + v * gain;
        }
      }
    });
    return out;
  }

  /** Annotations (trials) and the start time of every data record (seconds). */
  readAnnotations(): { annotations: Annotation[]; recordOnsets: number[] } {
    if (this.annotationsCache) return this.annotationsCache;
    const sig = this.header.signals.find((s) => s.isAnnotation);
    const { recordCount, recordDuration, recordBytes, headerBytes, bytesPerSample } = this.header;
    const recordOnsets: number[] = [];
    const annotations: Annotation[] = [];
    if (!sig) {
      for (let r = 0; r < recordCount; r++) recordOnsets.push(r * recordDuration);
      this.annotationsCache = { annotations, recordOnsets };
      return this.annotationsCache;
    }
    const width = sig.samplesPerRecord * bytesPerSample;
    // About 1 MB per read whatever the record size: memory stays flat.
    const chunk = Math.max(1, Math.floor(2 ** 20 / recordBytes));
    let firstOnset: number | undefined;
    for (let r0 = 0; r0 < recordCount; r0 += chunk) {
      const count = Math.min(chunk, recordCount - r0);
      const bytes = this.source.read(headerBytes + r0 * recordBytes, count * recordBytes);
      for (let r = 0; r < count; r++) {
        const tals = parseTals(bytes.subarray(r * recordBytes + sig.offset, r * recordBytes + sig.offset + width));
        if (tals.length === 0) this.fail(`data record ${r0 + r + 1} has no time-keeping annotation`);
        firstOnset ??= tals[0].onset;
        recordOnsets.push(tals[0].onset - firstOnset);
        for (const tal of tals.slice(1)) {
          for (const label of tal.texts) {
            annotations.push({ onset: tal.onset - firstOnset, duration: tal.duration ?? 0, label });
          }
        }
      }
    }
    annotations.sort((a, b) => a.onset - b.onset);
    this.annotationsCache = { annotations, recordOnsets };
    return this.annotationsCache;
  }

  /** Annotations on the sample time line ("onset x rate" indexes the samples, also for +D). */
  timelineAnnotations(): Annotation[] {
    const { annotations, recordOnsets } = this.readAnnotations();
    return this.header.variant === 'D'
      ? mapDiscontinuous(annotations, recordOnsets, this.header.recordDuration)
      : annotations;
  }

  /** Reads the whole file into memory. */
  readAll(): Recording {
    return {
      channels: this.channels,
      sampleRate: this.sampleRate,
      data: this.readRecords(0, this.header.recordCount),
      annotations: this.timelineAnnotations(),
      startTime: this.header.startTime,
      description: this.header.recording,
    };
  }
}

/**
 * In a +D file records carry their own start times; samples are stored back
 * to back. Annotation onsets are moved onto the concatenated sample time line
 * so that "onset x rate" indexes the sample array.
 */
function mapDiscontinuous(annotations: Annotation[], recordOnsets: number[], recordDuration: number): Annotation[] {
  return annotations.map((a) => {
    let r = 0;
    while (r + 1 < recordOnsets.length && recordOnsets[r + 1] <= a.onset) r++;
    const within = Math.min(a.onset - recordOnsets[r], recordDuration);
    return { ...a, onset: r * recordDuration + Math.max(0, within) };
  });
}

interface Tal {
  onset: number;
  duration?: number;
  texts: string[];
}

const utf8 = new TextDecoder('utf-8');

/** Time-stamped annotation lists: "+onset[\x15duration]\x14text\x14...\x14\0". */
function parseTals(bytes: Uint8Array): Tal[] {
  const tals: Tal[] = [];
  let i = 0;
  while (i < bytes.length && bytes[i] !== 0) {
    let end = i;
    while (end < bytes.length && bytes[end] !== 0) end++;
    const parts = utf8.decode(bytes.subarray(i, end)).split('\x14');
    const [timing, ...texts] = parts;
    const [onsetText, durationText] = timing.split('\x15');
    const onset = Number(onsetText);
    if (Number.isFinite(onset) && /^[+-]/.test(onsetText)) {
      const duration = durationText !== undefined && durationText !== '' ? Number(durationText) : undefined;
      tals.push({ onset, duration, texts: texts.filter((t) => t.length > 0) });
    }
    i = end + 1;
  }
  return tals;
}

export function readEdf(bytes: Uint8Array, fileName: string): Recording {
  return new EdfReader(bufferSource(bytes), fileName).readAll();
}
