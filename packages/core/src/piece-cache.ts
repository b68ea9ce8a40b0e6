// Keeps the last few whole pieces we served, so that serving a piece block by
// block reads it (and, from files, hashes it) once instead of once per block.

/**
 * Bytes of whole pieces kept. Each peer walks a piece block by block, but up
 * to 32 peers may each be on a different piece; 32 MiB holds 128 pieces of
 * 256 KiB (one per peer, with room) yet only two of the largest, 16 MiB.
 */
export const PIECE_CACHE_BYTES = 32 * 1024 * 1024;

/** Fewest pieces kept whatever their size, so two peers never evict each other block by block. */
const MIN_CACHED_PIECES = 2;

export class PieceCache {
  readonly #entries = new Map<number, Promise<Uint8Array | undefined>>();
  readonly #load: (index: number) => Promise<Uint8Array | undefined>;
  readonly #capacity: number;

  constructor(load: (index: number) => Promise<Uint8Array | undefined>, pieceSize: number) {
    this.#load = load;
    this.#capacity = Math.max(MIN_CACHED_PIECES, Math.floor(PIECE_CACHE_BYTES / pieceSize));
  }

  /** Whether get(index) would be served without a load (the piece is here or on its way). */
  holds(index: number): boolean {
    return this.#entries.has(index);
  }

  get(index: number): Promise<Uint8Array | undefined> {
    let entry = this.#entries.get(index);
    if (entry !== undefined) {
      this.#entries.delete(index); // re-insert: Map order is our LRU order
    } else {
      entry = this.#load(index).catch(() => undefined);
      void entry.then((piece) => {
        if (piece === undefined && this.#entries.get(index) === entry) this.#entries.delete(index);
      });
    }
    this.#entries.set(index, entry);
    while (this.#entries.size > this.#capacity) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    return entry;
  }

  clear(): void {
    this.#entries.clear();
  }
}
