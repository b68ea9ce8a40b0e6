import { describe, expect, it } from 'vitest';
import { generateBytes, MemoryFileSource } from './memory-file-source.ts';

describe('MemoryFileSource', () => {
  it('generates the same bytes for a range however it is read', () => {
    const whole = generateBytes(5, 0, 300_000);
    expect(generateBytes(5, 65_530, 140_000)).toEqual(whole.subarray(65_530, 140_000));
    expect(generateBytes(5, 3, 7)).toEqual(whole.subarray(3, 7));
  });

  it('differs between seeds and between 64 KiB chunks', () => {
    expect(generateBytes(1, 0, 16)).not.toEqual(generateBytes(2, 0, 16));
    const a = generateBytes(1, 0, 8);
    const b = generateBytes(1, 65_536, 65_544);
    expect(a).not.toEqual(b);
  });

  it('clamps reads to the file and records the largest read', async () => {
    const file = MemoryFileSource.fromBytes('x', Uint8Array.of(1, 2, 3));
    expect(await file.read(1, 10)).toEqual(Uint8Array.of(2, 3));
    expect(file.maxReadBytes).toBe(2);
  });
});
