import { createHash } from 'node:crypto';
import { decodeManifest } from '@shoal/protocol';
import { describe, expect, it } from 'vitest';
import type { Sha256 } from './interfaces.ts';
import {
  assembleShare,
  buildManifest,
  HASH_BATCH_BYTES,
  hashPieces,
  mergeHashParts,
  piecesOfPart,
  planShare,
  READ_AHEAD_BATCHES,
  type BuildProgress,
} from './manifest-builder.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** How planShare refuses one-byte files at `paths`: its error's code and message. */
function refusalOf(paths: string[]): { code: unknown; message: string } {
  try {
    planShare(paths.map((path) => MemoryFileSource.fromBytes(path, new Uint8Array(1))));
  } catch (error) {
    return { code: (error as { code?: unknown }).code, message: (error as Error).message };
  }
  throw new Error(`planShare accepted ${JSON.stringify(paths)}`);
}

describe('buildManifest', () => {
  it('hashes each piece of the concatenated files and derives the share id from the encoding', async () => {
    const a = MemoryFileSource.generated('dir/a.bin', 300 * KiB, 1, 'application/octet-stream');
    const empty = MemoryFileSource.fromBytes('dir/empty.txt', new Uint8Array(0), 'text/plain');
    const b = MemoryFileSource.generated('b.bin', 250 * KiB, 2);
    const built = await buildManifest([a, empty, b], { sha256 });
    const all = Buffer.concat([await a.read(0, a.size), await b.read(0, b.size)]);
    expect(built.manifest.pieceSize).toBe(256 * KiB);
    expect(built.manifest.pieceHashes.map(hex)).toEqual([
      hex(await sha256(all.subarray(0, 256 * KiB))),
      hex(await sha256(all.subarray(256 * KiB, 512 * KiB))),
      hex(await sha256(all.subarray(512 * KiB))),
    ]);
    expect(built.manifest.files).toEqual([
      { path: 'dir/a.bin', size: 300 * KiB, mimeType: 'application/octet-stream' },
      { path: 'dir/empty.txt', size: 0, mimeType: 'text/plain' },
      { path: 'b.bin', size: 250 * KiB, mimeType: '' },
    ]);
    expect(hex(built.shareId)).toBe(hex(await sha256(built.manifestBytes)));
    const decoded = decodeManifest(built.manifestBytes);
    expect(decoded.ok && decoded.value.pieceHashes.length).toBe(3);
  });

  it('salts with 32 fresh random bytes, so the same files give a different share id', async () => {
    const file = MemoryFileSource.fromBytes('same.txt', new TextEncoder().encode('hello'));
    const one = await buildManifest([file], { sha256 });
    const two = await buildManifest([file], { sha256 });
    expect(one.manifest.salt).toHaveLength(32);
    expect(hex(one.shareId)).not.toBe(hex(two.shareId));
    const fixed = (n: number) => new Uint8Array(n).fill(1);
    const three = await buildManifest([file], { sha256, randomBytes: fixed });
    const four = await buildManifest([file], { sha256, randomBytes: fixed });
    expect(hex(three.shareId)).toBe(hex(four.shareId));
  });

  it('reads in batches of at most HASH_BATCH_BYTES and reports progress per piece', async () => {
    const file = MemoryFileSource.generated('big.bin', 5 * 256 * KiB + 1, 3);
    const progress: BuildProgress[] = [];
    await buildManifest([file], { sha256, onProgress: (p) => progress.push(p) });
    expect(file.maxReadBytes).toBeLessThanOrEqual(HASH_BATCH_BYTES);
    expect(file.reads).toBe(1);
    const big = MemoryFileSource.generated('bigger.bin', 3 * HASH_BATCH_BYTES, 5);
    await buildManifest([big], { sha256, pieceSize: 256 * KiB });
    expect(big.maxReadBytes).toBe(HASH_BATCH_BYTES);
    expect(big.reads).toBe(3);
    expect(progress.map((p) => p.hashedPieces)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.at(-1)).toMatchObject({ hashedBytes: file.size, totalBytes: file.size });
  });

  it.each([1, 2, 3])(
    'hashed in %i parts side by side, gives the same manifest as hashed whole',
    async (parts) => {
      // 4 MiB pieces make 4 per batch: 11 pieces are 3 batches, cut across two files.
      const sources = [
        MemoryFileSource.generated('a.bin', 17 * MiB + 5, 6),
        MemoryFileSource.generated('b.bin', 26 * MiB, 7),
      ];
      const fixed = (n: number) => new Uint8Array(n).fill(9);
      const whole = await buildManifest(sources, {
        sha256,
        pieceSize: 4 * MiB,
        randomBytes: fixed,
      });
      const plan = planShare(sources, 4 * MiB);
      const hashed = await Promise.all(
        Array.from({ length: parts }, (_, part) =>
          hashPieces(sources, plan.layout, { sha256, part, parts }),
        ),
      );
      const built = await assembleShare(plan, mergeHashParts(plan.layout, hashed), {
        sha256,
        randomBytes: fixed,
      });
      expect(plan.layout.pieceCount).toBe(11);
      expect(hex(built.manifestBytes)).toBe(hex(whole.manifestBytes));
      expect(hex(built.shareId)).toBe(hex(whole.shareId));
    },
  );

  it('deals batches out to parts in turn, every piece to exactly one part', () => {
    const { layout } = planShare([MemoryFileSource.generated('f.bin', 40 * MiB, 8)], 4 * MiB);
    expect(piecesOfPart(layout, 0, 2)).toEqual([0, 1, 2, 3, 8, 9]);
    expect(piecesOfPart(layout, 1, 2)).toEqual([4, 5, 6, 7]);
    for (const parts of [1, 2, 3, 5]) {
      const all = Array.from({ length: parts }, (_, p) => piecesOfPart(layout, p, parts)).flat();
      expect(all.sort((x, y) => x - y)).toEqual([...Array(10).keys()]);
    }
  });

  it('refuses to merge a part whose hash count does not match its pieces', () => {
    const { layout } = planShare([MemoryFileSource.generated('f.bin', 40 * MiB, 8)], 4 * MiB);
    const hash = new Uint8Array(32);
    expect(() => mergeHashParts(layout, [Array(6).fill(hash), Array(3).fill(hash)])).toThrow(
      /part 1 has 3 hashes for 4 pieces/,
    );
  });

  it('stops with code aborted when the signal fires, reading at most one batch ahead', async () => {
    const controller = new AbortController();
    const perBatch = HASH_BATCH_BYTES / (256 * KiB);
    const file = MemoryFileSource.generated('big.bin', 6 * perBatch * 256 * KiB, 4);
    const build = buildManifest([file], {
      sha256,
      pieceSize: 256 * KiB,
      signal: controller.signal,
      onProgress: (p) => p.hashedPieces === 2 && controller.abort(),
    });
    await expect(build).rejects.toMatchObject({ code: 'aborted' });
    // The batch being hashed and those read ahead, no more.
    expect(file.reads).toBeLessThanOrEqual(1 + READ_AHEAD_BATCHES);
    expect(perBatch).toBeGreaterThan(2);
  });

  it('refuses absolute paths and ".." segments with invalid-source', async () => {
    for (const path of ['/etc/passwd', 'a/../b', '']) {
      const file = MemoryFileSource.fromBytes(path, new Uint8Array(1));
      await expect(buildManifest([file], { sha256 })).rejects.toMatchObject({
        code: 'invalid-source',
      });
    }
  });

  it('refuses, before reading a byte, a file name with an invisible direction override, naming the file, the reason and the code point escaped', () => {
    const file = MemoryFileSource.generated('invoice\u202Efdp.exe', 1000, 1);
    expect(() => planShare([file])).toThrow(
      expect.objectContaining({
        code: 'invalid-source',
        message:
          'The file name "invoice[U+202E]fdp.exe" contains an invisible direction-changing character (U+202E); rename it and share again.',
      }),
    );
    expect(file.reads).toBe(0);
  });

  it.each([
    ['a zero-width space', 'a\u200Bb.txt', 'an invisible character (U+200B)'],
    ['a C1 control', 'a\u0085b.txt', 'a control character (U+0085)'],
    ['a line separator', 'a\u2028b.txt', 'a line or paragraph separator (U+2028)'],
    ['a backslash', 'a\\b.txt', 'a backslash'],
    ['a name too long', `${'n'.repeat(5000)}.txt`, 'too long'],
  ])('refuses a file name with %s in plain words', (_name, path, reason) => {
    expect(refusalOf([path])).toEqual({
      code: 'invalid-source',
      message: expect.stringContaining(reason),
    });
  });

  it('refuses two files whose names differ only in letter case or accent encoding, naming both', () => {
    expect(refusalOf(['Photos/Caf\u00e9.jpg', 'photos/cafe\u0301.JPG'])).toEqual({
      code: 'invalid-source',
      message: expect.stringMatching(
        /^The files "Photos\/Caf\u00e9\.jpg" and "photos\/cafe\u0301\.JPG" .*letter case.*; rename one and share again\.$/u,
      ),
    });
  });

  it('refuses a file whose name is also a folder once case is ignored', () => {
    expect(refusalOf(['Notes', 'notes/a.txt'])).toEqual({
      code: 'invalid-source',
      message: expect.stringContaining('"Notes" is a file, but "notes/a.txt" puts a folder'),
    });
  });

  it('works with the default WebCrypto hash', async () => {
    const file = MemoryFileSource.fromBytes('x', new TextEncoder().encode('abc'));
    const built = await buildManifest([file]);
    expect(hex(built.manifest.pieceHashes[0]!)).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('builds a 10,000-piece manifest over 2.5 GiB of generated data (with a sampling hash)', async () => {
    // Honest scope: a real SHA-256 of 2.5 GiB takes too long for a unit test, so
    // pieces are hashed by a stand-in that reads 4 KiB of each (every piece starts
    // with a unique stamp). What this covers: piece layout, reads and encoding at scale.
    const sampling: Sha256 = async (data) =>
      createHash('sha256')
        .update(data.length > 1024 * KiB ? data.subarray(0, 4 * KiB) : data)
        .digest();
    const file = MemoryFileSource.generated('huge.bin', 10_000 * 256 * KiB, 5);
    const built = await buildManifest([file], { sha256: sampling, pieceSize: 256 * KiB });
    expect(built.manifest.pieceHashes).toHaveLength(10_000);
    expect(new Set(built.manifest.pieceHashes.map(hex)).size).toBe(10_000);
    expect(file.maxReadBytes).toBe(HASH_BATCH_BYTES);
    expect(built.manifestBytes.length).toBeGreaterThan(320_000);
    // A hang guard, not a speed target: generating 2.5 GiB takes seconds on a
    // quiet machine and over 20 s on two cores shared with browsers.
  }, 180_000);
});
