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
  /** Bytes read in all: what serving a piece costs a sharer (each read is then hashed). */
  bytesRead = 0;
  /** As a browser File: reads fail once edit() has changed the file (see FileSource). */
  readonly failsWhenChanged: boolean;
  #reader: Reader;
  #changed = false;

  private constructor(
    path: string,
    size: number,
    mimeType: string,
    reader: Reader,
    failsWhenChanged = false,
  ) {
    this.path = path;
    this.size = size;
    this.mimeType = mimeType;
    this.#reader = reader;
    this.failsWhenChanged = failsWhenChanged;
  }

  static fromBytes(path: string, bytes: Uint8Array, mimeType = ''): MemoryFileSource {
    const copy = bytes.slice();
    return new MemoryFileSource(path, copy.length, mimeType, (s, e) => copy.slice(s, e));
  }

  /** Like a browser File chosen by the user: once edit()ed, its reads fail. */
  static snapshotOf(path: string, bytes: Uint8Array, mimeType = ''): MemoryFileSource {
    const copy = bytes.slice();
    return new MemoryFileSource(path, copy.length, mimeType, (s, e) => copy.slice(s, e), true);
  }

  /** The file changes on disk: a snapshot's reads fail from now on, any other's read the new bytes. */
  edit(bytes: Uint8Array): void {
    const copy = bytes.slice();
    this.#reader = (s, e) => copy.slice(s, e);
    this.#changed = true;
  }

  /** `size` bytes where the byte at offset o is a fixed function of (seed, o). */
  static generated(path: string, size: number, seed: number, mimeType = ''): MemoryFileSource {
    return new MemoryFileSource(path, size, mimeType, (s, e) => generateBytes(seed, s, e));
  }

  async read(start: number, end: number): Promise<Uint8Array> {
    if (this.#changed && this.failsWhenChanged) {
      throw new DOMException('The file changed after it was chosen', 'NotReadableError');
    }
    const s = Math.max(0, Math.min(start, this.size));
    const e = Math.max(s, Math.min(end, this.size));
    this.reads++;
    this.maxReadBytes = Math.max(this.maxReadBytes, e - s);
    this.bytesRead += e - s;
    return this.#reader(s, e);
  }
}

/** Bytes per generated chunk: one random table per seed, repeated, each copy stamped with its index. */
const CHUNK_BYTES = 64 * 1024;
/** Bytes at the start of each chunk that carry the chunk's index, so no two pieces are alike. */
const STAMP_BYTES = 8;
const tables = new Map<number, Uint8Array>();

/**
 * Bytes [start, end) of the stream seeded by `seed`. Fast (a copy per 64 KiB),
 * so tests can hash gigabytes of virtual data: a per-seed random 64 KiB table,
 * repeated, with each chunk's first 8 bytes replaced by a mix of (seed, chunk).
 */
export function generateBytes(seed: number, start: number, end: number): Uint8Array {
  const table = tableFor(seed);
  const out = new Uint8Array(end - start);
  for (let offset = start; offset < end;) {
    const chunk = Math.floor(offset / CHUNK_BYTES);
    const inChunk = offset - chunk * CHUNK_BYTES;
    const take = Math.min(CHUNK_BYTES - inChunk, end - offset);
    out.set(table.subarray(inChunk, inChunk + take), offset - start);
    for (let b = inChunk; b < STAMP_BYTES && b < inChunk + take; b++) {
      out[offset - start + b - inChunk] =
        (mix(seed, chunk * 2 + (b >> 2)) >>> (8 * (b & 3))) & 0xff;
    }
    offset += take;
  }
  return out;
}

function tableFor(seed: number): Uint8Array {
  let table = tables.get(seed);
  if (table === undefined) {
    table = new Uint8Array(CHUNK_BYTES);
    for (let i = 0; i < CHUNK_BYTES; i += 4) {
      const value = mix(seed ^ 0x5bd1e995, i);
      table[i] = value & 0xff;
      table[i + 1] = (value >>> 8) & 0xff;
      table[i + 2] = (value >>> 16) & 0xff;
      table[i + 3] = value >>> 24;
    }
    tables.set(seed, table);
  }
  return table;
}

/** A cheap integer hash (the murmur3 finalizer) of seed and index. */
function mix(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index | 0, 0x9e3779b1) ^ Math.floor(index / 2 ** 32)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
