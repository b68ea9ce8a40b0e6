import { createHash } from 'node:crypto';
import { isRoomId } from '@shoal/protocol';
import { describe, expect, it } from 'vitest';
import { toBase64url } from './base64url.ts';
import { authKeyOf, formatLink, parseLink, roomIdOf, shareIdOf } from './ids.ts';

const shareId = Uint8Array.from({ length: 32 }, (_, i) => i * 7);

describe('ids and links', () => {
  it('share id is the SHA-256 of the manifest bytes', async () => {
    const bytes = new TextEncoder().encode('manifest');
    expect(Buffer.from(await shareIdOf(bytes))).toEqual(
      createHash('sha256').update(bytes).digest(),
    );
  });

  it('room id is 43 base64url characters of a domain-separated hash, unlike the share id', async () => {
    const room = await roomIdOf(shareId);
    expect(room).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from('shoal/room/v1\0'), shareId]))
      .digest('base64url');
    expect(room).toBe(expected);
    expect(room).not.toBe(toBase64url(shareId));
  });

  it("room ids pass the signaling server's own validator", async () => {
    for (let seed = 0; seed < 50; seed++) {
      const id = Uint8Array.from({ length: 32 }, (_, i) => (i * seed + 3) & 0xff);
      expect(isRoomId(await roomIdOf(id))).toBe(true);
    }
  });

  it('auth key differs from both the share id and the room id hash', async () => {
    const key = await authKeyOf(shareId);
    expect(key).toHaveLength(32);
    expect(toBase64url(key)).not.toBe(await roomIdOf(shareId));
    expect(key).not.toEqual(shareId);
  });

  it('formats the share id into the fragment only and parses it back', () => {
    const link = formatLink('https://shoal.example/', shareId);
    expect(link).toBe(`https://shoal.example/#${toBase64url(shareId)}`);
    expect(new URL(link).pathname).toBe('/');
    expect(parseLink(link)).toEqual(shareId);
    expect(parseLink(`#${toBase64url(shareId)}`)).toEqual(shareId);
  });

  it('throws malformed-link for fragments that are not a 43-character id', () => {
    const id = toBase64url(shareId);
    for (const bad of [
      'https://shoal.example/',
      'https://shoal.example/#',
      `https://shoal.example/#${id}x`,
      `https://shoal.example/#${id.slice(1)}`,
      `https://shoal.example/#${id.slice(0, 42)}+`,
      `https://shoal.example/#${id.slice(0, 42)}B`, // non-canonical last character
    ]) {
      expect(() => parseLink(bad), bad).toThrow(
        expect.objectContaining({ code: 'malformed-link' }),
      );
    }
  });
});
