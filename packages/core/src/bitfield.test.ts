import { describe, expect, it } from 'vitest';
import { Bitfield } from './bitfield.ts';
import { RarityMap } from './rarity-map.ts';

describe('Bitfield', () => {
  it('sets bits MSB first, as on the wire, and counts them', () => {
    const field = new Bitfield(10);
    expect(field.set(0)).toBe(true);
    expect(field.set(9)).toBe(true);
    expect(field.set(9)).toBe(false);
    expect(field.set(10)).toBe(false);
    expect([...field.bytes]).toEqual([0x80, 0x40]);
    expect(field.count).toBe(2);
    expect([...field.indices()]).toEqual([0, 9]);
    expect(field.clear(0)).toBe(true);
    expect(field.count).toBe(1);
  });

  it('ignores spare bits past the length when built from bytes', () => {
    const field = new Bitfield(10, Uint8Array.of(0xff, 0xff));
    expect(field.count).toBe(10);
    expect(field.complete).toBe(true);
    expect(field.get(10)).toBe(false);
  });

  it('handles 10,000 pieces', () => {
    const field = Bitfield.full(10_000);
    expect(field.bytes).toHaveLength(1250);
    expect(field.count).toBe(10_000);
  });
});

describe('RarityMap', () => {
  it('counts peers per piece from bitfields and haves, and forgets a leaving peer', () => {
    const rarity = new RarityMap(4);
    const a = new Bitfield(4, Uint8Array.of(0b1100_0000));
    const b = new Bitfield(4, Uint8Array.of(0b0100_0000));
    rarity.addBitfield(a);
    rarity.addBitfield(b);
    rarity.addHave(3);
    expect([0, 1, 2, 3].map((i) => rarity.availability(i))).toEqual([1, 2, 0, 1]);
    rarity.removeBitfield(a);
    expect([0, 1, 2, 3].map((i) => rarity.availability(i))).toEqual([0, 1, 0, 1]);
  });
});
