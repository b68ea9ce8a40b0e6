import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '@shoal/protocol';
import { unzip, zipDirectory } from '@shoal/testkit';
import { shareZip, type ZipPieceSource } from './share-zip.ts';

interface TestFile {
  path: string;
  size: number;
  /** The file's bytes; undefined for a file of `size` zeros, never held whole. */
  bytes?: Uint8Array;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const text = (value: string) => new TextEncoder().encode(value);
const MODIFIED = new Date(2026, 0, 2, 3, 4, 6);

function manifestOf(files: TestFile[], pieceSize: number): Manifest {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  return {
    salt: new Uint8Array(32),
    pieceSize,
    files: files.map(({ path, size }) => ({ path, size, mimeType: '' })),
    pieceHashes: Array.from({ length: Math.ceil(total / pieceSize) }, () => new Uint8Array(32)),
  };
}

/**
 * The pieces of `files` laid end to end, as a store holds them: as Blobs, or as
 * bytes (a store written by an older version, and in Node, where a Blob cannot
 * pass 4 GiB). Pieces wholly inside a file of zeros share one buffer. `reads`
 * records each piece asked for.
 */
function pieceStore(
  files: TestFile[],
  pieceSize: number,
  storedAs: 'blobs' | 'bytes',
  reads: number[] = [],
): ZipPieceSource {
  const zeros = new Uint8Array(pieceSize);
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const piece = (index: number): Uint8Array<ArrayBuffer> => {
    reads.push(index);
    const [start, end] = [index * pieceSize, Math.min(total, (index + 1) * pieceSize)];
    const out = new Uint8Array(end - start);
    let offset = 0;
    let allZeros = true;
    for (const { size, bytes } of files) {
      const [from, to] = [Math.max(start, offset), Math.min(end, offset + size)];
      if (from < to && bytes) {
        out.set(bytes.subarray(from - offset, to - offset), from - start);
        allZeros = false;
      }
      offset += size;
    }
    return allZeros ? zeros.subarray(0, end - start) : out;
  };
  return {
    async get(index) {
      return piece(index);
    },
    async storedBlobs(first, last) {
      if (storedAs === 'bytes') return undefined;
      const blobs = [];
      for (let i = first; i <= last; i++) blobs.push(new Blob([piece(i)]));
      return blobs;
    },
  };
}

async function archiveBytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

/** A share of a folder with subfolders, unicode names, an empty file and one name to make safe. */
const FOLDER: TestFile[] = [
  { path: 'trip/2024/été 🐟.jpg', size: 1000 },
  { path: 'trip/empty.txt', size: 0 },
  { path: 'trip/日本語/資料.pdf', size: 37 },
  { path: 'trip/notes:draft?.md', size: 300 },
  { path: 'trip/2024/b.bin', size: 64 },
].map((file) => ({ ...file, bytes: randomBytes(file.size) }));
const FOLDER_NAMES = [
  'trip/2024/été 🐟.jpg',
  'trip/empty.txt',
  'trip/日本語/資料.pdf',
  'trip/notes_draft_.md',
  'trip/2024/b.bin',
];
/** Small pieces, so that pieces hold the ends of one file and the starts of the next. */
const SMALL_PIECE = 64;

describe('shareZip', () => {
  it.each(['blobs', 'bytes'] as const)(
    'makes an archive that unzips to every file under its path with its exact bytes, at the predicted length (pieces stored as %s)',
    async (storedAs) => {
      const manifest = manifestOf(FOLDER, SMALL_PIECE);
      const pieces = pieceStore(FOLDER, SMALL_PIECE, storedAs);
      const zip = shareZip(manifest, [0, 1, 2, 3, 4], pieces, MODIFIED);
      const archive = await archiveBytes(zip.stream);

      expect(BigInt(archive.length)).toBe(zip.length);
      const entries = await unzip(archive);
      expect(entries.map((entry) => entry.name)).toEqual(FOLDER_NAMES);
      expect(entries.map((entry) => sha256(entry.bytes))).toEqual(
        FOLDER.map((file) => sha256(file.bytes!)),
      );
      expect(entries.every((entry) => entry.utf8)).toBe(true);
    },
  );

  it('holds only the files asked for, in the order asked', async () => {
    const manifest = manifestOf(FOLDER, SMALL_PIECE);
    const zip = shareZip(manifest, [3, 1, 0], pieceStore(FOLDER, SMALL_PIECE, 'blobs'), MODIFIED);
    const archive = await archiveBytes(zip.stream);

    expect(BigInt(archive.length)).toBe(zip.length);
    const entries = await unzip(archive);
    expect(entries.map((entry) => entry.name)).toEqual([
      FOLDER_NAMES[3],
      FOLDER_NAMES[1],
      FOLDER_NAMES[0],
    ]);
    expect(entries.map((entry) => sha256(entry.bytes))).toEqual(
      [3, 1, 0].map((i) => sha256(FOLDER[i]!.bytes!)),
    );
  });

  it('refuses a file the share does not have, and a file asked for twice', () => {
    const manifest = manifestOf(FOLDER, SMALL_PIECE);
    const pieces = pieceStore(FOLDER, SMALL_PIECE, 'blobs');
    expect(() => shareZip(manifest, [0, 5], pieces, MODIFIED)).toThrow(RangeError);
    expect(() => shareZip(manifest, [0, 2, 0], pieces, MODIFIED)).toThrow(RangeError);
  });

  it("reads a file's pieces only when the archive reaches it", async () => {
    const files = ['a', 'b', 'c'].map((path) => ({ path, size: 4096, bytes: randomBytes(4096) }));
    const reads: number[] = [];
    const zip = shareZip(
      manifestOf(files, 4096),
      [0, 1, 2],
      pieceStore(files, 4096, 'bytes', reads),
      MODIFIED,
    );
    const reader = zip.stream.getReader();
    let read = 0;
    while (read < 4096) read += (await reader.read()).value!.length;
    expect(reads).toEqual([0]);

    // client-zip throws a cancel's reason into its source and passes it back.
    const reason = new Error('cancelled');
    await expect(reader.cancel(reason)).rejects.toBe(reason);
  });

  it(
    'writes a file over 4 GiB, and a file after it, with Zip64 sizes, offsets and end records',
    // About 11 s on 2 cores: client-zip computes the CRC-32 of 4 GiB in JavaScript.
    { timeout: 120_000 },
    async () => {
      const BIG = 2 ** 32 + 2 ** 20;
      const files: TestFile[] = [
        { path: 'first.txt', size: 5, bytes: text('first') },
        { path: 'big/zeros.bin', size: BIG },
        { path: 'big/last.txt', size: 4, bytes: text('last') },
      ];
      const pieceSize = 2 ** 24;
      const zip = shareZip(
        manifestOf(files, pieceSize),
        [0, 1, 2],
        pieceStore(files, pieceSize, 'bytes'),
        MODIFIED,
      );

      // APPNOTE 4.3.7: a local header is 30 bytes and the name. 4.3.9: each file's
      // data descriptor, as client-zip writes it, 16 bytes (24 with Zip64 sizes).
      const LOCAL_HEADER = 30;
      const DESCRIPTOR = 16;
      const bigStart = LOCAL_HEADER + 9 + 5 + DESCRIPTOR + LOCAL_HEADER + 'big/zeros.bin'.length;
      const bigEnd = bigStart + BIG;

      // Stream it through, keeping only its first and last MiB and the CRC-32 of the big file's bytes.
      const KEPT = 2 ** 20;
      let length = 0;
      let bigCrc = 0;
      const head: Uint8Array[] = [];
      let headLength = 0;
      // Nothing writes to a chunk once it is read, so the kept ones are not copied.
      const tail: Uint8Array[] = [];
      let tailLength = 0;
      const reader = zip.stream.getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        const chunk = next.value;
        const [from, to] = [Math.max(bigStart, length), Math.min(bigEnd, length + chunk.length)];
        if (from < to) bigCrc = crc32(chunk.subarray(from - length, to - length), bigCrc);
        if (headLength < KEPT) {
          head.push(chunk.subarray(0, KEPT - headLength));
          headLength += Math.min(chunk.length, KEPT - headLength);
        }
        tail.push(chunk);
        tailLength += chunk.length;
        while (tailLength - tail[0]!.length >= KEPT) tailLength -= tail.shift()!.length;
        length += chunk.length;
      }
      const first = Buffer.concat(head);
      const last = Buffer.concat(tail).subarray(-KEPT);
      const read = (start: number, end: number) => {
        if (end <= first.length) return first.subarray(start, end);
        if (start >= length - last.length)
          return last.subarray(start - (length - last.length), end - (length - last.length));
        throw new Error(`bytes ${start}-${end} were not kept`);
      };

      let zerosCrc = 0;
      const zeros = new Uint8Array(pieceSize);
      for (let left = BIG; left > 0; left -= pieceSize)
        zerosCrc = crc32(zeros.subarray(0, Math.min(left, pieceSize)), zerosCrc);
      expect(BigInt(length)).toBe(zip.length);
      expect(bigCrc).toBe(zerosCrc);

      const entries = await zipDirectory(length, read);
      expect(entries.map(({ name, size, crc32 }) => ({ name, size, crc32 }))).toEqual([
        { name: 'first.txt', size: 5, crc32: crc32(text('first')) },
        { name: 'big/zeros.bin', size: BIG, crc32: zerosCrc },
        { name: 'big/last.txt', size: 4, crc32: crc32(text('last')) },
      ]);
      expect(entries[1]!.dataOffset).toBe(bigStart);
      // Past 4 GiB: yauzl found it through the offset in its Zip64 extra field.
      expect(entries[2]!.headerOffset).toBeGreaterThan(2 ** 32);
      expect(Buffer.from(read(entries[0]!.dataOffset, entries[0]!.dataOffset + 5))).toEqual(
        Buffer.from('first'),
      );
      expect(Buffer.from(read(entries[2]!.dataOffset, entries[2]!.dataOffset + 4))).toEqual(
        Buffer.from('last'),
      );

      // The big file's data descriptor carries 64-bit sizes (4.3.9.2).
      const descriptor = Buffer.from(read(bigEnd, bigEnd + DESCRIPTOR + 8));
      expect(descriptor.readUInt32LE(0)).toBe(0x08074b50);
      expect(descriptor.readUInt32LE(4)).toBe(zerosCrc);
      expect(descriptor.readBigUInt64LE(8)).toBe(BigInt(BIG));
      expect(descriptor.readBigUInt64LE(16)).toBe(BigInt(BIG));

      // The end records (4.3.14-4.3.16): the plain one points at the Zip64 one.
      const end = Buffer.from(read(length - 22 - 20 - 56, length));
      const [record, locator, plain] = [
        end.subarray(0, 56),
        end.subarray(56, 76),
        end.subarray(76),
      ];
      expect(plain.readUInt32LE(0)).toBe(0x06054b50);
      expect(plain.readUInt32LE(16)).toBe(0xffffffff);
      expect(locator.readUInt32LE(0)).toBe(0x07064b50);
      expect(locator.readBigUInt64LE(8)).toBe(BigInt(length - 22 - 20 - 56));
      expect(record.readUInt32LE(0)).toBe(0x06064b50);
      expect(record.readBigUInt64LE(32)).toBe(3n);
      const directoryOffset = record.readBigUInt64LE(48);
      expect(directoryOffset).toBeGreaterThan(2n ** 32n);
      expect(directoryOffset + record.readBigUInt64LE(40)).toBe(BigInt(length - 22 - 20 - 56));
    },
  );
});
