import { describe, expect, it } from 'vitest';
import { SAMPLE_REFRESH_MS, SAMPLE_SIZE, SamplingServer } from './sampling-server.ts';
import { seededRandom } from './random.ts';

function room(n: number, seed = 1): SamplingServer {
  const server = new SamplingServer(seededRandom(seed));
  for (let i = 0; i < n; i++) server.join(`p${i}`);
  return server;
}

describe('the sampling server model', () => {
  it('tells a joiner of everyone when the room is no larger than the sample', () => {
    const server = room(5);
    const answer = server.join('new');
    expect([...answer.sample].sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect([...answer.announced].sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('answers a join in a big room with K distinct members, never the joiner', () => {
    const server = room(1000);
    const answer = server.join('new');
    for (const list of [answer.sample, answer.announced]) {
      expect(list).toHaveLength(SAMPLE_SIZE);
      expect(new Set(list).size).toBe(SAMPLE_SIZE);
      expect(list).not.toContain('new');
    }
  });

  it('samples every member about equally often', () => {
    const server = room(100, 7);
    const counts = new Map<string, number>();
    for (let t = 0; t < 2000; t++) {
      for (const id of server.refresh('p0', t * SAMPLE_REFRESH_MS)!) {
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    expect(counts.has('p0')).toBe(false);
    expect(counts.size).toBe(99);
    // Each of 99 others is expected 2000 * 30 / 99 = 606 times.
    for (const n of counts.values()) expect(Math.abs(n - 606)).toBeLessThan(606 * 0.2);
  });

  it('refuses a fresh sample within 5 s of the last one, and to non-members', () => {
    const server = room(50);
    expect(server.refresh('p3', 1000)).toHaveLength(SAMPLE_SIZE);
    expect(server.refresh('p3', 1000 + SAMPLE_REFRESH_MS - 1)).toBeNull();
    expect(server.refresh('p3', 1000 + SAMPLE_REFRESH_MS)).toHaveLength(SAMPLE_SIZE);
    expect(server.refresh('stranger', 0)).toBeNull();
  });

  it('never hands out a member that left', () => {
    const server = room(40);
    for (let i = 0; i < 20; i++) server.leave(`p${i}`);
    expect(server.size).toBe(20);
    const seen = new Set(server.join('new').sample);
    for (let i = 0; i < 20; i++) expect(seen.has(`p${i}`)).toBe(false);
    expect(seen.size).toBe(20);
  });
});
