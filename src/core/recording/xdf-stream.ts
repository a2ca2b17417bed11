import { toMicrovoltFactor } from './units';

/** What an XDF stream header says. */
export interface XdfStreamInfo {
  id: number;
  name: string;
  type: string;
  channelCount: number;
  /** 0: irregular (markers). */
  nominalRate: number;
  format: 'int8' | 'int16' | 'int32' | 'int64' | 'float32' | 'double64' | 'string';
  labels: string[];
  units: string[];
}

const FORMAT_BYTES = { int8: 1, int16: 2, int32: 4, int64: 8, float32: 4, double64: 8, string: 0 } as const;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x?[0-9a-f]+|\w+);/gi, (all, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return ENTITIES[e] ?? all;
  });
}

/**
 * Text of the first `<name>` element in `xml`. An LSL stream header is a
 * flat `<info>` of known leaf elements (and `<desc><channels>`), so
 * element lookup by name reads it without a general XML parser.
 */
export function xmlText(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(xml);
  return m ? unescapeXml(m[1]).trim() : undefined;
}

/** The stream header's fields; a fault (string) for a header that cannot be used. */
export function parseStreamHeader(id: number, xml: string): XdfStreamInfo | string {
  const name = xmlText(xml, 'name') ?? `stream ${id}`;
  const channelCount = Number(xmlText(xml, 'channel_count'));
  if (!Number.isInteger(channelCount) || channelCount < 1) return `stream ${name}: invalid channel_count`;
  const nominalRate = Number(xmlText(xml, 'nominal_srate') ?? 0);
  if (!(nominalRate >= 0)) return `stream ${name}: invalid nominal_srate`;
  const format = (xmlText(xml, 'channel_format') ?? '').replace(/^double$/, 'double64');
  if (!(format in FORMAT_BYTES)) return `stream ${name}: unknown channel_format "${format}"`;
  const channels = /<channels>([\s\S]*?)<\/channels>/.exec(xml)?.[1] ?? '';
  const described = [...channels.matchAll(/<channel>([\s\S]*?)<\/channel>/g)].map((m) => m[1]);
  const labels = Array.from({ length: channelCount }, (_, c) => xmlText(described[c] ?? '', 'label') || `ch${c + 1}`);
  const units = Array.from({ length: channelCount }, (_, c) => xmlText(described[c] ?? '', 'unit') ?? '');
  return {
    id,
    name,
    type: xmlText(xml, 'type') ?? '',
    channelCount,
    nominalRate,
    format: format as XdfStreamInfo['format'],
    labels,
    units,
  };
}

/** Factor to microvolts per channel and the unit kept: LSL's EEG convention is microvolts when none is given. */
export function channelUnits(info: XdfStreamInfo): { factor: number; unit: string }[] {
  return info.units.map((u) => {
    const unit = /^microvolts?$/i.test(u) ? 'uV' : /^millivolts?$/i.test(u) ? 'mV' : /^volts?$/i.test(u) ? 'V' : u;
    if (unit === '') return { factor: 1, unit: 'uV' };
    const factor = toMicrovoltFactor(unit);
    return factor === undefined ? { factor: 1, unit } : { factor, unit: 'uV' };
  });
}

/**
 * Walks the samples of a Samples chunk: `onSample(time, at)` for each, with
 * the explicit time stamp (undefined when the writer left it to be deduced)
 * and where its values start; numeric values are read with `numeric`,
 * strings with `strings`. Returns a fault (string) when the chunk ends early.
 */
export function walkSamples(
  body: DataView,
  info: XdfStreamInfo,
  onSample: (time: number | undefined, values: Float64Array | string[]) => void,
): string | undefined {
  const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  let p = 0;
  const need = (n: number) => p + n <= body.byteLength;
  const varLength = (): number | undefined => {
    if (!need(1)) return undefined;
    const w = body.getUint8(p++);
    if ((w !== 1 && w !== 4 && w !== 8) || !need(w)) return undefined;
    const v = w === 1 ? body.getUint8(p) : w === 4 ? body.getUint32(p, true) : Number(body.getBigUint64(p, true));
    p += w;
    return v;
  };
  const count = varLength();
  if (count === undefined) return 'samples chunk without a sample count';
  const numeric = new Float64Array(info.channelCount);
  const width = FORMAT_BYTES[info.format];
  const utf8 = new TextDecoder();
  for (let s = 0; s < count; s++) {
    const short = `samples chunk ends inside sample ${s + 1} of ${count}`;
    if (!need(1)) return short;
    const stampBytes = body.getUint8(p++);
    let time: number | undefined;
    if (stampBytes === 8) {
      if (!need(8)) return short;
      time = body.getFloat64(p, true);
      p += 8;
    } else if (stampBytes !== 0) return `sample ${s + 1} has a time stamp of ${stampBytes} bytes (0 or 8)`;
    if (info.format === 'string') {
      const values: string[] = [];
      for (let c = 0; c < info.channelCount; c++) {
        const n = varLength();
        if (n === undefined || !need(n)) return short;
        values.push(utf8.decode(bytes.subarray(p, p + n)));
        p += n;
      }
      onSample(time, values);
      continue;
    }
    if (!need(width * info.channelCount)) return short;
    for (let c = 0; c < info.channelCount; c++, p += width) numeric[c] = readNumber(body, p, info.format);
    onSample(time, numeric);
  }
  return undefined;
}

function readNumber(view: DataView, p: number, format: XdfStreamInfo['format']): number {
  switch (format) {
    case 'int8':
      return view.getInt8(p);
    case 'int16':
      return view.getInt16(p, true);
    case 'int32':
      return view.getInt32(p, true);
    case 'int64':
      return Number(view.getBigInt64(p, true));
    case 'float32':
      return view.getFloat32(p, true);
    default:
      return view.getFloat64(p, true);
  }
}
