import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT } from '../src/core/protocol/layout';
import { parsePublisherMessage, RELAY_MAX_FRAME } from '../src/core/protocol/relay';

/** The publisher schema: closed at every depth, bounded in every size. */

const target = { index: 0, label: '8Hz', frequency: 8, action: 'like' };
const valid = [
  { type: 'detection', target: 3 },
  { type: 'detection', target: 3, label: '12Hz', frequency: 12, time: 2.5, confidence: 1.7 },
  { type: 'heartbeat' },
  { type: 'heartbeat', time: 0, scores: [0.1, 0.2, 0.3, 0.4] },
  { type: 'scores', scores: [] },
  { type: 'status', state: 'off' },
  { type: 'mode', mode: 'typing' },
  { type: 'action', mode: 'feed', action: 'like' },
  { type: 'action', mode: 'menu', action: 'back', target: 1, text: 'Back', time: 3 },
  { type: 'status', state: 'streaming', device: 'Cyton', message: '', samplesLost: 0, targets: [target] },
];

const error = (m: unknown) => {
  const r = parsePublisherMessage(typeof m === 'string' ? m : JSON.stringify(m));
  return r.ok ? undefined : r.error;
};

describe('relay protocol: publisher messages', () => {
  it.each(valid.map((m) => [JSON.stringify(m), m]))('accepts %s', (_s, m) => {
    expect(parsePublisherMessage(JSON.stringify(m))).toEqual({ ok: true, value: m });
  });

  it("accepts the extension's status for its default layout (built as src/offscreen does)", () => {
    const status = {
      type: 'status',
      state: 'signal-lost',
      device: 'simulated',
      message: 'no data for 2 s',
      samplesLost: 12,
      targets: DEFAULT_LAYOUT.targets.map((t) => ({
        index: t.index,
        label: t.label,
        frequency: t.frequency,
        action: t.feedAction,
      })),
    };
    expect(parsePublisherMessage(JSON.stringify(status))).toEqual({ ok: true, value: status });
  });

  it('refuses unknown fields at every depth, naming where', () => {
    expect(error({ type: 'detection', target: 1, extra: 1 })).toBe('unknown field detection.extra');
    expect(error({ type: 'status', state: 'off', targets: [{ ...target, evil: 'x'.repeat(60_000) }] })).toBe(
      'unknown field status.targets[0].evil',
    );
    expect(error({ type: 'status', state: 'off', targets: [target, { ...target, nested: { a: 1 } }] })).toBe(
      'unknown field status.targets[1].nested',
    );
    expect(error('{"type":"detection","target":1,"__proto__":{"polluted":true}}')).toBe(
      'unknown field detection.__proto__',
    );
  });

  it('refuses missing and mistyped fields at every depth', () => {
    expect(error({ type: 'detection' })).toBe('detection.target is missing');
    expect(error({ type: 'scores' })).toBe('scores.scores is missing');
    expect(error({ type: 'status', state: 'off', targets: [{ index: 0, label: 'a', frequency: 8 }] })).toBe(
      'status.targets[0].action is missing',
    );
    expect(error({ type: 'status', state: 'off', targets: [{ ...target, index: '0' }] })).toMatch(
      /^status\.targets\[0\]\.index must be an integer/,
    );
    expect(error({ type: 'status', state: 'off', targets: [[target]] })).toBe('status.targets[0] must be an object');
    expect(error({ type: 'heartbeat', scores: [0.1, '0.2'] })).toMatch(/^heartbeat\.scores\[1\] must be a number/);
    expect(error({ type: 'heartbeat', scores: [[0.1]] })).toMatch(/^heartbeat\.scores\[0\] must be a number/);
    expect(error({ type: 'detection', target: 1.5 })).toMatch(/^detection\.target must be an integer from 0 to 63/);
    expect(error({ type: 'status', state: 'exploded' })).toMatch(/^status\.state must be one of off, connecting/);
    expect(error({ type: 'status', state: 'off', samplesLost: -1 })).toMatch(/^status\.samplesLost/);
    expect(error('{"type":"heartbeat","time":1e400}')).toMatch(/^heartbeat\.time must be a number/);
    expect(error({ type: 'detection', target: 1, time: -1 })).toMatch(/^detection\.time must be a number from 0/);
  });

  it('bounds every string and list', () => {
    expect(error({ type: 'detection', target: 1, label: 'x'.repeat(101) })).toMatch(
      /^detection\.label must be a string of at most 100/,
    );
    expect(error({ type: 'status', state: 'off', message: 'x'.repeat(1001) })).toMatch(/^status\.message/);
    expect(error({ type: 'status', state: 'off', targets: Array(65).fill(target) })).toMatch(
      /^status\.targets must be a list of at most 64/,
    );
    expect(error({ type: 'status', state: 'off', targets: [{ ...target, action: 'a'.repeat(101) }] })).toMatch(
      /action/,
    );
    expect(error({ type: 'scores', scores: Array(65).fill(0) })).toMatch(/at most 64/);
    // The largest status the schema allows fits a relay frame, so what is kept and replayed is bounded.
    const biggest = {
      type: 'status',
      state: 'signal-lost',
      device: 'd'.repeat(100),
      message: 'm'.repeat(1000),
      samplesLost: Number.MAX_SAFE_INTEGER,
      targets: Array.from({ length: 64 }, (_, i) => ({
        index: i,
        label: 'l'.repeat(100),
        frequency: 999.999999,
        action: 'a'.repeat(100),
      })),
    };
    expect(error(biggest)).toBeUndefined();
    expect(JSON.stringify(biggest).length).toBeLessThan(RELAY_MAX_FRAME);
  });

  it('refuses what is not a message', () => {
    expect(error('not json')).toBe('not JSON');
    expect(error('"3"')).toBe('not a JSON object');
    expect(error('[]')).toBe('not a JSON object');
    expect(error({ type: 'reboot' })).toBe('unknown message type "reboot"');
    expect(error({ type: 'toString' })).toBe('unknown message type "toString"');
    expect(error({})).toBe('unknown message type undefined');
  });
});
