import { describe, expect, it } from 'vitest';
import { OFFERED_PIECES_PER_PEER, SuperSeeder } from './super-seeder.ts';

const lacksAll = () => true;
const noCopies = () => 0;

describe('SuperSeeder', () => {
  it('shows different peers different pieces while unshown pieces remain', () => {
    const seeder = new SuperSeeder(40);
    const shown = ['a', 'b', 'c', 'd'].flatMap((id) => seeder.add(id, lacksAll, noCopies));
    expect(shown).toHaveLength(4 * OFFERED_PIECES_PER_PEER);
    expect(new Set(shown).size).toBe(shown.length);
  });

  it('shows a peer one more piece for each it got, preferring pieces with no copy', () => {
    const seeder = new SuperSeeder(10);
    const first = seeder.add('a', lacksAll, noCopies);
    const had = new Set([first[0]!]);
    const copies = (i: number) => (i === 9 ? 0 : i < 5 ? 1 : 0);
    const next = seeder.peerHas('a', first[0]!, (i) => !had.has(i), copies);
    expect(next).toHaveLength(1);
    expect(copies(next[0]!)).toBe(0);
  });

  it('never shows a peer a piece it already has', () => {
    const seeder = new SuperSeeder(6);
    const has = new Set([0, 1, 2, 3]);
    expect(seeder.add('a', (i) => !has.has(i), noCopies).sort()).toEqual([4, 5]);
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
