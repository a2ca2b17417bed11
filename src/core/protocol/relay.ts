/**
 * The relay protocol, shared by the extension (publisher), the relay and
 * third-party clients (subscribers). See docs/relay.md.
 */

import { MODE_NAMES, type ModeName } from './layout';

/** What a BrainServR client receives: JSON-encoded strings in text frames. */
export const BRAINSERVR_GREETING = 'Connected with the server';
export const BRAINSERVR_HEARTBEAT = 'classification running';
/**
 * Sent by the relay when the publisher (the extension) goes away. Not in the
 * original protocol, which had no publisher to lose; clients that switch on
 * "0".."3" ignore it, and "classification running" resumes when it returns.
 */
export const BRAINSERVR_STOPPED = 'classification stopped';
/** `message` of the `off` status the relay sends v2 subscribers when the publisher goes away. */
export const PUBLISHER_LEFT = 'the publisher (extension) disconnected from the relay';

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

/**
 * What the extension did with a selection, and in which mode (v2 only:
 * BrainServR clients know just the target index). `action` names what was
 * done ('like', 'click', 'type-word', 'back', 'undo', 'open-menu'...).
 */
export interface ActionMessage {
  type: 'action';
  mode: ModeName;
  action: string;
  /** The selected target's index. */
  target?: number;
  /** What the user was told, in words. */
  text?: string;
  time?: number;
}

/** The targets changed meaning (a menu opened, hints shown, typing, asleep...). v2 only. */
export interface ModeMessage {
  type: 'mode';
  mode: ModeName;
  time?: number;
}

export type PublisherMessage =
  DetectionMessage | HeartbeatMessage | ScoresMessage | StatusMessage | ActionMessage | ModeMessage;

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

export type SubscriberMessage =
  HelloMessage | DetectionMessage | HeartbeatMessage | ScoresMessage | StatusMessage | ActionMessage | ModeMessage;

// ---- what a subscriber without the token receives --------------------------

/**
 * A subscriber that did not present the token gets numbers and the
 * protocol's own words (message type, headset state, mode name) and no
 * string the publisher wrote: no typed text, link or menu names, action
 * names, target labels, device names or status messages (docs/privacy.md).
 */
export type PublicTarget = Pick<TargetInfo, 'index' | 'frequency'>;
export type PublicStatus = Omit<StatusMessage, 'device' | 'message' | 'targets'> & { targets?: PublicTarget[] };
export type PublicAction = Omit<ActionMessage, 'action' | 'text'>;
export type PublicHello = Omit<HelloMessage, 'targets'> & { targets: PublicTarget[] };
export type PublicMessage =
  | PublicHello
  | Omit<DetectionMessage, 'label'>
  | HeartbeatMessage
  | ScoresMessage
  | PublicStatus
  | PublicAction
  | ModeMessage;

const publicTargets = (targets: readonly TargetInfo[]): PublicTarget[] =>
  targets.map((t) => ({ index: t.index, frequency: t.frequency }));

/** The message as a subscriber without the token may see it: built field by field, so a new text field stays out. */
export function publicView(m: PublisherMessage | HelloMessage): PublicMessage {
  switch (m.type) {
    case 'hello':
      return { type: 'hello', protocol: m.protocol, targets: publicTargets(m.targets), publisher: m.publisher };
    case 'detection':
      return { type: 'detection', target: m.target, frequency: m.frequency, time: m.time, confidence: m.confidence };
    case 'heartbeat':
      return { type: 'heartbeat', time: m.time, scores: m.scores };
    case 'scores':
      return { type: 'scores', time: m.time, scores: m.scores };
    case 'status':
      return {
        type: 'status',
        state: m.state,
        samplesLost: m.samplesLost,
        targets: m.targets && publicTargets(m.targets),
      };
    case 'action':
      return { type: 'action', mode: m.mode, target: m.target, time: m.time };
    case 'mode':
      return { type: 'mode', mode: m.mode, time: m.time };
  }
}

// ---- validation --------------------------------------------------------------

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * A schema checks one JSON value and returns what is wrong with it (naming
 * the path), or undefined. Objects are closed at every depth and strings and
 * lists are bounded, so a publisher can neither smuggle fields to the
 * subscribers nor grow what the relay keeps and repeats to each of them.
 */
type Schema<T> = ((v: unknown, path: string) => string | undefined) & { readonly type?: T };

const number =
  (min = -Number.MAX_VALUE, max = Number.MAX_VALUE): Schema<number> =>
  (v, path) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max
      ? undefined
      : `${path} must be a number from ${min} to ${max}`;

const integer =
  (min: number, max: number): Schema<number> =>
  (v, path) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max
      ? undefined
      : `${path} must be an integer from ${min} to ${max}`;

const string =
  (maxLength: number): Schema<string> =>
  (v, path) =>
    typeof v === 'string' && v.length <= maxLength
      ? undefined
      : `${path} must be a string of at most ${maxLength} characters`;

const oneOf =
  <T extends string>(...values: T[]): Schema<T> =>
  (v, path) =>
    values.includes(v as T) ? undefined : `${path} must be one of ${values.join(', ')}`;

const list =
  <T>(item: Schema<T>, maxLength: number): Schema<T[]> =>
  (v, path) => {
    if (!Array.isArray(v) || v.length > maxLength) return `${path} must be a list of at most ${maxLength} items`;
    for (let i = 0; i < v.length; i++) {
      const e = item(v[i], `${path}[${i}]`);
      if (e) return e;
    }
    return undefined;
  };

type Shape<T> = {
  [K in keyof T]-?: { schema: Schema<NonNullable<T[K]>>; optional: undefined extends T[K] ? true : false };
};
const required = <T>(schema: Schema<T>) => ({ schema, optional: false as const });
const optional = <T>(schema: Schema<T>) => ({ schema, optional: true as const });

/** A closed object: every field declared, required ones present, nothing else. */
const object =
  <T>(shape: Shape<T>): Schema<T> =>
  (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${path} must be an object`;
    const fields = shape as Record<string, { schema: Schema<unknown>; optional: boolean }>;
    const o = v as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (!Object.hasOwn(fields, key)) return `unknown field ${path}.${key}`;
    }
    for (const [key, field] of Object.entries(fields)) {
      if (!Object.hasOwn(o, key)) {
        if (field.optional) continue;
        return `${path}.${key} is missing`;
      }
      const e = field.schema(o[key], `${path}.${key}`);
      if (e) return e;
    }
    return undefined;
  };

const MAX_TARGETS = 64;
const label = string(100);
const time = number(0);
const scores = list(number(), MAX_TARGETS);
const targetIndex = integer(0, MAX_TARGETS - 1);

const mode = oneOf<ModeName>(...MODE_NAMES);

const SCHEMAS: { [K in PublisherMessage['type']]: Schema<Extract<PublisherMessage, { type: K }>> } = {
  detection: object<DetectionMessage>({
    type: required(oneOf('detection')),
    target: required(targetIndex),
    label: optional(label),
    frequency: optional(number(0, 1000)),
    time: optional(time),
    confidence: optional(number()),
  }),
  heartbeat: object<HeartbeatMessage>({
    type: required(oneOf('heartbeat')),
    time: optional(time),
    scores: optional(scores),
  }),
  scores: object<ScoresMessage>({
    type: required(oneOf('scores')),
    time: optional(time),
    scores: required(scores),
  }),
  action: object<ActionMessage>({
    type: required(oneOf('action')),
    mode: required(mode),
    action: required(string(40)),
    target: optional(targetIndex),
    text: optional(string(200)),
    time: optional(time),
  }),
  mode: object<ModeMessage>({
    type: required(oneOf('mode')),
    mode: required(mode),
    time: optional(time),
  }),
  status: object<StatusMessage>({
    type: required(oneOf('status')),
    state: required(oneOf('off', 'connecting', 'streaming', 'signal-lost', 'error')),
    device: optional(string(100)),
    message: optional(string(1000)),
    samplesLost: optional(number(0, Number.MAX_SAFE_INTEGER)),
    targets: optional(
      list(
        object<TargetInfo>({
          index: required(targetIndex),
          label: required(label),
          frequency: required(number(0, 1000)),
          action: required(label),
        }),
        MAX_TARGETS,
      ),
    ),
  }),
};

/** Validates a publisher frame against the schema; anything else is refused with a reason. */
export function parsePublisherMessage(text: string): Parsed<PublisherMessage> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, error: 'not a JSON object' };
  const type = (v as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(SCHEMAS, type)) {
    return { ok: false, error: `unknown message type ${JSON.stringify(type) ?? 'undefined'}` };
  }
  const error = SCHEMAS[type as PublisherMessage['type']](v, type);
  return error ? { ok: false, error } : { ok: true, value: v as PublisherMessage };
}

/** The BrainServR frame for a publisher message, or undefined when BrainServR has no such message. */
export function brainServRFrame(m: PublisherMessage): string | undefined {
  if (m.type === 'detection') return JSON.stringify(String(m.target));
  if (m.type === 'heartbeat') return JSON.stringify(BRAINSERVR_HEARTBEAT);
  return undefined;
}
