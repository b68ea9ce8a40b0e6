import { describe, expect, it } from 'vitest';
import { MemoryRoomDirectory } from './memory-room-directory.ts';
import { seeded } from './test-support.ts';

async function roomOf(size: number, directory = new MemoryRoomDirectory()) {
  for (let i = 0; i < size; i++) await directory.add('room', `p${i}`);
  return directory;
}

describe('MemoryRoomDirectory', () => {
  it('samples k distinct members, never the one excluded', async () => {
    const directory = await roomOf(100, new MemoryRoomDirectory(seeded(1)));
    for (let round = 0; round < 200; round++) {
      const self = `p${round % 100}`;
      const picked = await directory.sample('room', 30, self);
      expect(picked).toHaveLength(30);
      expect(new Set(picked).size).toBe(30);
      expect(picked).not.toContain(self);
      for (const peer of picked) expect(await directory.has('room', peer)).toBe(true);
    }
  });

  it('gives everyone but the excluded member when the room is smaller than k', async () => {
    const directory = await roomOf(8);
    expect((await directory.sample('room', 30, 'p3')).sort()).toEqual([
      'p0',
      'p1',
      'p2',
      'p4',
      'p5',
      'p6',
      'p7',
    ]);
    expect(await directory.sample('room', 30, 'not-a-member')).toHaveLength(8);
    expect(await directory.sample('room', 0)).toEqual([]);
    expect(await directory.sample('empty', 30)).toEqual([]);
  });

  it('never samples members that left, and counts who is left', async () => {
    const directory = await roomOf(50, new MemoryRoomDirectory(seeded(2)));
    for (let i = 0; i < 50; i += 2) await directory.remove('room', `p${i}`);
    expect(await directory.size('room')).toBe(25);
    for (let round = 0; round < 100; round++) {
      const picked = await directory.sample('room', 10, 'p1');
      expect(picked).toHaveLength(10);
      for (const peer of picked) expect(Number(peer.slice(1)) % 2).toBe(1);
      expect(picked).not.toContain('p1');
    }
    expect(await directory.has('room', 'p0')).toBe(false);
    expect(await directory.has('room', 'p1')).toBe(true);
  });

  it('counts each member once, ignores removing strangers, and forgets empty rooms', async () => {
    const directory = new MemoryRoomDirectory();
    await directory.add('room', 'a');
    await directory.add('room', 'a');
    await directory.add('other', 'a');
    await directory.remove('room', 'stranger');
    await directory.remove('nowhere', 'a');
    expect(await directory.size('room')).toBe(1);
    expect(await directory.size('other')).toBe(1);
    await directory.remove('room', 'a');
    await directory.remove('room', 'a');
    expect(await directory.size('room')).toBe(0);
    expect(await directory.has('room', 'a')).toBe(false);
    expect(await directory.sample('room', 5)).toEqual([]);
    await directory.add('room', 'b');
    expect(await directory.sample('room', 5)).toEqual(['b']);
  });

  it("answers each add with the room's size afterwards", async () => {
    const directory = new MemoryRoomDirectory();
    expect(await directory.add('room', 'a')).toBe(1);
    expect(await directory.add('room', 'a')).toBe(1);
    expect(await directory.add('other', 'a')).toBe(1);
    expect(await directory.add('room', 'b')).toBe(2);
  });

  it('costs k draws of the random source, whatever the size of the room', async () => {
    const random = seeded(3);
    const directory = await roomOf(100_000, new MemoryRoomDirectory(random));
    await directory.sample('room', 30, 'p5');
    expect(random.draws).toBe(30);
  });

  it('picks every member about equally often, after removals moved members around', async () => {
    const directory = await roomOf(24, new MemoryRoomDirectory(seeded(4)));
    // Removing from the middle swaps the last members into the holes.
    for (const gone of ['p3', 'p10', 'p11', 'p17', 'p23']) await directory.remove('room', gone);
    const counts = new Map<string, number>();
    const rounds = 20_000;
    for (let round = 0; round < rounds; round++) {
      for (const peer of await directory.sample('room', 5, 'p0'))
        counts.set(peer, (counts.get(peer) ?? 0) + 1);
    }
    // 18 eligible members, 5 picked per round: each is expected 20,000 × 5/18 ≈ 5,556 times.
    const expected = (rounds * 5) / 18;
    expect(counts.size).toBe(18);
    expect(counts.has('p0')).toBe(false);
    for (const count of counts.values())
      expect(Math.abs(count - expected) / expected).toBeLessThan(0.05);
  });
});
