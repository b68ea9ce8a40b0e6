import { describe, expect, it } from 'vitest';
import {
  countAck,
  countEvent,
  countsSince,
  emptyCounts,
  mergeCounts,
  messagesPerRequest,
  shareOf,
} from './crowd-tally.ts';

describe('crowd counts', () => {
  it('counts events by name and unknown ones as other', () => {
    const counts = emptyCounts();
    countEvent(counts, 'peer-joined');
    countEvent(counts, 'peer-joined');
    countEvent(counts, 'peer-left');
    countEvent(counts, 'surprise');
    expect(counts.events['peer-joined']).toBe(2);
    expect(counts.events['peer-left']).toBe(1);
    expect(counts.events.other).toBe(1);
  });

  it('keeps the longest peers list and counts refusals by code', () => {
    const counts = emptyCounts();
    countAck(counts, 3);
    countAck(counts, 30);
    countAck(counts, 7);
    countAck(counts, undefined, 'room-full');
    expect(counts.acks).toBe(4);
    expect(counts.maxPeers).toBe(30);
    expect(counts.refused).toEqual({ 'room-full': 1 });
  });

  it('merges workers by adding counts and taking the largest sample', () => {
    const a = emptyCounts();
    const b = emptyCounts();
    countEvent(a, 'peer-joined');
    countAck(a, 5, 'rate-limited');
    countEvent(b, 'peer-joined');
    countAck(b, 9, 'rate-limited');
    countAck(b, 2);
    const total = mergeCounts([a, b]);
    expect(total.events['peer-joined']).toBe(2);
    expect(total.acks).toBe(3);
    expect(total.maxPeers).toBe(9);
    expect(total.refused).toEqual({ 'rate-limited': 2 });
  });

  it('subtracts an earlier snapshot to give what arrived in between', () => {
    const earlier = emptyCounts();
    countEvent(earlier, 'peer-left');
    countAck(earlier, 4, 'room-full');
    const later = mergeCounts([earlier]);
    countEvent(later, 'peer-left');
    countEvent(later, 'peer-left');
    countAck(later, 4);
    const delta = countsSince(later, earlier);
    expect(delta.events['peer-left']).toBe(2);
    expect(delta.acks).toBe(1);
    expect(delta.refused).toEqual({});
  });

  it('counts every event but config, plus acks, per request', () => {
    const counts = emptyCounts();
    for (let i = 0; i < 10; i++) countEvent(counts, 'config');
    for (let i = 0; i < 60; i++) countEvent(counts, 'peer-joined');
    for (let i = 0; i < 10; i++) countAck(counts, 6);
    expect(messagesPerRequest(counts, 10)).toBe(7);
    expect(messagesPerRequest(counts, 0)).toBeNaN();
  });
});

describe('shareOf', () => {
  it('deals every client to exactly one worker, round-robin', () => {
    expect([0, 1, 2].map((w) => shareOf(10, 3, w))).toEqual([4, 3, 3]);
    expect([0, 1].map((w) => shareOf(10_000, 2, w))).toEqual([5_000, 5_000]);
    expect(() => shareOf(10, 2, 2)).toThrow(RangeError);
  });
});
