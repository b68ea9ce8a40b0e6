// How many connected peers have each piece, kept up to date from bitfields and haves.
import type { Bitfield } from './bitfield.ts';

export class RarityMap {
  readonly #counts: Uint16Array;

  constructor(pieceCount: number) {
    this.#counts = new Uint16Array(pieceCount);
  }

  /** Peers that have piece `index`. */
  availability(index: number): number {
    return this.#counts[index] ?? 0;
  }

  /** A peer joined with these pieces. */
  addBitfield(field: Bitfield): void {
    for (const i of field.indices()) this.#counts[i]!++;
  }

  /** A peer left; its pieces no longer count. */
  removeBitfield(field: Bitfield): void {
    for (const i of field.indices()) if (this.#counts[i]! > 0) this.#counts[i]!--;
  }

  /** A peer announced one more piece. */
  addHave(index: number): void {
    if (index >= 0 && index < this.#counts.length) this.#counts[index]!++;
  }
}
