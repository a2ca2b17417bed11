import browser, { type Runtime } from 'webextension-polyfill';
import type { ToContent } from '../core/protocol/messages';
import { type Handlers, isFailedReply, type MessageTo, type Receiver, type ReplyTo } from '../core/protocol/replies';
import { dispatcher } from './dispatcher';

/**
 * Every message between the extension's contexts goes through here: typed
 * by the one request -> reply map (core/protocol/replies.ts), so no caller
 * chooses the type of its reply.
 */
type RuntimeMessage = MessageTo<'background'> | MessageTo<'offscreen'> | MessageTo<'pages'>;

/**
 * Asks the service worker or the offscreen document. Rejects with the
 * receiver's error when its handler failed, and with Unheard when the
 * receiver is not there (no headset chosen: no offscreen document).
 */
export async function ask<M extends RuntimeMessage>(m: M): Promise<ReplyTo<M>> {
  return replyOf(m, await browser.runtime.sendMessage(m).catch(unheardAs(m)));
}

/** Asks a tab's content script. */
export async function askTab<M extends ToContent>(tabId: number, m: M): Promise<ReplyTo<M>> {
  return replyOf(m, await browser.tabs.sendMessage(tabId, m).catch(unheardAs(m)));
}

function replyOf<M extends RuntimeMessage | ToContent>(m: M, r: unknown): ReplyTo<M> {
  if (isFailedReply(r)) throw new Error(r.error);
  // Replies are never undefined (see replies.ts): the contexts that heard it were not the one asked.
  if (r === undefined) throw new Unheard(m.to);
  // The receiver's handler map is typed by the same reply map (see dispatcher).
  return r as ReplyTo<M>;
}

/** Nobody answered; the message says so in words a carer can act on. */
export class Unheard extends Error {
  constructor(to: string) {
    super(
      to === 'offscreen'
        ? 'no headset is connected (BrainBrowsR icon, then "Connect a headset")'
        : to === 'content'
          ? 'the page did not answer'
          : 'BrainBrowsR is not answering: reload the extension',
    );
    this.name = 'Unheard';
  }
}

function unheardAs(m: { to: string }): (e: unknown) => never {
  return (e) => {
    throw unheard(e) ? new Unheard(m.to) : e;
  };
}

/**
 * Sends a notice, resolving once it was handled. Nobody listening (no page
 * open, no offscreen document without a headset, a tab without the content
 * script) is normal and stays quiet; any other failure is logged.
 */
export function tell(m: RuntimeMessage): Promise<void> {
  return browser.runtime.sendMessage(m).then(() => undefined, logUnlessUnheard(m));
}

export function tellTab(tabId: number, m: ToContent): Promise<void> {
  return browser.tabs.sendMessage(tabId, m).then(() => undefined, logUnlessUnheard(m));
}

/**
 * No receiver; a receiver that closed without answering; a page put in the
 * back/forward cache mid-message; a content script left behind by an update.
 */
const UNHEARD = new RegExp(
  [
    'Receiving end does not exist',
    'message port closed before a response',
    'back/forward cache',
    'Extension context invalidated',
  ].join('|'),
  'i',
);

/** Whether a send failed only because no context was there to hear it. */
export const unheard = (e: unknown): boolean => e instanceof Unheard || (e instanceof Error && UNHEARD.test(e.message));

function logUnlessUnheard(m: { to: string; type: string }): (e: unknown) => void {
  return (e) => {
    if (!unheard(e)) console.warn(`[BrainBrowsR] '${m.type}' to ${m.to} failed:`, e);
  };
}

/** Handles the messages addressed to this context. */
export function listen<R extends Receiver>(to: R, handlers: Handlers<R, Runtime.MessageSender, unknown>): void {
  browser.runtime.onMessage.addListener(dispatcher(to, handlers));
}
