import { describe, expect, it } from 'vitest';
import { parseRange } from './byte-range.ts';

describe('parseRange', () => {
  it('reads an open range, a closed one and a suffix', () => {
    expect(parseRange('bytes=0-', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=100-199', 1000)).toEqual({ start: 100, end: 199 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('Bytes= 5 - 9 ', 1000)).toEqual({ start: 5, end: 9 });
  });

  it('clips a range that runs past the end, and a suffix longer than the file', () => {
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
  });

  it('says a range that starts past the end cannot be satisfied', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
  });

  it('ignores what it may ignore: no header, other units, several ranges, bad syntax', () => {
    for (const header of [
      null,
      'items=0-1',
      'bytes=0-1,5-9',
      'bytes=abc',
      'bytes=5',
      'bytes=9-5',
      'bytes=+5-',
      'bytes=0x10-',
      'bytes=1e3-',
      'bytes=-',
    ]) {
      expect(parseRange(header, 1000)).toBeNull();
    }
  });
});
