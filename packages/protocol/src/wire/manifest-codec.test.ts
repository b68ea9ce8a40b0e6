import { describe, expect, it } from 'vitest';
import { HASH_BYTES, MAX_MANIFEST_BYTES, MAX_PIECE_COUNT } from './frames.ts';
import {
  MANIFEST_MAGIC,
  MANIFEST_VERSION,
  MAX_FILES,
  MAX_PIECE_SIZE_LOG2,
  MAX_SALT_BYTES,
  MIN_PIECE_SIZE_LOG2,
  MIN_SALT_BYTES,
  type Manifest,
} from './manifest.ts';
import { decodeManifest, encodeManifest, validateManifest } from './manifest-codec.ts';
import { InvalidManifestError, type ManifestErrorCode } from './manifest-error.ts';
import { fakeHash, sampleManifest, SMALL_PIECE } from './sample-manifests.ts';

const utf8 = (text: string): number[] => [...new TextEncoder().encode(text)];
const u16 = (n: number): number[] => [n >>> 8, n & 255];
const u32 = (n: number): number[] => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u64 = (n: number): number[] => [...u32(Math.floor(n / 2 ** 32)), ...u32(n % 2 ** 32)];

interface RawFile {
  path?: number[];
  size?: number[];
  mime?: number[];
}

/** Hand-built manifest bytes, field by field, so each test can break exactly one field. */
function raw(fields: {
  magic?: number[];
  version?: number;
  salt?: number[];
  log2?: number;
  files?: RawFile[];
  fileCount?: number;
  hashes?: number;
  pieceCount?: number;
  extra?: number[];
}): Uint8Array {
  const files = fields.files ?? [{}];
  const hashes = fields.hashes ?? 1;
  const out = [
    ...(fields.magic ?? MANIFEST_MAGIC),
    fields.version ?? MANIFEST_VERSION,
    ...((salt) => [salt.length, ...salt])(fields.salt ?? new Array<number>(MIN_SALT_BYTES).fill(7)),
    fields.log2 ?? MIN_PIECE_SIZE_LOG2,
    ...u32(fields.fileCount ?? files.length),
  ];
  for (const file of files) {
    const path = file.path ?? utf8('a.txt');
    const mime = file.mime ?? utf8('text/plain');
    out.push(...u16(path.length), ...path, ...(file.size ?? u64(5)), mime.length, ...mime);
  }
  out.push(...u32(fields.pieceCount ?? hashes));
  for (let i = 0; i < hashes; i++) out.push(...fakeHash(i));
  out.push(...(fields.extra ?? []));
  return Uint8Array.from(out);
}

function errorCode(bytes: Uint8Array): ManifestErrorCode | 'ok' {
  const result = decodeManifest(bytes);
  return result.ok ? 'ok' : result.error.code;
}

/**
 * Encodes, decodes and re-encodes. Deep equality is slow for thousands of hashes, so
 * big manifests are compared through their encoding (the layout is unambiguous, so
 * equal bytes mean equal manifests).
 */
function roundTrip(manifest: Manifest): void {
  const bytes = encodeManifest(manifest);
  const decoded = decodeManifest(bytes);
  if (!decoded.ok) throw new Error(`did not decode: ${decoded.error.message}`);
  expect(Buffer.from(encodeManifest(decoded.value)).equals(bytes)).toBe(true);
  expect(decoded.value.files.length).toBe(manifest.files.length);
  expect(decoded.value.pieceHashes.length).toBe(manifest.pieceHashes.length);
  if (manifest.files.length + manifest.pieceHashes.length < 100) {
    expect(decoded.value).toEqual(manifest);
  }
}

describe('manifest codec', () => {
  it('round-trips a single zero-byte file with no pieces', () => {
    roundTrip(sampleManifest([{ path: 'empty', size: 0 }]));
  });

  it('round-trips zero-byte files among others, with pieces across file boundaries', () => {
    roundTrip(
      sampleManifest([
        { path: 'docs/a.txt', size: 10, mimeType: 'text/plain' },
        { path: 'docs/empty', size: 0 },
        { path: 'img/🐟.png', size: SMALL_PIECE * 2 + 1, mimeType: 'image/png' },
      ]),
    );
  });

  it('round-trips many small files', () => {
    const files = Array.from({ length: 5000 }, (_, i) => ({ path: `d${i % 7}/f${i}`, size: i }));
    roundTrip(sampleManifest(files));
  });

  it('round-trips 10,000 pieces of the largest size', () => {
    const manifest = sampleManifest(
      [{ path: 'big.iso', size: 10_000 * 2 ** MAX_PIECE_SIZE_LOG2 - 3 }],
      2 ** MAX_PIECE_SIZE_LOG2,
    );
    expect(manifest.pieceHashes).toHaveLength(10_000);
    roundTrip(manifest);
  });

  it('refuses a share too big for MAX_PIECE_COUNT pieces even when its size is safe', () => {
    const manifest = {
      ...sampleManifest([{ size: 0 }], 2 ** MAX_PIECE_SIZE_LOG2),
      files: [{ path: 'huge', size: Number.MAX_SAFE_INTEGER, mimeType: '' }],
    };
    expect(validateManifest(manifest)).toMatchObject({
      ok: false,
      error: { code: 'bad-piece-count' },
    });
  });

  it('leaves room in MAX_MANIFEST_BYTES for the hashes of MAX_PIECE_COUNT pieces and a file list', () => {
    expect(MAX_PIECE_COUNT * HASH_BYTES).toBeLessThanOrEqual(MAX_MANIFEST_BYTES / 2);
  });

  it('lays out magic, version, salt, piece size, files and hashes in that order', () => {
    const manifest = sampleManifest([{ path: 'a.txt', size: 5, mimeType: 'text/plain' }]);
    manifest.salt = new Uint8Array(MIN_SALT_BYTES).fill(7);
    manifest.pieceHashes = [fakeHash(0)];
    expect(encodeManifest(manifest)).toEqual(raw({}));
    expect(encodeManifest(manifest).subarray(0, 8)).toEqual(Uint8Array.from(utf8('SHOALMF\u0001')));
  });

  it('owns its decoded bytes, so the input buffer may be reused', () => {
    const bytes = raw({});
    const decoded = decodeManifest(bytes);
    bytes.fill(0);
    expect(decoded.ok && decoded.value.pieceHashes[0]).toEqual(fakeHash(0));
    expect(decoded.ok && decoded.value.salt[0]).toBe(7);
  });

  it('reads a leading byte order mark as part of the path, not dropping it, and refuses it', () => {
    const bytes = raw({ files: [{ path: utf8('\uFEFFa') }] });
    expect(decodeManifest(bytes)).toMatchObject({
      ok: false,
      error: { code: 'bad-path', path: '\uFEFFa' },
    });
  });
});

describe('manifest decoder errors', () => {
  it('calls every cut-short manifest truncated', () => {
    const bytes = raw({ files: [{}, { path: utf8('b'), size: u64(SMALL_PIECE) }], hashes: 2 });
    expect(errorCode(bytes)).toBe('ok');
    for (let length = 0; length < bytes.length; length++) {
      expect(errorCode(bytes.subarray(0, length)), `length ${length}`).toBe('truncated');
    }
  });

  it.each<[string, Uint8Array, ManifestErrorCode]>([
    ['a byte after the last hash', raw({ extra: [0] }), 'trailing-bytes'],
    ['another magic', raw({ magic: utf8('SHOALMG') }), 'bad-magic'],
    ['version 2', raw({ version: 2 }), 'unsupported-version'],
    ['version 0', raw({ version: 0 }), 'unsupported-version'],
    [
      'a salt one byte short',
      raw({ salt: new Array<number>(MIN_SALT_BYTES - 1).fill(1) }),
      'bad-salt',
    ],
    [
      'a salt one byte long',
      raw({ salt: new Array<number>(MAX_SALT_BYTES + 1).fill(1) }),
      'bad-salt',
    ],
    ['a piece size below the minimum', raw({ log2: MIN_PIECE_SIZE_LOG2 - 1 }), 'bad-piece-size'],
    ['a piece size above the maximum', raw({ log2: MAX_PIECE_SIZE_LOG2 + 1 }), 'bad-piece-size'],
    ['a piece size of 2^255', raw({ log2: 255 }), 'bad-piece-size'],
    ['no files', raw({ files: [], hashes: 0 }), 'bad-file-count'],
    ['more files than MAX_FILES', raw({ fileCount: MAX_FILES + 1 }), 'bad-file-count'],
    ['a file count the bytes cannot hold', raw({ fileCount: 1000 }), 'truncated'],
    ['a path with a parent segment', raw({ files: [{ path: utf8('../x') }] }), 'bad-path'],
    ['an absolute path', raw({ files: [{ path: utf8('/x') }] }), 'bad-path'],
    ['an empty path', raw({ files: [{ path: [] }] }), 'bad-path'],
    ['a path with a control character', raw({ files: [{ path: [0x61, 0x0a] }] }), 'bad-path'],
    [
      'a path with a right-to-left override',
      raw({ files: [{ path: utf8('invoice\u202Efdp.exe') }] }),
      'bad-path',
    ],
    ['a path with a C1 control', raw({ files: [{ path: utf8('a\u0085') }] }), 'bad-path'],
    ['a path with a zero-width space', raw({ files: [{ path: utf8('a\u200Bb') }] }), 'bad-path'],
    ['a path with a line separator', raw({ files: [{ path: utf8('a\u2028b') }] }), 'bad-path'],
    ['a path of invalid UTF-8', raw({ files: [{ path: [0x61, 0xff] }] }), 'bad-utf8'],
    [
      'a path with an encoded surrogate',
      raw({ files: [{ path: [0xed, 0xa0, 0x80] }] }),
      'bad-utf8',
    ],
    [
      'a path with an overlong slash',
      raw({ files: [{ path: [0x61, 0xc0, 0xaf, 0x62] }] }),
      'bad-utf8',
    ],
    ['a duplicate path', raw({ files: [{}, { size: u64(0) }] }), 'duplicate-path'],
    [
      'two paths that differ only in letter case',
      raw({ files: [{ path: utf8('A.txt') }, { path: utf8('a.TXT'), size: u64(0) }] }),
      'duplicate-path',
    ],
    [
      'two paths that differ only in Unicode normalization',
      raw({ files: [{ path: utf8('caf\u00e9') }, { path: utf8('cafe\u0301'), size: u64(0) }] }),
      'duplicate-path',
    ],
    [
      'a file that is also a folder once case is ignored',
      raw({ files: [{ path: utf8('A') }, { path: utf8('a/b'), size: u64(0) }] }),
      'path-conflict',
    ],
    [
      'a file that is also a folder',
      raw({ files: [{ path: utf8('a') }, { path: utf8('a/b'), size: u64(0) }] }),
      'path-conflict',
    ],
    [
      'a size past MAX_SAFE_INTEGER',
      raw({ files: [{ size: u64(Number.MAX_SAFE_INTEGER + 1) }] }),
      'bad-size',
    ],
    ['a size of 2^64-1', raw({ files: [{ size: new Array<number>(8).fill(255) }] }), 'bad-size'],
    [
      'a total past MAX_SAFE_INTEGER',
      raw({ files: [{ size: u64(Number.MAX_SAFE_INTEGER) }, { path: utf8('b'), size: u64(1) }] }),
      'bad-size',
    ],
    ['a MIME type with a control character', raw({ files: [{ mime: [0x61, 0x09] }] }), 'bad-mime'],
    ['a MIME type with a non-ASCII byte', raw({ files: [{ mime: [0xc3, 0xa9] }] }), 'bad-mime'],
    ['one piece hash too many', raw({ hashes: 2 }), 'bad-piece-count'],
    ['one piece hash too few', raw({ hashes: 0 }), 'bad-piece-count'],
    [
      'a piece for a zero-byte share',
      raw({ files: [{ size: u64(0) }], hashes: 1 }),
      'bad-piece-count',
    ],
    [
      'a piece count over MAX_PIECE_COUNT',
      raw({ pieceCount: MAX_PIECE_COUNT + 1 }),
      'bad-piece-count',
    ],
    ['a piece count the bytes cannot hold', raw({ pieceCount: 2 }), 'truncated'],
  ])('calls a manifest with %s $2', (_name, bytes, code) => {
    expect(errorCode(bytes)).toBe(code);
  });

  it('calls more than MAX_MANIFEST_BYTES too-large without reading them', () => {
    expect(errorCode(new Uint8Array(MAX_MANIFEST_BYTES + 1))).toBe('too-large');
  });
});

describe('manifest encoder', () => {
  it.each<[string, Manifest, ManifestErrorCode]>([
    ['no files', sampleManifest([]), 'bad-file-count'],
    ['an unsafe path', sampleManifest([{ path: 'a/../../b' }]), 'bad-path'],
    ['a bidi override in a path', sampleManifest([{ path: 'a\u202Eb' }]), 'bad-path'],
    [
      'paths that differ only in case',
      sampleManifest([{ path: 'Read.me' }, { path: 'READ.ME' }]),
      'duplicate-path',
    ],
    ['a lone surrogate in a path', sampleManifest([{ path: 'a\uDC00' }]), 'bad-path'],
    ['a fractional size', sampleManifest([{ size: 1.5 }]), 'bad-size'],
    ['a negative size', sampleManifest([{ size: -1 }]), 'bad-size'],
    ['a non-ASCII MIME type', sampleManifest([{ mimeType: 'text/é' }]), 'bad-mime'],
    [
      'a piece size that is no power of two',
      { ...sampleManifest([{ size: 1 }]), pieceSize: 300_000 },
      'bad-piece-size',
    ],
    [
      'a piece size a hair off a power of two',
      { ...sampleManifest([{ size: 1 }]), pieceSize: SMALL_PIECE + 1e-10 },
      'bad-piece-size',
    ],
    [
      'a short salt',
      { ...sampleManifest([{ size: 1 }]), salt: new Uint8Array(MIN_SALT_BYTES - 1) },
      'bad-salt',
    ],
    [
      'a short hash',
      { ...sampleManifest([{ size: 1 }]), pieceHashes: [new Uint8Array(HASH_BYTES - 1)] },
      'bad-hash',
    ],
    ['a missing hash', { ...sampleManifest([{ size: 1 }]), pieceHashes: [] }, 'bad-piece-count'],
  ])(
    'refuses a manifest with %s, as $2, throwing InvalidManifestError',
    (_name, manifest, code) => {
      expect(validateManifest(manifest)).toMatchObject({ ok: false, error: { code } });
      expect(() => encodeManifest(manifest)).toThrow(InvalidManifestError);
    },
  );

  it('refuses a manifest whose encoding would pass MAX_MANIFEST_BYTES', () => {
    const path = (i: number): string => `${i}/${'p'.repeat(4000)}`;
    const manifest = sampleManifest(Array.from({ length: 4200 }, (_, i) => ({ path: path(i) })));
    expect(validateManifest(manifest)).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });
});
