import type { FailedReply, Handlers, MessageTo, Receiver } from '../core/protocol/replies';

/**
 * A runtime.onMessage listener in webextension-polyfill's form: a promise
 * is the reply, nothing means no reply (another listener may answer).
 */
export type Listener<Sender> = (raw: unknown, sender: Sender) => Promise<unknown> | undefined;

/**
 * One listener over a handler map for the messages addressed `to` one
 * context: messages for other contexts are left alone (every extension
 * context hears every runtime message). A handler that returns a promise
 * keeps the channel open until it settles and replies with its value; one
 * that returns nothing closes the channel at once (the offscreen document's
 * notices: the service worker awaits them and must not wait on a headset
 * connecting). A failed handler is logged and answered with a FailedReply,
 * so its sender never waits for nothing.
 */
export function dispatcher<R extends Receiver, Sender>(
  to: R,
  handlers: Handlers<R, Sender, unknown>,
): Listener<Sender> {
  return (raw, sender) => {
    if (!isAddressed(raw, to) || !Object.hasOwn(handlers, raw.type)) return undefined;
    // The map pairs each type with its handler; TypeScript cannot follow that pairing through an index.
    const handle = handlers[raw.type as keyof typeof handlers] as (m: MessageTo<R>, s: Sender) => unknown;
    let result: unknown;
    try {
      result = handle(raw, sender);
    } catch (e) {
      result = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    if (!(result instanceof Promise)) return undefined;
    return result.catch((e: unknown) => {
      const error = e instanceof Error ? e.message : String(e);
      console.error(`[BrainBrowsR] ${to} could not handle '${raw.type}': ${error}`);
      return { error } satisfies FailedReply;
    });
  };
}

function isAddressed<R extends Receiver>(raw: unknown, to: R): raw is MessageTo<R> {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    (raw as { to?: unknown }).to === to &&
    typeof (raw as { type?: unknown }).type === 'string'
  );
}
