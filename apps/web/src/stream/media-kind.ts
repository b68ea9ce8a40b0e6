// Which files of a share the page can show while they arrive, and how: the
// browser's own players only, decided by the browser itself (canPlayType).

export type MediaKind = 'video' | 'audio' | 'image';

/**
 * Images every current browser shows in <img>. Not SVG: a picture that can
 * carry script is not worth the risk for a file a stranger sent.
 */
const VIEWABLE_IMAGES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'image/x-icon',
]);

/**
 * Types by extension, for manifests whose sharer's browser gave no type (it
 * leaves it empty for anything the OS does not name, such as .mkv).
 */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  webm: 'video/webm',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
  ogv: 'video/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  oga: 'audio/ogg',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
  svg: 'image/svg+xml',
};

/** A bare type/subtype in lower case: no parameters, nothing a header could be split with. */
const MEDIA_TYPE = /^(video|audio|image)\/[a-z0-9.+-]{1,64}$/;

/** The file's media type: the manifest's if it names one, else by extension; '' if neither. */
export function mediaTypeOf(file: { path: string; mimeType: string }): string {
  const given = file.mimeType.split(';')[0]!.trim().toLowerCase();
  if (MEDIA_TYPE.test(given)) return given;
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? (BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? '') : '';
}

export type Playability =
  | { kind: MediaKind; type: string }
  /** A video, audio or image file this browser cannot show itself. */
  | { kind: null; type: string; unsupported: true }
  /** Not media at all. */
  | null;

/**
 * Whether this browser can show the file as it arrives. `canPlayType` is the
 * browser's own answer for audio and video ('' means no; 'maybe' is its usual yes).
 */
export function playability(
  file: { path: string; mimeType: string },
  canPlayType: (type: string) => string,
): Playability {
  const type = mediaTypeOf(file);
  if (type === '') return null;
  if (type.startsWith('image/')) {
    return VIEWABLE_IMAGES.has(type)
      ? { kind: 'image', type }
      : { kind: null, type, unsupported: true };
  }
  const kind: MediaKind = type.startsWith('video/') ? 'video' : 'audio';
  return canPlayType(type) === '' ? { kind: null, type, unsupported: true } : { kind, type };
}
