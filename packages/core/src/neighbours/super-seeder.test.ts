import { describe, expect, it } from 'vitest';
import { OFFERED_PIECES_PER_PEER, SuperSeeder } from './super-seeder.ts';

const lacksAll = () => true;
const noCopies = () => 0;

describe('SuperSeeder', () => {
  it('shows a peer nothing until we upload to it, then a few pieces', () => {
    const seeder = new SuperSeeder(40);
    expect(seeder.add('a', lacksAll, noCopies)).toEqual([]);
    expect(seeder.serving('a', true, lacksAll, noCopies)).toHaveLength(OFFERED_PIECES_PER_PEER);
    expect(seeder.isSendingTo('a')).toBe(true);
  });

  it('shows different peers different pieces, and never one a neighbour has', () => {
    const seeder = new SuperSeeder(40);
    const copies = (i: number) => (i < 10 ? 1 : 0);
    const shown = ['a', 'b', 'c', 'd'].flatMap((id) => {
      seeder.add(id, lacksAll, copies);
      return seeder.serving(id, true, lacksAll, copies);
    });
    expect(shown).toHaveLength(4 * OFFERED_PIECES_PER_PEER);
    expect(new Set(shown).size).toBe(shown.length);
    for (const index of shown) expect(index).toBeGreaterThanOrEqual(10);
  });

  it('shows nothing more once every piece without a copy is being sent to someone', () => {
    const seeder = new SuperSeeder(OFFERED_PIECES_PER_PEER + 1);
    seeder.add('a', lacksAll, noCopies);
    seeder.add('b', lacksAll, noCopies);
    expect(seeder.serving('a', true, lacksAll, noCopies)).toHaveLength(OFFERED_PIECES_PER_PEER);
    expect(seeder.serving('b', true, lacksAll, noCopies)).toHaveLength(1);
  });

  it('gives the pieces of a peer we stop serving to another, and takes back only those still free', () => {
    const seeder = new SuperSeeder(OFFERED_PIECES_PER_PEER);
    seeder.add('a', lacksAll, noCopies);
    seeder.add('b', lacksAll, noCopies);
    const toA = seeder.serving('a', true, lacksAll, noCopies);
    expect(seeder.serving('b', true, lacksAll, noCopies)).toEqual([]);
    seeder.serving('a', false, lacksAll, noCopies);
    expect(seeder.isSendingTo('a')).toBe(false);
    const toB = seeder
      .serving('b', false, lacksAll, noCopies)
      .concat(seeder.serving('b', true, lacksAll, noCopies));
    expect(toB.sort()).toEqual([...toA].sort());
    // a is served again: its old pieces all went to b, so nothing is sent to it.
    seeder.serving('a', true, lacksAll, noCopies);
    expect(seeder.isSendingTo('a')).toBe(false);
  });

  it('shows a peer one more piece for each it got', () => {
    const seeder = new SuperSeeder(10);
    seeder.add('a', lacksAll, noCopies);
    const first = seeder.serving('a', true, lacksAll, noCopies);
    const had = new Set([first[0]!]);
    const copies = (i: number) => (had.has(i) ? 1 : 0);
    const next = seeder.peerHas('a', first[0]!, (i) => !had.has(i), copies);
    expect(next).toHaveLength(1);
    expect(first).not.toContain(next[0]);
  });

  it('never shows a peer a piece it already has', () => {
    const seeder = new SuperSeeder(6);
    const has = new Set([0, 1, 2, 3]);
    seeder.add('a', (i) => !has.has(i), noCopies);
    expect(seeder.serving('a', true, (i) => !has.has(i), noCopies).sort()).toEqual([4, 5]);
  });

  it('frees what a departed peer was being sent', () => {
    const seeder = new SuperSeeder(OFFERED_PIECES_PER_PEER);
    seeder.add('a', lacksAll, noCopies);
    seeder.add('b', lacksAll, noCopies);
    seeder.serving('a', true, lacksAll, noCopies);
    seeder.peerLeft('a');
    expect(seeder.serving('b', true, lacksAll, noCopies)).toHaveLength(OFFERED_PIECES_PER_PEER);
  });

  it('ends the phase once every piece has a copy, and names the peers to show the rest', () => {
    const seeder = new SuperSeeder(3);
    seeder.add('a', lacksAll, noCopies);
    expect(seeder.checkOver((i) => (i === 2 ? 0 : 1))).toEqual([]);
    expect(seeder.over).toBe(false);
    expect(seeder.checkOver(() => 1)).toEqual(['a']);
    expect(seeder.over).toBe(true);
    expect(seeder.manages('a')).toBe(false);
  });
});
