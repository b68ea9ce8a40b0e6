// Reads ZIP archives the way an unzip program does, for tests of what "Save all"
// writes: yauzl reads the central directory (Zip64 included) and each entry's
// local header, and every entry's bytes are checked against its CRC-32.
import { crc32 } from 'node:zlib';
import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';

export interface ZipDirectoryEntry {
  /** The entry's name as stored (a folder ends in '/'). */
  name: string;
  size: number;
  crc32: number;
  /** Where its local header starts in the archive. */
  headerOffset: number;
  /** Where its bytes start in the archive (after the local header). */
  dataOffset: number;
  /** The name is flagged as UTF-8 (general purpose bit 11). */
  utf8: boolean;
}

export interface UnzippedEntry extends ZipDirectoryEntry {
  bytes: Buffer;
}

/** General purpose flag bit 11: the name and comment are UTF-8. */
const UTF8_FLAG = 1 << 11;

/** Every entry of an archive, with its bytes; throws if an entry's bytes fail its CRC-32. */
export async function unzip(archive: Buffer | string): Promise<UnzippedEntry[]> {
  const zip =
    typeof archive === 'string'
      ? await yauzl.openPromise(archive, { lazyEntries: true, autoClose: false })
      : await yauzl.fromBufferPromise(archive, { lazyEntries: true, autoClose: false });
  try {
    const entries: UnzippedEntry[] = [];
    for await (const entry of zip.eachEntry()) {
      const described = await describe(zip, entry);
      const bytes = Buffer.concat(await (await zip.openReadStreamPromise(entry)).toArray());
      if (crc32(bytes) !== entry.crc32)
        throw new Error(`${entry.fileName}: bytes fail the entry's CRC-32`);
      entries.push({ ...described, bytes });
    }
    return entries;
  } finally {
    zip.close();
  }
}

/**
 * The directory of an archive of `size` bytes that is not held whole: `read(start,
 * end)` returns its bytes in [start, end), and is asked only for the end records,
 * the central directory and the local headers.
 */
export async function zipDirectory(
  size: number,
  read: (start: number, end: number) => Uint8Array,
): Promise<ZipDirectoryEntry[]> {
  class RangeReader extends yauzl.RandomAccessReader {
    override _readStreamForRange(start: number, end: number): Readable {
      const stream = new PassThrough();
      stream.end(read(start, end));
      return stream;
    }
  }
  const zip = await yauzl.fromRandomAccessReaderPromise(new RangeReader(), size, {
    lazyEntries: true,
    autoClose: false,
  });
  try {
    const entries: ZipDirectoryEntry[] = [];
    for await (const entry of zip.eachEntry()) entries.push(await describe(zip, entry));
    return entries;
  } finally {
    zip.close();
  }
}

async function describe(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<ZipDirectoryEntry> {
  const header = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
  return {
    name: entry.fileName,
    size: entry.uncompressedSize,
    crc32: entry.crc32,
    headerOffset: entry.relativeOffsetOfLocalHeader,
    dataOffset: header.fileDataStart,
    utf8: (entry.generalPurposeBitFlag & UTF8_FLAG) !== 0,
  };
}
