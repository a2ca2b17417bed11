import type { ToOffscreen } from '../core/protocol/messages';

type OffscreenType = ToOffscreen['type'];
export type OffscreenMessage<K extends OffscreenType> = Extract<ToOffscreen, { type: K }>;

/**
 * One handler per message type, each given its own message. A request's
 * handler returns a promise of its reply; a notice's returns nothing, so the
 * sender's channel closes at once (the service worker awaits its notices and
 * must not wait on a device connecting).
 */
export type OffscreenHandlers<Replies extends Partial<Record<OffscreenType, unknown>>> = {
  [K in OffscreenType]: (m: OffscreenMessage<K>) => K extends keyof Replies ? Promise<Replies[K]> : void;
};

/** What a request whose handler failed replies, so its sender never waits for nothing. */
export interface FailedReply {
  error: string;
}

/**
 * A chrome.runtime.onMessage listener over `handlers`: messages for other
 * contexts are left alone (every context hears every runtime message).
 * Returns true, as the API asks, only while a reply is on its way.
 */
export function offscreenDispatcher<Replies extends Partial<Record<OffscreenType, unknown>>>(
  handlers: OffscreenHandlers<Replies>,
): (raw: unknown, sender: unknown, reply: (r: unknown) => void) => true | undefined {
  return (raw, _sender, reply) => {
    if (!isForOffscreen(raw) || !Object.hasOwn(handlers, raw.type)) return undefined;
    // The map pairs each type with its handler; TypeScript cannot follow that pairing through an index.
    const handle = handlers[raw.type] as (m: ToOffscreen) => unknown;
    const result = handle(raw);
    if (!(result instanceof Promise)) return undefined;
    result.then(reply, (e: unknown) =>
      reply({ error: e instanceof Error ? e.message : String(e) } satisfies FailedReply),
    );
    return true;
  };
}

function isForOffscreen(raw: unknown): raw is ToOffscreen {
  return typeof raw === 'object' && raw !== null && (raw as { to?: unknown }).to === 'offscreen';
}
