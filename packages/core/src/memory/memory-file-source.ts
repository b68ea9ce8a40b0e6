// FileSources in memory: from real bytes, or generated from a seed so that a
// multi-GiB share costs nothing until a range is read.
import type { FileSource } from '../interfaces.ts';

type Reader = (start: number, end: number) => Uint8Array;

export class MemoryFileSource implements FileSource {
  readonly path: string;
  readonly size: number;
  readonly mimeType: string;
  /** Largest range ever read: tests check that nobody reads a whole file at once. */
  maxReadBytes = 0;
  reads = 0;
  readonly #reader: Reader;

  private constructor(path: string, size: number, mimeType: string, reader: Reader) {
    this.path = path;
    this.size = size;
    this.mimeType = mimeType;
    this.#reader = reader;
  }

  static fromBytes(path: string, bytes: Uint8Array, mimeType = ''): MemoryFileSource {
    const copy = bytes.slice();
    return new MemoryFileSource(path, copy.length, mimeType, (s, e) => copy.slice(s, e));
  }

  /** `size` bytes where the byte at offset o is a fixed function of (seed, o). */
  static generated(path: string, size: number, seed: number, mimeType = ''): MemoryFileSource {
    return new MemoryFileSource(path, size, mimeType, (s, e) => generateBytes(seed, s, e));
  }

  async read(start: number, end: number): Promise<Uint8Array> {
    const s = Math.max(0, Math.min(start, this.size));
    const e = Math.max(s, Math.min(end, this.size));
    this.reads++;
    this.maxReadBytes = Math.max(this.maxReadBytes, e - s);
    return this.#reader(s, e);
  }
}

/** Bytes [start, end) of the stream seeded by `seed`: four bytes per 32-bit mix of (seed, word). */
export function generateBytes(seed: number, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  for (let offset = start; offset < end;) {
    const word = Math.floor(offset / 4);
    const value = mix(seed, word);
    for (let b = offset % 4; b < 4 && offset < end; b++, offset++) {
      out[offset - start] = (value >>> (24 - 8 * b)) & 0xff;
    }
  }
  return out;
}

/** A cheap integer hash (the murmur3 finalizer) of seed and word index. */
function mix(seed: number, word: number): number {
  let h = (seed ^ Math.imul(word | 0, 0x9e3779b1) ^ Math.floor(word / 2 ** 32)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
