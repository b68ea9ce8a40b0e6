// What serving one peer costs us, against what it gets. A request names one
// block, but serving it means loading its whole piece (a read from IndexedDB
// or the sharer's files, and from files a SHA-256 too). An honest downloader
// walks a piece block by block, so each load pays for a whole piece sent; a
// peer that asks for one block of piece after piece makes us load far more
// than it downloads, and is dropped as flooding.

/**
 * Bytes loaded per byte served that an honest peer stays under. It loads each
 * piece once and takes all of it (1×); end-game requests and pieces it gets
 * from others as well leave some loads half used. Past 2× a peer is making us
 * work for bytes it does not want.
 */
export const MAX_LOADED_PER_SERVED = 2;

/**
 * Pieces a peer may have us load before it has been served anything: an
 * honest pipeline (MAX_PIPELINE blocks) spans at most 8 of the smallest
 * pieces at once, and end-game asks a few more peers for the last pieces.
 */
export const LOAD_ALLOWANCE_PIECES = 8;

export class ServingCost {
  #loaded = 0;
  #served = 0;
  /** The largest load so far: a share's pieces are all one size but the last. */
  #pieceSize = 0;

  /** Charges a load; false when the peer has now made us load more than its bytes served allow. */
  load(bytes: number): boolean {
    this.#loaded += bytes;
    this.#pieceSize = Math.max(this.#pieceSize, bytes);
    const allowance = LOAD_ALLOWANCE_PIECES * this.#pieceSize;
    return this.#loaded <= MAX_LOADED_PER_SERVED * this.#served + allowance;
  }

  served(bytes: number): void {
    this.#served += bytes;
  }
}
