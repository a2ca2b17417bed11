import { describe, expect, it, vi } from 'vitest';
import type { ToOffscreen } from '../src/core/protocol/messages';
import { type OffscreenHandlers, offscreenDispatcher } from '../src/offscreen/dispatcher';

type Replies = { 'get-status': string; 'record-start': { id: number } };

/** A handler map where every notice records what it was given; two requests reply. */
function handlers(overrides: Partial<OffscreenHandlers<Replies>> = {}) {
  const seen: ToOffscreen[] = [];
  const notice = (m: ToOffscreen) => void seen.push(m);
  const map: OffscreenHandlers<Replies> = {
    settings: notice,
    connect: notice,
    disconnect: notice,
    gaze: notice,
    mode: notice,
    action: notice,
    'visible-targets': notice,
    'external-samples': notice,
    'simulate-disconnect': notice,
    'live-subscribe': notice,
    'profile-changed': notice,
    annotate: notice,
    'record-stop': notice,
    'help-alarm': notice,
    'get-status': () => Promise.resolve('streaming'),
    'record-start': (m) => Promise.resolve({ id: m.name.length }),
    ...overrides,
  };
  return { map, seen };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('offscreenDispatcher', () => {
  it('gives each message to the handler of its type, and nothing to the others', () => {
    const { map, seen } = handlers();
    const listener = offscreenDispatcher(map);
    listener({ to: 'offscreen', type: 'gaze', frequency: 12 }, {}, () => undefined);
    listener({ to: 'offscreen', type: 'connect', device: 'simulated' }, {}, () => undefined);
    expect(seen).toEqual([
      { to: 'offscreen', type: 'gaze', frequency: 12 },
      { to: 'offscreen', type: 'connect', device: 'simulated' },
    ]);
  });

  it('a notice replies nothing and closes the channel at once (the sender awaits it)', () => {
    const reply = vi.fn();
    const listener = offscreenDispatcher(handlers().map);
    expect(listener({ to: 'offscreen', type: 'disconnect' }, {}, reply)).toBeUndefined();
    expect(reply).not.toHaveBeenCalled();
  });

  it('a request keeps the channel open and replies with what its handler resolves to', async () => {
    const reply = vi.fn();
    const listener = offscreenDispatcher(handlers().map);
    expect(listener({ to: 'offscreen', type: 'record-start', name: 'four' }, {}, reply)).toBe(true);
    await settle();
    expect(reply).toHaveBeenCalledExactlyOnceWith({ id: 4 });
  });

  it('a failed request replies its error instead of leaving the sender waiting', async () => {
    const reply = vi.fn();
    const { map } = handlers({ 'get-status': () => Promise.reject(new Error('database closed')) });
    expect(offscreenDispatcher(map)({ to: 'offscreen', type: 'get-status' }, {}, reply)).toBe(true);
    await settle();
    expect(reply).toHaveBeenCalledExactlyOnceWith({ error: 'database closed' });
  });

  it('leaves alone messages for other contexts, unknown types and non-messages', () => {
    const { map, seen } = handlers();
    const listener = offscreenDispatcher(map);
    const reply = vi.fn();
    for (const raw of [
      { to: 'background', type: 'gaze', frequency: 12 },
      { to: 'offscreen', type: 'no-such-type' },
      { to: 'offscreen', type: 'toString' },
      null,
      'gaze',
      undefined,
    ]) {
      expect(listener(raw, {}, reply)).toBeUndefined();
    }
    expect(seen).toEqual([]);
    expect(reply).not.toHaveBeenCalled();
  });
});
