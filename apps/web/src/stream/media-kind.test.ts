import { describe, expect, it } from 'vitest';
import { mediaTypeOf, playability } from './media-kind.ts';

/** A browser that plays WebM and MP4 video and MP3 audio, and nothing else. */
const canPlay = (type: string) =>
  ['video/webm', 'video/mp4', 'audio/mpeg'].includes(type) ? 'maybe' : '';

describe('mediaTypeOf', () => {
  it("takes the manifest's type, without parameters, and falls back to the extension", () => {
    expect(mediaTypeOf({ path: 'a/clip.bin', mimeType: 'video/webm; codecs="vp9"' })).toBe(
      'video/webm',
    );
    expect(mediaTypeOf({ path: 'film.MKV', mimeType: '' })).toBe('video/x-matroska');
    expect(mediaTypeOf({ path: 'notes.txt', mimeType: 'text/plain' })).toBe('');
    expect(mediaTypeOf({ path: '.webm', mimeType: '' })).toBe('');
  });

  it('does not take a type that could smuggle a header or is not media', () => {
    expect(mediaTypeOf({ path: 'x.mp4', mimeType: 'video/mp4\r\nset-cookie: a=b' })).toBe(
      'video/mp4',
    );
    expect(mediaTypeOf({ path: 'x', mimeType: 'text/html' })).toBe('');
  });
});

describe('playability', () => {
  it('plays what the browser says it can, and names what it cannot', () => {
    expect(playability({ path: 'v.webm', mimeType: '' }, canPlay)).toEqual({
      kind: 'video',
      type: 'video/webm',
    });
    expect(playability({ path: 's.mp3', mimeType: 'audio/mpeg' }, canPlay)).toEqual({
      kind: 'audio',
      type: 'audio/mpeg',
    });
    expect(playability({ path: 'f.mkv', mimeType: '' }, canPlay)).toEqual({
      kind: null,
      type: 'video/x-matroska',
      unsupported: true,
    });
  });

  it('shows common images but never SVG, and leaves other files alone', () => {
    expect(playability({ path: 'p.JPG', mimeType: '' }, canPlay)).toEqual({
      kind: 'image',
      type: 'image/jpeg',
    });
    expect(playability({ path: 'd.svg', mimeType: 'image/svg+xml' }, canPlay)).toMatchObject({
      kind: null,
    });
    expect(playability({ path: 'a.zip', mimeType: 'application/zip' }, canPlay)).toBeNull();
  });
});
