import { describe, expect, it } from 'vitest';
import { Bitfield } from './bitfield.ts';
import { BLOCK_BYTES } from './blocks.ts';
import { ShareLayout } from './layout.ts';
import { PiecePicker } from './piece-picker.ts';
import { RarityMap } from './rarity-map.ts';

const PIECE = 4 * BLOCK_BYTES;

function setup(pieces: number, peers: Record<string, number[]>) {
  const layout = new ShareLayout([{ size: pieces * PIECE }], PIECE);
  const rarity = new RarityMap(pieces);
  const fields = new Map<string, Bitfield>();
  for (const [peer, has] of Object.entries(peers)) {
    const field = new Bitfield(pieces);
    for (const i of has) field.set(i);
    rarity.addBitfield(field);
    fields.set(peer, field);
  }
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const picker = new PiecePicker(layout, rarity, random);
  const has = (peer: string) => (i: number) => fields.get(peer)!.get(i);
  return { picker, has, layout };
}

const block = (n: number) => new Uint8Array(n);

describe('PiecePicker', () => {
  it('starts the rarest piece the peer has', () => {
    const { picker, has } = setup(4, { a: [0, 1, 2, 3], b: [0, 1, 3], c: [0, 3] });
    const picked = picker.pick('a', has('a'), 4, 0);
    expect(picked.map((r) => r.index)).toEqual([2, 2, 2, 2]);
    expect(picked.map((r) => r.begin)).toEqual([0, 1, 2, 3].map((b) => b * BLOCK_BYTES));
  });

  it('finishes a started piece before starting another, and never asks for what the peer lacks', () => {
    const { picker, has } = setup(4, { a: [1, 2], b: [0, 1, 2, 3] });
    const first = picker.pick('a', has('a'), 2, 0);
    const next = picker.pick('a', has('a'), 3, 0);
    expect(new Set(first.map((r) => r.index)).size).toBe(1);
    expect(next.slice(0, 2).every((r) => r.index === first[0]!.index)).toBe(true);
    expect([...first, ...next].every((r) => r.index === 1 || r.index === 2)).toBe(true);
  });

  it('does not request pieces it already has', () => {
    const { picker, has } = setup(3, { a: [0, 1, 2] });
    picker.verified(0);
    picker.verified(2);
    expect(new Set(picker.pick('a', has('a'), 100, 0).map((r) => r.index))).toEqual(new Set([1]));
  });

  it('in end-game asks a second peer for outstanding blocks and names the duplicate to cancel', () => {
    const { picker, has } = setup(1, { a: [0], b: [0], c: [0] });
    expect(picker.pick('a', has('a'), 10, 0)).toHaveLength(4);
    const dup = picker.pick('b', has('b'), 10, 0);
    expect(dup).toHaveLength(4); // every block, a second time
    expect(picker.pick('c', has('c'), 10, 0)).toHaveLength(0); // at most two askers per block
    const outcome = picker.receive('b', 0, 0, block(BLOCK_BYTES));
    expect(outcome).toMatchObject({
      kind: 'stored',
      cancel: [{ peer: 'a', request: { index: 0, begin: 0 } }],
    });
    expect(picker.outstanding('a').size).toBe(3);
    expect(picker.receive('a', 0, 0, block(BLOCK_BYTES))).toEqual({ kind: 'unneeded' });
  });

  it('asks no second peer for a block while some missing piece is not started yet', () => {
    // b has only piece 0, which a is already sending; piece 1 is nowhere yet.
    const { picker, has } = setup(2, { a: [0], b: [0] });
    expect(picker.pick('a', has('a'), 10, 0)).toHaveLength(4);
    expect(picker.pick('b', has('b'), 10, 0)).toEqual([]);
  });

  it('ignores blocks nobody asked that peer for', () => {
    const { picker, has } = setup(1, { a: [0], b: [0] });
    picker.pick('a', has('a'), 4, 0);
    expect(picker.receive('b', 0, 0, block(BLOCK_BYTES))).toEqual({ kind: 'unneeded' });
    expect(picker.receive('a', 0, 0, block(BLOCK_BYTES))).toMatchObject({ kind: 'stored' });
    expect([...picker.inFlight()][0]!.contributors).toEqual(new Set(['a']));
  });

  it('hands a released peer’s blocks to the next peer that asks', () => {
    const { picker, has } = setup(1, { a: [0], b: [0] });
    picker.pick('a', has('a'), 4, 0);
    expect(picker.releasePeer('a')).toHaveLength(4);
    const taken = picker.pick('b', has('b'), 4, 0);
    expect(taken).toHaveLength(4);
    expect(picker.outstanding('a').size).toBe(0);
  });

  it('blames the only contributor of a bad piece; with several, refetches from one peer only', () => {
    const { picker, has } = setup(2, { a: [0, 1], b: [0, 1] });
    const picked = picker.pick('a', has('a'), 4, 0);
    for (const r of picked) picker.receive('a', r.index, r.begin, block(r.length));
    expect(picker.failed(picked[0]!.index)).toBe('a');

    const mixed = setup(1, { a: [0], b: [0] });
    const ra = mixed.picker.pick('a', mixed.has('a'), 2, 0);
    const rb = mixed.picker.pick('b', mixed.has('b'), 2, 0);
    for (const r of ra) mixed.picker.receive('a', r.index, r.begin, block(r.length));
    for (const r of rb) mixed.picker.receive('b', r.index, r.begin, block(r.length));
    expect(mixed.picker.failed(0)).toBeUndefined();
    expect(mixed.picker.pick('a', mixed.has('a'), 10, 0)).toHaveLength(4);
    expect(mixed.picker.pick('b', mixed.has('b'), 10, 0)).toHaveLength(0);
  });

  it('spreads 10,000 pieces over three peers with each block fetched once outside end-game', () => {
    const pieces = 10_000;
    const all = [...Array(pieces).keys()];
    const { picker, has, layout } = setup(pieces, {
      a: all.filter((i) => i % 3 !== 0),
      b: all.filter((i) => i % 3 !== 1),
      c: all,
    });
    let fetched = 0;
    const firsts: number[] = [];
    while (!picker.have.complete) {
      for (const peer of ['a', 'b', 'c']) {
        const picked = picker.pick(peer, has(peer), 64, 0);
        if (firsts.length < 3 && picked[0] !== undefined) firsts.push(picked[0].index);
        for (const r of picked) {
          const outcome = picker.receive(peer, r.index, r.begin, block(r.length));
          if (outcome.kind === 'stored') fetched += r.length;
          if (outcome.kind === 'stored' && outcome.piece) picker.verified(r.index);
        }
      }
    }
    expect(fetched).toBe(layout.totalSize);
    expect(picker.have.count).toBe(pieces);
    // a and b start with pieces only two peers have, not ones all three have.
    expect(firsts[0]! % 3).not.toBe(2);
    expect(firsts[1]! % 3).not.toBe(2);
  });

  describe('with chosen files and a reader', () => {
    /** Eight one-piece files, so that file i is piece i. */
    function files(peers: Record<string, number[]>) {
      const layout = new ShareLayout(
        Array.from({ length: 8 }, () => ({ size: PIECE })),
        PIECE,
      );
      const rarity = new RarityMap(8);
      const fields = new Map<string, Bitfield>();
      for (const [peer, has] of Object.entries(peers)) {
        const field = new Bitfield(8);
        for (const i of has) field.set(i);
        rarity.addBitfield(field);
        fields.set(peer, field);
      }
      const picker = new PiecePicker(layout, rarity, () => 0.5);
      return { picker, has: (peer: string) => (i: number) => fields.get(peer)!.get(i) };
    }
    const all = [0, 1, 2, 3, 4, 5, 6, 7];
    const indices = (requests: { index: number }[]) => [...new Set(requests.map((r) => r.index))];

    it('never asks for a piece of a file not chosen', () => {
      const { picker, has } = files({ a: all });
      picker.wants.selectFiles([1, 6]);
      expect(indices(picker.pick('a', has('a'), 100, 0)).sort()).toEqual([1, 6]);
    });

    it("starts the reader's window in reading order, before rarer pieces", () => {
      // One file of eight pieces; piece 0 is the rarest (only a has it); the reader is at piece 5.
      const { picker, has } = setup(8, { a: all, b: all.slice(1), c: all.slice(1) });
      picker.wants.focus(0, 5 * PIECE);
      expect(indices(picker.pick('a', has('a'), 3 * 4, 0))).toEqual([5, 6, 7]);
      // Past the window (it ends with the file), the rarest comes first.
      expect(indices(picker.pick('a', has('a'), 4, 0))).toEqual([0]);
    });

    it('puts the window before finishing a piece already started', () => {
      const { picker, has } = setup(8, { a: all });
      const [started] = indices(picker.pick('a', has('a'), 2, 0));
      const reading = (started! + 4) % 8;
      picker.wants.focus(0, reading * PIECE);
      expect(indices(picker.pick('a', has('a'), 4, 0))[0]).toBe(reading);
    });

    it('the window stops at the end of the file the reader reads', () => {
      const { picker, has } = files({ a: all, b: all.slice(1) });
      picker.wants.focus(5, 0);
      expect(indices(picker.pick('a', has('a'), 2 * 4, 0))).toEqual([5, 0]);
    });

    it('lets a second peer help with a window piece another peer started', () => {
      const { picker, has } = files({ a: all, b: all });
      picker.wants.focus(3, 0);
      expect(indices(picker.pick('a', has('a'), 2, 0))).toEqual([3]); // half of piece 3
      expect(picker.pick('b', has('b'), 2, 0).map((r) => [r.index, r.begin / BLOCK_BYTES])).toEqual(
        [
          [3, 2],
          [3, 3],
        ],
      );
    });

    it('goes into end-game once every missing chosen piece is started, not every piece', () => {
      const { picker, has } = files({ a: all, b: all });
      picker.wants.selectFiles([2]);
      expect(picker.pick('a', has('a'), 4, 0)).toHaveLength(4);
      // Every block of piece 2 is asked of a; end-game asks b for the same blocks.
      expect(indices(picker.pick('b', has('b'), 4, 0))).toEqual([2]);
    });

    it('leaves an orphaned piece of a file no longer chosen', () => {
      const { picker, has } = files({ a: all, b: all });
      expect(indices(picker.pick('a', has('a'), 4, 0))).toHaveLength(1);
      const [started] = [...picker.inFlight()].map((p) => p.index);
      picker.releasePeer('a');
      picker.wants.selectFiles([(started! + 1) % 8]);
      expect(indices(picker.pick('b', has('b'), 8, 0))).toEqual([(started! + 1) % 8]);
    });
  });
});
