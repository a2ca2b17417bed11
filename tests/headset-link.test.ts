import { describe, expect, it } from 'vitest';
import { ByteStreamDevice } from '../src/core/devices/byte-device';
import { notificationChunk } from '../src/core/devices/headset-spec';
import { encodeMuse12 } from '../src/core/devices/muse';
import { PushedTransport } from '../src/core/devices/pushed-transport';
import { headset, headsetInfo } from '../src/core/devices/registry';
import { parseFromHeadsetLink, parseToHeadsetLink } from '../src/core/protocol/headset-link';
import { STATUS_OFF } from '../src/core/state/stream-status';
import { pageStatus, samePageStatus } from '../src/core/protocol/page-status';

describe("the Connect page's headset link", () => {
  it('carries only well-formed messages: a kind from the table, bytes 0-255', () => {
    expect(parseToHeadsetLink({ type: 'open', device: 'muse', name: 'Muse-1' })).toEqual({
      type: 'open',
      device: 'muse',
      name: 'Muse-1',
    });
    expect(parseToHeadsetLink({ type: 'open', device: 'toaster', name: 'x' })).toBeUndefined();
    // The firmware the headset told, if any: a short string, or nothing.
    const ganglion = { type: 'open', device: 'ganglion', name: 'Ganglion-1a2b' };
    expect(parseToHeadsetLink({ ...ganglion, firmware: '3.0.2' })).toEqual({ ...ganglion, firmware: '3.0.2' });
    expect(parseToHeadsetLink({ ...ganglion, firmware: 3 })).toEqual(ganglion);
    expect(
      (parseToHeadsetLink({ ...ganglion, firmware: '3'.repeat(500) }) as { firmware: string }).firmware,
    ).toHaveLength(40);
    expect(parseToHeadsetLink({ type: 'notifications', notifications: [{ source: 0, bytes: [1, 256] }] })).toBe(
      undefined,
    );
    expect(parseToHeadsetLink({ type: 'notifications', notifications: [{ source: -1, bytes: [] }] })).toBe(undefined);
    expect(parseToHeadsetLink('open')).toBeUndefined();
    expect(parseFromHeadsetLink({ type: 'write', bytes: [98] })).toEqual({ type: 'write', bytes: [98] });
    expect(parseFromHeadsetLink({ type: 'write', bytes: ['b'] })).toBeUndefined();
  });

  it('a Muse over a pushed transport: the tagged notifications decode, the commands go back, the end ends it', async () => {
    const spec = headset('muse');
    const link = spec.bluetooth!;
    const written: number[][] = [];
    let released = 0;
    const transport = new PushedTransport(
      (b) => written.push(Array.from(b)),
      () => released++,
    );
    const device = new ByteStreamDevice(headsetInfo('muse'), transport, spec.decoder(), link);
    const lost: number[] = [];
    device.on((e) => {
      if (e.type === 'samples-lost') lost.push(e.count);
    });
    await device.open();
    await device.start();
    expect(written).toEqual(link.start.map((c) => Array.from(c)));
    const values = (p: number, e: number) => Array.from({ length: 12 }, (_, k) => (p * 4 + e + k) * 0.48828125);
    for (const p of [0, 1, 3]) {
      for (let e = 0; e < 4; e++) transport.push(notificationChunk(link, e, encodeMuse12(p, values(p, e))));
    }
    transport.end();
    const blocks = [];
    for await (const b of device.samples()) blocks.push(b);
    expect(blocks.map((b) => b.timestamps.length)).toEqual([12, 12, 12]);
    expect(Array.from(blocks[2].data[2])).toEqual(values(3, 2));
    expect(lost).toEqual([12]);
    await device.close();
    expect(released).toBe(0); // the sender ended it: nothing to release
  });

  it('a single-characteristic headset (Ganglion) gets its notifications untagged', () => {
    const bytes = Uint8Array.from({ length: 20 }, (_, i) => i);
    expect(notificationChunk(headset('ganglion').bluetooth!, 0, bytes)).toBe(bytes);
    expect(Array.from(notificationChunk(headset('muse').bluetooth!, 3, bytes))).toEqual([3, ...bytes]);
  });

  it('keeps at most maxQueued chunks while nobody reads, and releases the sender once when closed', async () => {
    let released = 0;
    const t = new PushedTransport(
      () => undefined,
      () => released++,
      3,
    );
    for (let i = 0; i < 5; i++) t.push(Uint8Array.of(i));
    await t.close();
    await t.close();
    expect(released).toBe(1);
    await expect(t.write(Uint8Array.of(1))).rejects.toThrow(/closed/);
    const t2 = new PushedTransport(
      () => undefined,
      () => undefined,
      3,
    );
    for (let i = 0; i < 5; i++) t2.push(Uint8Array.of(i));
    t2.end();
    const got: number[] = [];
    for await (const c of t2.read()) got.push(c[0]);
    expect(got).toEqual([2, 3, 4]);
  });
});

describe('the status as a page draws it', () => {
  it('changes with what the status line says, not with loss, relay, profile or time', () => {
    const s = { ...STATUS_OFF, state: 'streaming' as const, device: 'simulated' as const, calibrated: true };
    const page = pageStatus(s);
    expect(page).toEqual({
      state: 'streaming',
      simulated: true,
      calibrated: true,
      message: undefined,
      poorContact: undefined,
      learning: false,
      noResponse: false,
    });
    const unseen = { ...s, samplesLost: 12, relay: 'connected' as const, profileName: 'x', updatedAt: 5, message: 'm' };
    expect(samePageStatus(page, pageStatus(unseen))).toBe(true);
    expect(samePageStatus(page, pageStatus({ ...s, noResponse: true }))).toBe(false);
    expect(samePageStatus(page, pageStatus({ ...s, poorContact: 'O1' }))).toBe(false);
    expect(pageStatus({ ...s, state: 'error', message: 'broken' }).message).toBe('broken');
  });
});
