import type { Prediction } from '../browse/word-model';
import type { Annotation, RecordingMeta } from '../recording/types';
import type { Settings } from '../state/settings';
import type { StreamStatus } from '../state/stream-status';
import type {
  Control,
  HelpCall,
  HelpState,
  PendingUndo,
  ReturnCheck,
  TabEntry,
  ToBackground,
  ToContent,
  ToOffscreen,
  ToPages,
} from './messages';

/**
 * What each request is answered with, for every receiver. A message type
 * not listed is a notice: its sender gets nothing back. Senders and
 * receivers both read their types from here, so no caller picks the type
 * of the reply it hopes for. No reply is ever `undefined` (an empty answer
 * is `null`): a request answered with nothing was heard by nobody.
 */
export interface BackgroundReplies {
  'take-undo': PendingUndo | null;
  'undo-back': null;
  'check-return': ReturnCheck | null;
  /** Null for a language without a word list. */
  predict: Prediction | null;
  /** Whether the word was kept. */
  'learn-word': boolean;
  'forget-words': boolean;
  connect: boolean;
  'get-status': StreamStatus;
  'get-settings': Settings;
  'set-settings': boolean;
  'get-control': Control;
  'set-control': Control;
  'list-tabs': TabEntry[];
  'activate-tab': TabSwitch;
  'open-tab': TabSwitch;
  'call-help': HelpCall;
  'get-help': HelpState;
  /** True once the search is on its way in the sender's tab. */
  search: boolean;
}

export interface OffscreenReplies {
  'get-status': StreamStatus;
  /** The new recording's id (a failure, e.g. no headset streaming, is a FailedReply). */
  'record-start': { id: number };
  /** The finished recording; null when none ran. */
  'record-stop': RecordingMeta | null;
  /** The annotation as stored; null when no recording runs. */
  annotate: Annotation | null;
  'help-alarm': { playing: boolean };
}

export interface ContentReplies {
  'tab-info': { title: string; targets: boolean };
}

/** What switching tabs did; `message` says why not. */
export interface TabSwitch {
  ok: boolean;
  message: string;
}

/** What a request whose handler failed is answered with, so its sender never waits for nothing. */
export interface FailedReply {
  error: string;
}

export const isFailedReply = (r: unknown): r is FailedReply =>
  typeof r === 'object' && r !== null && Object.keys(r).length === 1 && typeof (r as FailedReply).error === 'string';

export type Message = ToBackground | ToOffscreen | ToContent | ToPages;
export type Receiver = Message['to'];
interface Replies {
  background: BackgroundReplies;
  offscreen: OffscreenReplies;
  content: ContentReplies;
  /** Extension pages only hear notices (the live view). */
  pages: Record<never, never>;
}

export type MessageTo<R extends Receiver> = Extract<Message, { to: R }>;
export type MessageOf<R extends Receiver, K extends string> = Extract<MessageTo<R>, { type: K }>;
type ReplyOf<R extends Receiver, K> = K extends keyof Replies[R] ? Replies[R][K] : undefined;
/** The reply to message M: undefined for a notice. */
export type ReplyTo<M extends Message> = ReplyOf<M['to'], M['type']>;

/**
 * One handler per message type, given its message and its sender. A
 * request's handler resolves to its reply; a notice's returns `NoticeResult`
 * (void where the sender must not wait, as the offscreen document's
 * device connection).
 */
export type Handlers<R extends Receiver, Sender, NoticeResult = void | Promise<void>> = {
  [K in MessageTo<R>['type']]: (
    m: MessageOf<R, K>,
    sender: Sender,
  ) => K extends keyof Replies[R] ? Promise<Replies[R][K]> : NoticeResult;
};
