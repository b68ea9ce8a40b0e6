// A PieceStore for a simulated crowd: every piece put is compared byte for
// byte with the shared file, and a correct one is kept as a reference to one
// shared copy, so a thousand downloaders of a file cost one file of memory.
import type { PieceStore } from '@shoal/core';

/** The file's pieces, shared by every CheckedStore of one run; tallies wrong pieces. */
export class PieceOracle {
  readonly #pieces: readonly Uint8Array[];
  readonly #now: () => number;
  /** When each piece was first stored by anyone, or NaN: when the crowd held a whole copy. */
  readonly firstStoredAt: Float64Array;
  /** Pieces put that differed from the file: a verified-but-wrong piece, the worst failure there is. */
  wrongPieces = 0;

  constructor(pieces: readonly Uint8Array[], now: () => number) {
    this.#pieces = pieces;
    this.#now = now;
    this.firstStoredAt = new Float64Array(pieces.length).fill(NaN);
  }

  get count(): number {
    return this.#pieces.length;
  }

  /** The one shared copy of piece `index` if `data` equals it, else null. */
  canonical(index: number, data: Uint8Array): Uint8Array | null {
    const piece = this.#pieces[index];
    if (piece === undefined || !equalBytes(piece, data)) {
      this.wrongPieces += 1;
      return null;
    }
    if (Number.isNaN(this.firstStoredAt[index]!)) this.firstStoredAt[index] = this.#now();
    return piece;
  }
}

export class CheckedStore implements PieceStore {
  readonly #oracle: PieceOracle;
  readonly #pieces = new Map<number, Uint8Array>();

  constructor(oracle: PieceOracle) {
    this.#oracle = oracle;
  }

  get size(): number {
    return this.#pieces.size;
  }

  async get(index: number): Promise<Uint8Array | undefined> {
    return this.#pieces.get(index);
  }

  async put(index: number, data: Uint8Array): Promise<void> {
    // A wrong piece is kept as it came (a copy), so it is served on and the damage shows.
    this.#pieces.set(index, this.#oracle.canonical(index, data) ?? data.slice());
  }

  async has(index: number): Promise<boolean> {
    return this.#pieces.has(index);
  }

  async list(): Promise<number[]> {
    return [...this.#pieces.keys()];
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
