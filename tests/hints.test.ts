import { describe, expect, it } from 'vitest';
import { Narrowing, type Code } from '../src/core/browse/choice-codes';
import {
  codesWithBack,
  codesWithFreeBack,
  directCapacity,
  planCapacity,
  planHints,
  rankByDistance,
  splitIntoParts,
  type HintEntry,
  type TagFit,
} from '../src/core/browse/hint-plan';
import { overlaps, readingLines, readingOrder, type Rect } from '../src/core/browse/rect';
import { placeTag, placeTags, placeTagsClear, type PlacementArea } from '../src/core/browse/tag-placement';

const prefixFree = (codes: Code[]) =>
  codes.every((a, i) => codes.every((b, j) => i === j || !(a.length <= b.length && a.every((d, k) => b[k] === d))));

/** A grid of link-sized rectangles, `cols` x `rows`, 24 px apart. */
function grid(cols: number, rows: number, x0 = 200, y0 = 200): Rect[] {
  const out: Rect[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out.push({ x: x0 + c * 220, y: y0 + r * 24, w: 120, h: 20 });
  return out;
}

const itemCodes = (entries: HintEntry[]) => entries.filter((e) => e.kind === 'item');

describe('ranking by distance to the reading position', () => {
  it('puts the nearest first, ties in reading order', () => {
    const rects = [
      { x: 0, y: 500, w: 10, h: 10 },
      { x: 100, y: 100, w: 10, h: 10 },
      { x: 300, y: 100, w: 10, h: 10 },
      { x: 100, y: 300, w: 10, h: 10 },
      { x: 200, y: 200, w: 10, h: 10 }, // contains the point
    ];
    expect(rankByDistance(rects, { x: 205, y: 205 })[0]).toBe(4);
    const tie = [
      { x: 300, y: 0, w: 10, h: 10 },
      { x: 0, y: 0, w: 10, h: 10 },
    ];
    expect(rankByDistance(tie, { x: 155, y: 5 })).toEqual([1, 0]);
  });

  it('reads lines top to bottom and left to right, tolerating a pixel of difference in a line', () => {
    const rects = [
      { x: 300, y: 101, w: 50, h: 20 },
      { x: 10, y: 100, w: 50, h: 20 },
      { x: 10, y: 130, w: 50, h: 20 },
      { x: 150, y: 99, w: 50, h: 20 },
    ];
    expect(readingLines(rects)).toEqual([[1, 3, 0], [2]]);
    expect(readingOrder(rects)).toEqual([1, 3, 0, 2]);
  });
});

describe('hint codes', () => {
  it('keeps a "Back" code on the last target: one selection on small pages', () => {
    for (const n of [0, 1, 2, 3]) {
      const { codes, back } = codesWithBack(n, 4);
      expect(codes.every((c) => c.length === 1)).toBe(true);
      expect(back).toEqual([3]);
    }
    expect(codesWithBack(12, 4).back).toEqual([3]);
    expect(codesWithBack(13, 4).back).toEqual([3, 1]); // 14 codes: the first 14 two-digit ones
    expect(codesWithBack(63, 4).back).toEqual([3, 3, 3]);
  });

  it('reaches up to 64 elements in at most 3 selections, nearest with the shortest codes; Back only where a code is free', () => {
    for (const n of [1, 5, 12, 16, 40, 63, 64]) {
      const rects = grid(3, Math.ceil(n / 3)).slice(0, n);
      const plan = planHints(rects, { x: 0, y: 0 }, 4);
      expect(plan.parts).toEqual([]);
      expect(plan.leftOut).toEqual([]);
      const items = itemCodes(plan.entries);
      expect(items.map((e) => e.item).sort((a, b) => a - b)).toEqual(rects.map((_, i) => i));
      expect(prefixFree(plan.entries.map((e) => e.code))).toBe(true);
      expect(Math.max(...plan.entries.map((e) => e.code.length))).toBeLessThanOrEqual(3);
      // Nearer never has a longer code.
      const ranked = rankByDistance(rects, { x: 0, y: 0 });
      const len = new Map(items.map((e) => [e.item, e.code.length]));
      for (let k = 1; k < ranked.length; k++)
        expect(len.get(ranked[k])!).toBeGreaterThanOrEqual(len.get(ranked[k - 1])!);
      // Back (close) takes a code only where one is left over: with 16 or 64 every code is an element's.
      expect(plan.entries.filter((e) => e.kind === 'close')).toHaveLength(n === 16 || n === 64 ? 0 : 1);
    }
    expect(directCapacity(4)).toBe(64);
    expect(codesWithFreeBack(64, 4).back).toBeUndefined();
    expect(codesWithFreeBack(63, 4).back).toEqual([3, 3, 3]);
  });

  it('with more than 64 elements the first selection picks one of as few parts as hold them, in reading order', () => {
    const rects = grid(3, 40); // 120 links: two parts, the last target closes
    const plan = planHints(rects, { x: 640, y: 300 }, 4);
    expect(plan.parts.map((p) => p.digit)).toEqual([0, 1]);
    const sizes = plan.parts.map((p) => p.items.length);
    expect(sizes.reduce((a, b) => a + b)).toBe(120);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(3); // whole lines of 3
    const maxY = (p: number) => Math.max(...plan.parts[p].items.map((i) => rects[i].y));
    const minY = (p: number) => Math.min(...plan.parts[p].items.map((i) => rects[i].y));
    expect(maxY(0)).toBeLessThan(minY(1));
    expect(plan.entries.find((e) => e.kind === 'close')!.code).toEqual([3]);
    for (const e of itemCodes(plan.entries)) {
      const part = plan.parts.find((p) => p.items.includes(e.item))!;
      expect(e.code[0]).toBe(part.digit);
      expect(e.code.length).toBeLessThanOrEqual(4);
      expect(e.kind === 'item' && e.shownAfter).toBe(1);
    }
    expect(prefixFree(plan.entries.map((e) => e.code))).toBe(true);

    // 256 (in lines of 4): four parts of 64, every element within four selections, no code for Close.
    const full = grid(4, 64);
    const four = planHints(full, { x: 0, y: 0 }, 4);
    expect(four.parts.map((p) => p.items.length)).toEqual([64, 64, 64, 64]);
    expect(four.leftOut).toEqual([]);
    expect(Math.max(...itemCodes(four.entries).map((e) => e.code.length))).toBe(4);
    expect(four.entries.filter((e) => e.kind !== 'item')).toEqual([]);
  });

  it('leaves out the farthest beyond 4 x 64 and says which', () => {
    const rects = grid(5, 60); // 300 in lines of 5
    const from = { x: 200, y: 200 };
    const plan = planHints(rects, from, 4);
    expect(planCapacity(4)).toBe(256);
    const coded = itemCodes(plan.entries).map((e) => e.item);
    // Whole lines: 256 would cut a line of 5, so the farthest few of the last part go too.
    expect(coded.length).toBeGreaterThan(240);
    expect(coded.length).toBeLessThanOrEqual(256);
    expect(coded.length + plan.leftOut.length).toBe(300);
    const ranked = rankByDistance(rects, from);
    for (const i of ranked.slice(256)) expect(plan.leftOut).toContain(i);
    for (const i of plan.leftOut) expect(ranked.indexOf(i)).toBeGreaterThan(200);
    expect(plan.parts.every((p) => p.items.length <= 64)).toBe(true);
  });

  it("places every tag clear of the others and of every element's text; those without room come one step later", () => {
    const area: PlacementArea = { window: { x: 0, y: 0, w: 1200, h: 300 }, keepOut: [] };
    // Eight columns of links 22 px apart filling the top of the window: no room for a 34 px tag beside each.
    const rects: Rect[] = [];
    for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) rects.push({ x: c * 150, y: r * 22, w: 120, h: 18 });
    const fit: TagFit = { area, size: (n) => ({ w: 14 + 22 * n, h: 34 }), text: rects.map((r) => [r]) };
    const plan = planHints(rects, { x: 600, y: 300 }, 4, fit);
    const items = plan.entries.filter((e) => e.kind === 'item');
    expect(items.length + plan.leftOut.length).toBe(64);
    expect(plan.later.length).toBeGreaterThan(0);
    expect(prefixFree(plan.entries.map((e) => e.code))).toBe(true);
    // At every step, the tags drawn then lie clear of each other and of every element's words.
    const prefixes = [[], ...plan.later.map((l) => l.code)];
    for (const prefix of prefixes) {
      const drawn = items.filter((e) => e.shownAfter === prefix.length && prefix.every((d, i) => e.code[i] === d));
      expect(drawn.length).toBeGreaterThan(0);
      for (const e of drawn) {
        expect(rects.some((r) => overlaps(e.tag!, r))).toBe(false);
        expect(drawn.some((o) => o !== e && overlaps(o.tag!, e.tag!))).toBe(false);
      }
    }
    // The first tags keep three selections; those one step later take one more.
    for (const e of items) expect(e.code.length).toBeLessThanOrEqual(3 + e.shownAfter);
  });

  it('narrows digit by digit to exactly the element, and the reserved codes to Back', () => {
    const rects = grid(3, 30);
    const plan = planHints(rects, { x: 0, y: 0 }, 4);
    for (const target of [0, 45, 89]) {
      const entry = plan.entries.find((e) => e.kind === 'item' && e.item === target)!;
      const n = new Narrowing(
        plan.entries,
        plan.entries.map((e) => e.code),
        4,
      );
      const results = entry.code.map((d) => n.select(d));
      expect(results.slice(0, -1).every((r) => r.kind === 'narrowed')).toBe(true);
      const last = results[results.length - 1];
      expect(last.kind === 'chosen' && last.item).toBe(entry);
    }
    const n = new Narrowing(
      plan.entries,
      plan.entries.map((e) => e.code),
      4,
    );
    const r = n.select(3);
    expect(r.kind === 'chosen' && r.item.kind).toBe('close');
  });

  it('splits at line breaks when it can, never above capacity', () => {
    const rects = grid(4, 20); // 80 in lines of 4
    const { parts, dropped } = splitIntoParts(
      rects,
      rects.map((_, i) => i),
      3,
      63,
    );
    expect(parts.map((p) => p.length).every((s) => s % 4 === 0)).toBe(true);
    expect(dropped).toEqual([]);
    const single = Array.from({ length: 189 }, (_, i) => ({ x: i * 3, y: 0, w: 2, h: 10 })); // one long line
    const cut = splitIntoParts(
      single,
      single.map((_, i) => i),
      3,
      63,
    );
    expect(cut.parts.map((p) => p.length)).toEqual([63, 63, 63]);
    expect(cut.dropped).toEqual([]);
  });
});

describe('tag placement', () => {
  const area: PlacementArea = {
    window: { x: 0, y: 0, w: 1280, h: 720 },
    keepOut: [
      { x: 0, y: 0, w: 184, h: 184 },
      { x: 1096, y: 0, w: 184, h: 184 },
      { x: 0, y: 506, w: 184, h: 214 },
      { x: 1096, y: 506, w: 184, h: 214 },
    ],
  };

  it('goes left of the element, beside its text', () => {
    const el = { x: 400, y: 300, w: 100, h: 20 };
    const p = placeTag({ w: 60, h: 26, element: el, text: [el] }, area, []);
    expect(p.coversText).toBe(false);
    expect(p.rect.x + p.rect.w).toBeLessThanOrEqual(el.x);
    expect(Math.abs(p.rect.y + 13 - 310)).toBeLessThan(1);
  });

  it('never covers the text, stays in the window and off the corner squares', () => {
    const cases: Rect[] = [
      { x: 0, y: 300, w: 80, h: 20 }, // against the left edge
      { x: 190, y: 10, w: 90, h: 20 }, // next to the top-left square
      { x: 1180, y: 700, w: 90, h: 20 }, // in the bottom-right corner's reach
      { x: 200, y: 0, w: 880, h: 40 }, // wide, at the top
      { x: 185, y: 690, w: 60, h: 30 }, // bottom edge between squares
    ];
    for (const el of cases) {
      const text = [{ x: el.x + 2, y: el.y + 2, w: el.w - 4, h: el.h - 4 }];
      const p = placeTag({ w: 90, h: 28, element: el, text }, area, []);
      expect(p.coversText).toBe(false);
      expect(text.some((t) => overlaps(p.rect, t))).toBe(false);
      expect(area.keepOut.some((k) => overlaps(p.rect, k))).toBe(false);
      expect(p.rect.x).toBeGreaterThanOrEqual(0);
      expect(p.rect.y).toBeGreaterThanOrEqual(0);
      expect(p.rect.x + p.rect.w).toBeLessThanOrEqual(1280);
      expect(p.rect.y + p.rect.h).toBeLessThanOrEqual(720);
    }
  });

  it('a checkbox tag keeps off its label text too', () => {
    const box = { x: 400, y: 300, w: 13, h: 13 };
    const label = { x: 418, y: 298, w: 200, h: 18 };
    const p = placeTag({ w: 60, h: 26, element: box, text: [box, label] }, area, []);
    expect(overlaps(p.rect, label) || overlaps(p.rect, box)).toBe(false);
  });

  it('in a dense list no tag covers any element text, and few tags cover each other', () => {
    const rects = grid(3, 20, 200, 190);
    const placed = placeTags(
      rects.map((r) => ({ w: 70, h: 22, element: r, text: [r] })),
      area,
    );
    for (const p of placed) {
      expect(p.coversText).toBe(false);
      expect(rects.some((r) => overlaps(p.rect, r))).toBe(false);
    }
    const clashes = placed.filter((p, i) => placed.some((q, j) => j < i && overlaps(p.rect, q.rect))).length;
    expect(clashes).toBeLessThan(placed.length / 4);
  });

  it('placed clear, no tag covers another or any text; one without room is refused, not drawn over', () => {
    const rects = grid(3, 20, 200, 190);
    const words = rects;
    const placed = placeTagsClear(
      rects.map((r) => ({ w: 70, h: 30, element: r, text: [r] })),
      area,
      words,
    );
    const drawn = placed.filter((p): p is Rect => p !== undefined);
    expect(drawn.length).toBeGreaterThan(40);
    for (const [i, p] of drawn.entries()) {
      expect(words.some((w) => overlaps(p, w))).toBe(false);
      expect(drawn.some((q, j) => j !== i && overlaps(p, q))).toBe(false);
      expect(area.keepOut.some((k) => overlaps(p, k))).toBe(false);
    }
  });

  it('text larger than the window: covers as little as it can and says so', () => {
    const editor = { x: 0, y: 0, w: 1280, h: 720 };
    const p = placeTag({ w: 60, h: 26, element: editor, text: [editor] }, area, []);
    expect(p.coversText).toBe(true);
    expect(area.keepOut.some((k) => overlaps(p.rect, k))).toBe(false);
  });
});
