import { describe, expect, it } from 'vitest';
import { decodeSignalData, signalByteLength } from '@shoal/protocol';
import { candidateSignal, readStamp } from './payload.ts';

describe('candidateSignal', () => {
  it('is a simple-peer candidate of 200 to 300 bytes that the server accepts', () => {
    for (const seq of [0, 1, 9_999, 123_456_789]) {
      const data = candidateSignal({ seq, sentAt: 1_234_567.123_456_7 });
      expect(data['type']).toBe('candidate');
      const bytes = signalByteLength(data);
      expect(bytes).toBeGreaterThanOrEqual(200);
      expect(bytes).toBeLessThanOrEqual(300);
      expect(decodeSignalData(data).ok).toBe(true);
    }
  });

  it('carries a stamp that survives a JSON round trip', () => {
    const data = JSON.parse(JSON.stringify(candidateSignal({ seq: 42, sentAt: 7.5 })));
    expect(readStamp(data)).toEqual({ seq: 42, sentAt: 7.5 });
  });
});

describe('readStamp', () => {
  it('ignores signals without a well-formed stamp', () => {
    expect(readStamp({ type: 'candidate' })).toBeUndefined();
    expect(readStamp({ bench: [1, 2] })).toBeUndefined();
    expect(readStamp({ bench: { seq: -1, sentAt: 1 } })).toBeUndefined();
    expect(readStamp({ bench: { seq: 1.5, sentAt: 1 } })).toBeUndefined();
    expect(readStamp({ bench: { seq: 1, sentAt: 'now' } })).toBeUndefined();
  });
});
