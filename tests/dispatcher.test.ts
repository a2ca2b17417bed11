import { describe, expect, it, vi } from 'vitest';
import { type ToOffscreen } from '../src/core/protocol/messages';
import { STATUS_OFF } from '../src/core/state/stream-status';
import type { Handlers } from '../src/core/protocol/replies';
import { dispatcher } from '../src/extension/dispatcher';

type OffscreenHandlers = Handlers<'offscreen', unknown, void>;

/** A handler map where every notice records what it was given; the requests reply. */
function handlers(overrides: Partial<OffscreenHandlers> = {}) {
  const seen: ToOffscreen[] = [];
  const notice = (m: ToOffscreen) => void seen.push(m);
  const map: OffscreenHandlers = {
    settings: notice,
    connect: notice,
    disconnect: notice,
    gaze: notice,
    mode: notice,
    action: notice,
    'visible-targets': notice,
    'simulate-disconnect': notice,
    'live-subscribe': notice,
    'profile-changed': notice,
    annotate: () => Promise.resolve(null),
    'record-stop': () => Promise.resolve(null),
    'help-alarm': (m) => Promise.resolve({ playing: m.on }),
    'get-status': () => Promise.resolve(STATUS_OFF),
    'record-start': (m) => Promise.resolve({ id: m.name.length }),
    ...overrides,
  };
  return { map, seen };
}

describe('dispatcher', () => {
  it('gives each message to the handler of its type, and nothing to the others', () => {
    const { map, seen } = handlers();
    const listener = dispatcher('offscreen', map);
    void listener({ to: 'offscreen', type: 'gaze', frequency: 12 }, {});
    void listener({ to: 'offscreen', type: 'connect', device: 'simulated' }, {});
    expect(seen).toEqual([
      { to: 'offscreen', type: 'gaze', frequency: 12 },
      { to: 'offscreen', type: 'connect', device: 'simulated' },
    ]);
  });

  it('a notice replies nothing, so the channel closes at once (the sender awaits it)', () => {
    const listener = dispatcher('offscreen', handlers().map);
    expect(listener({ to: 'offscreen', type: 'disconnect' }, {})).toBeUndefined();
  });

  it('a request replies with what its handler resolves to', async () => {
    const listener = dispatcher('offscreen', handlers().map);
    await expect(listener({ to: 'offscreen', type: 'record-start', name: 'four' }, {})).resolves.toEqual({ id: 4 });
  });

  it('gives the handler its sender', async () => {
    const seenBy: unknown[] = [];
    const listener = dispatcher('content', {
      'tab-info': (_m, sender) => {
        seenBy.push(sender);
        return Promise.resolve({ title: 'T', targets: true });
      },
      detection: () => undefined,
      status: () => undefined,
      heartbeat: () => undefined,
      layout: () => undefined,
      control: () => undefined,
      'request-state': () => undefined,
      'adopt-undo': () => undefined,
      help: () => undefined,
    });
    await listener({ to: 'content', type: 'tab-info' }, { id: 'me' });
    expect(seenBy).toEqual([{ id: 'me' }]);
  });

  it('a failed request replies its error instead of leaving the sender waiting, and logs it', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { map } = handlers({ 'get-status': () => Promise.reject(new Error('database closed')) });
    await expect(dispatcher('offscreen', map)({ to: 'offscreen', type: 'get-status' }, {})).resolves.toEqual({
      error: 'database closed',
    });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('database closed'));
    log.mockRestore();
  });

  it('a handler that throws at once is answered like one that failed later', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { map } = handlers({
      'record-start': () => {
        throw new Error('no headset data to record');
      },
    });
    await expect(
      dispatcher('offscreen', map)({ to: 'offscreen', type: 'record-start', name: 'x' }, {}),
    ).resolves.toEqual({ error: 'no headset data to record' });
    log.mockRestore();
  });

  it('leaves alone messages for other contexts, unknown types and non-messages', () => {
    const { map, seen } = handlers();
    const listener = dispatcher('offscreen', map);
    for (const raw of [
      { to: 'background', type: 'gaze', frequency: 12 },
      { to: 'offscreen', type: 'no-such-type' },
      { to: 'offscreen', type: 'toString' },
      { to: 'offscreen', type: 7 },
      null,
      'gaze',
      undefined,
    ]) {
      expect(listener(raw, {})).toBeUndefined();
    }
    expect(seen).toEqual([]);
  });
});
