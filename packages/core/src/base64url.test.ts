import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './base64url.ts';

describe('base64url', () => {
  it('matches Node for every length up to 40 bytes, without padding', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const text = toBase64url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64url(text)).toEqual(bytes);
    }
  });

  it('rejects characters outside the alphabet, padding and non-canonical endings', () => {
    for (const bad of ['ab+c', 'ab/c', 'abc=', 'a', 'AB']) {
      expect(() => fromBase64url(bad)).toThrow(
        expect.objectContaining({ code: 'malformed-base64url' }),
      );
    }
    expect(fromBase64url('AA')).toEqual(Uint8Array.of(0));
  });
});
