// Keeps the last few whole pieces we served, so that serving a piece block by
// block reads it (and, from files, hashes it) once instead of once per block.

/**
 * Pieces kept. Peers usually fetch a piece's blocks back to back; four covers
 * a few peers interleaving, and costs at most 4 × 16 MiB with the largest pieces.
 */
export const PIECE_CACHE_SIZE = 4;

export class PieceCache {
  readonly #entries = new Map<number, Promise<Uint8Array | undefined>>();
  readonly #load: (index: number) => Promise<Uint8Array | undefined>;

  constructor(load: (index: number) => Promise<Uint8Array | undefined>) {
    this.#load = load;
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
    while (this.#entries.size > PIECE_CACHE_SIZE) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    return entry;
  }

  clear(): void {
    this.#entries.clear();
  }
}
