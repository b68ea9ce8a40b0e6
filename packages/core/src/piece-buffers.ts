// Buffers that pieces are assembled in, reused once a piece is stored. A piece
// dropped after storing is garbage the page's collector frees only when it
// next runs, and V8 runs it on ArrayBuffer growth late: a downloader's
// renderer held ~35 MiB of such buffers between collections.

/** Spare buffers kept: one per piece typically being hashed or stored at once. */
export const SPARE_PIECE_BUFFERS = 4;

export class PieceBuffers {
  readonly #spare: Uint8Array[] = [];

  /** A buffer of `length` bytes: a spare one if any fits, else a new one. Its bytes are stale. */
  take(length: number): Uint8Array {
    const at = this.#spare.findIndex((buffer) => buffer.length === length);
    return at === -1 ? new Uint8Array(length) : this.#spare.splice(at, 1)[0]!;
  }

  /** Hands back a buffer nothing refers to any more. */
  give(buffer: Uint8Array): void {
    if (this.#spare.length < SPARE_PIECE_BUFFERS) this.#spare.push(buffer);
  }
}
