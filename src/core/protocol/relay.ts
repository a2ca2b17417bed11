/**
 * The relay protocol, shared by the extension (publisher), the relay and
 * third-party clients (subscribers). See docs/relay.md.
 */

/** What a BrainServR client receives: JSON-encoded strings in text frames. */
export const BRAINSERVR_GREETING = 'Connected with the server';
export const BRAINSERVR_HEARTBEAT = 'classification running';

/** Subprotocol that selects JSON objects instead of BrainServR strings. */
export const V2_SUBPROTOCOL = 'brainbrowsr.v2';

export const RELAY_DEFAULT_PORT = 8002;
export const RELAY_MAX_FRAME = 64 * 1024;

export interface TargetInfo {
  index: number;
  label: string;
  frequency: number;
  action: string;
}

// ---- publisher -> relay ----------------------------------------------------

export interface DetectionMessage {
  type: 'detection';
  /** Index of the selected target (BrainServR sends it as a string). */
  target: number;
  label?: string;
  frequency?: number;
  /** Seconds since the stream started (time of the last sample used). */
  time?: number;
  confidence?: number;
}

export interface HeartbeatMessage {
  type: 'heartbeat';
  time?: number;
  /** One score per target. */
  scores?: number[];
}

export interface ScoresMessage {
  type: 'scores';
  time?: number;
  scores: number[];
}

export interface StatusMessage {
  type: 'status';
  /** off | connecting | streaming | signal-lost | error */
  state: 'off' | 'connecting' | 'streaming' | 'signal-lost' | 'error';
  device?: string;
  message?: string;
  samplesLost?: number;
  targets?: TargetInfo[];
}

export type PublisherMessage = DetectionMessage | HeartbeatMessage | ScoresMessage | StatusMessage;

// ---- relay -> v2 subscribers -----------------------------------------------

export interface HelloMessage {
  type: 'hello';
  protocol: typeof V2_SUBPROTOCOL;
  targets: TargetInfo[];
  publisher: boolean;
}

export interface ErrorMessage {
  type: 'error';
  error: string;
}

export type SubscriberMessage = HelloMessage | DetectionMessage | HeartbeatMessage | ScoresMessage | StatusMessage;

// ---- validation --------------------------------------------------------------

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const STATES = new Set(['off', 'connecting', 'streaming', 'signal-lost', 'error']);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isOptNum = (v: unknown) => v === undefined || isNum(v);
const isOptStr = (v: unknown, max = 200) => v === undefined || (typeof v === 'string' && v.length <= max);
const isScores = (v: unknown) => Array.isArray(v) && v.length <= 64 && v.every(isNum);

function only(obj: Record<string, unknown>, keys: string[]): string | undefined {
  const extra = Object.keys(obj).filter((k) => !keys.includes(k));
  return extra.length ? `unknown field(s): ${extra.join(', ')}` : undefined;
}

function validTarget(t: unknown): boolean {
  if (typeof t !== 'object' || t === null) return false;
  const o = t as Record<string, unknown>;
  return (
    Number.isInteger(o.index) &&
    (o.index as number) >= 0 &&
    typeof o.label === 'string' &&
    o.label.length <= 100 &&
    isNum(o.frequency) &&
    typeof o.action === 'string' &&
    o.action.length <= 100
  );
}

/** Validates a publisher frame against the schema; anything else is refused with a reason. */
export function parsePublisherMessage(text: string): Parsed<PublisherMessage> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, error: 'not a JSON object' };
  const o = v as Record<string, unknown>;
  const bad = (error: string): Parsed<PublisherMessage> => ({ ok: false, error });
  switch (o.type) {
    case 'detection': {
      const extra = only(o, ['type', 'target', 'label', 'frequency', 'time', 'confidence']);
      if (extra) return bad(extra);
      if (!Number.isInteger(o.target) || (o.target as number) < 0 || (o.target as number) > 63) {
        return bad('detection.target must be an integer 0-63');
      }
      if (!isOptStr(o.label) || !isOptNum(o.frequency) || !isOptNum(o.time) || !isOptNum(o.confidence)) {
        return bad('detection: label must be a string; frequency, time, confidence numbers');
      }
      return { ok: true, value: o as unknown as DetectionMessage };
    }
    case 'heartbeat': {
      const extra = only(o, ['type', 'time', 'scores']);
      if (extra) return bad(extra);
      if (!isOptNum(o.time) || (o.scores !== undefined && !isScores(o.scores))) {
        return bad('heartbeat: time must be a number, scores an array of numbers');
      }
      return { ok: true, value: o as unknown as HeartbeatMessage };
    }
    case 'scores': {
      const extra = only(o, ['type', 'time', 'scores']);
      if (extra) return bad(extra);
      if (!isOptNum(o.time) || !isScores(o.scores)) return bad('scores: scores must be an array of numbers');
      return { ok: true, value: o as unknown as ScoresMessage };
    }
    case 'status': {
      const extra = only(o, ['type', 'state', 'device', 'message', 'samplesLost', 'targets']);
      if (extra) return bad(extra);
      if (typeof o.state !== 'string' || !STATES.has(o.state)) {
        return bad(`status.state must be one of ${[...STATES].join(', ')}`);
      }
      if (!isOptStr(o.device) || !isOptStr(o.message, 1000) || !isOptNum(o.samplesLost)) {
        return bad('status: device and message must be strings, samplesLost a number');
      }
      if (
        o.targets !== undefined &&
        !(Array.isArray(o.targets) && o.targets.length <= 64 && o.targets.every(validTarget))
      ) {
        return bad('status.targets must be a list of {index, label, frequency, action}');
      }
      return { ok: true, value: o as unknown as StatusMessage };
    }
    default:
      return bad(`unknown message type ${JSON.stringify(o.type)}`);
  }
}

/** The BrainServR frame for a publisher message, or undefined when BrainServR has no such message. */
export function brainServRFrame(m: PublisherMessage): string | undefined {
  if (m.type === 'detection') return JSON.stringify(String(m.target));
  if (m.type === 'heartbeat') return JSON.stringify(BRAINSERVR_HEARTBEAT);
  return undefined;
}
