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
  private annotationsCache?: Annotation[];

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

  /**
   * Annotations (trials), onsets in seconds from the first record's start,
   * sorted. One pass over the annotation bytes of every record, about 1 MB
   * at a time; memory grows with the annotations, never with the records.
   */
  readAnnotations(): Annotation[] {
    if (this.annotationsCache) return this.annotationsCache;
    const annotations: Annotation[] = [];
    let firstOnset: number | undefined;
    this.walkTals((onset, extra) => {
      firstOnset ??= onset;
      for (const tal of extra) {
        for (const label of tal.texts) {
          annotations.push({ onset: tal.onset - firstOnset, duration: tal.duration ?? 0, label });
        }
      }
    });
    annotations.sort((a, b) => a.onset - b.onset);
    this.annotationsCache = annotations;
    return annotations;
  }

  /** The start of every data record in seconds from the first, streamed (a +D file says them; others are even). */
  *recordOnsets(): Generator<number> {
    const { recordCount, recordDuration } = this.header;
    if (!this.annotationSignal) {
      for (let r = 0; r < recordCount; r++) yield r * recordDuration;
      return;
    }
    const onsets: number[] = [];
    let firstOnset: number | undefined;
    // Records are visited in chunks: the onsets of one chunk are handed on before the next is read.
    let visited = 0;
    while (visited < recordCount) {
      onsets.length = 0;
      visited = this.walkTals(
        (onset) => {
          firstOnset ??= onset;
          onsets.push(onset - firstOnset);
        },
        visited,
        1,
      );
      yield* onsets;
    }
  }

  /** Annotations on the sample time line ("onset x rate" indexes the samples, also for +D). */
  timelineAnnotations(): Annotation[] {
    const annotations = this.readAnnotations();
    return this.header.variant === 'D' && annotations.length > 0
      ? mapDiscontinuous(annotations, this.recordOnsets(), this.header.recordDuration)
      : annotations;
  }

  private get annotationSignal(): SignalHeader | undefined {
    return this.header.signals.find((s) => s.isAnnotation);
  }

  /**
   * Calls `visit` with each record's time-keeping onset (as written) and its
   * other TALs, from record `first` for `chunks` reads of about 1 MB (all by
   * default); returns the record after the last one visited.
   */
  private walkTals(visit: (onset: number, extra: Tal[]) => void, first = 0, chunks = Infinity): number {
    const sig = this.annotationSignal;
    const { recordCount, recordBytes, headerBytes, bytesPerSample } = this.header;
    if (!sig) return recordCount;
    const width = sig.samplesPerRecord * bytesPerSample;
    const perRead = Math.max(1, Math.floor(2 ** 20 / recordBytes));
    let r0 = first;
    for (let k = 0; k < chunks && r0 < recordCount; k++) {
      const count = Math.min(perRead, recordCount - r0);
      const bytes = this.source.read(headerBytes + r0 * recordBytes, count * recordBytes);
      if (bytes.length < count * recordBytes) this.fail(`truncated data at record ${r0 + 1}`);
      for (let r = 0; r < count; r++) {
        const start = r * recordBytes + sig.offset;
        const tals = recordTals(bytes.subarray(start, start + width));
        if (!tals) this.fail(`data record ${r0 + r + 1} has no time-keeping annotation`);
        visit(tals.onset, tals.extra);
      }
      r0 += count;
    }
    return r0;
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
 * to back. Annotation onsets (sorted) are moved onto the concatenated sample
 * time line so that "onset x rate" indexes the sample array: each goes to
 * the last record that starts at or before it (stopping at the first record
 * that starts after it), in one walk over the records.
 */
function mapDiscontinuous(
  annotations: Annotation[],
  recordOnsets: Iterable<number>,
  recordDuration: number,
): Annotation[] {
  const out: Annotation[] = [];
  const place = (a: Annotation, r: number, onset: number) => {
    const within = Math.min(a.onset - onset, recordDuration);
    out.push({ ...a, onset: r * recordDuration + Math.max(0, within) });
  };
  let r = -1;
  let onset = 0;
  for (const next of recordOnsets) {
    if (r >= 0) {
      while (out.length < annotations.length && annotations[out.length].onset < next) {
        place(annotations[out.length], r, onset);
      }
      if (out.length === annotations.length) return out;
    }
    r++;
    onset = next;
  }
  while (out.length < annotations.length) place(annotations[out.length], Math.max(0, r), onset);
  return out;
}

interface Tal {
  onset: number;
  duration?: number;
  texts: string[];
}

const utf8 = new TextDecoder('utf-8');

/** Bytes [from, to) as text, one character per byte: a TextDecoder call costs more than a short field. */
function shortText(bytes: Uint8Array, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

/** Bytes [from, to) as UTF-8 (annotation texts may hold any language). */
function utf8Text(bytes: Uint8Array, from: number, to: number): string {
  for (let i = from; i < to; i++) if (bytes[i] >= 0x80) return utf8.decode(bytes.subarray(from, to));
  return shortText(bytes, from, to);
}

/**
 * A record's TALs: the first one's onset (time-keeping) and the others. Most
 * records hold only the time-keeping TAL: that case is read without
 * splitting strings, so tiny records cost little.
 */
function recordTals(bytes: Uint8Array): { onset: number; extra: Tal[] } | undefined {
  let end = 0;
  let sep = -1;
  while (end < bytes.length && bytes[end] !== 0) {
    if (sep < 0 && (bytes[end] === 0x14 || bytes[end] === 0x15)) sep = end;
    end++;
  }
  const onset = parseOnset(shortText(bytes, 0, sep < 0 ? end : sep));
  const alone = end + 1 >= bytes.length || bytes[end + 1] === 0;
  if (alone && onset !== undefined) return { onset, extra: [] };
  const tals = parseTals(bytes);
  return tals.length === 0 ? undefined : { onset: tals[0].onset, extra: tals.slice(1) };
}

/** A TAL onset: a sign, then a number. */
function parseOnset(text: string): number | undefined {
  const onset = Number(text);
  return Number.isFinite(onset) && (text.startsWith('+') || text.startsWith('-')) ? onset : undefined;
}

/** Time-stamped annotation lists: "+onset[\x15duration]\x14text\x14...\x14\0". */
function parseTals(bytes: Uint8Array): Tal[] {
  const tals: Tal[] = [];
  let i = 0;
  while (i < bytes.length && bytes[i] !== 0) {
    let end = i;
    while (end < bytes.length && bytes[end] !== 0) end++;
    // Timing, then texts, each ended by 0x14.
    let p = i;
    while (p < end && bytes[p] !== 0x14) p++;
    const [onsetText, durationText] = shortText(bytes, i, p).split('\x15');
    const onset = parseOnset(onsetText);
    if (onset !== undefined) {
      const duration = durationText !== undefined && durationText !== '' ? Number(durationText) : undefined;
      const texts: string[] = [];
      for (let from = p + 1; from < end;) {
        let to = from;
        while (to < end && bytes[to] !== 0x14) to++;
        if (to > from) texts.push(utf8Text(bytes, from, to));
        from = to + 1;
      }
      tals.push({ onset, duration, texts });
    }
    i = end + 1;
  }
  return tals;
}

export function readEdf(bytes: Uint8Array, fileName: string): Recording {
  return new EdfReader(bufferSource(bytes), fileName).readAll();
}
