// The security step of a download: a finished piece is stored only when its
// SHA-256 equals the manifest's hash for it. Whoever sent a piece that fails
// is found here too: one sender is blamed at once; several are remembered
// (SuspectPieces) until the piece verifies and shows whose blocks differ.
import { constantTimeEqual } from './bytes.ts';
import type { PieceStore, Sha256 } from './interfaces.ts';
import { SuspectPieces } from './suspect-pieces.ts';

export type Verdict =
  /** Hashed, equal to the manifest's hash, and stored. */
  | { kind: 'stored' }
  /** The hash differs: nothing was stored. */
  | { kind: 'corrupt' }
  /** The hasher failed (a crashed worker): not the peers' fault; fetch the piece again. */
  | { kind: 'unhashed' }
  /** The piece verified but the store refused it. */
  | { kind: 'store-failed'; error: unknown };

export interface PieceVerifierOptions {
  /** The manifest's hash of each piece. */
  pieceHashes: readonly Uint8Array[];
  store: PieceStore;
  sha256: Sha256;
}

export class PieceVerifier {
  readonly #options: PieceVerifierOptions;
  readonly #suspects: SuspectPieces;

  constructor(options: PieceVerifierOptions) {
    this.#options = options;
    this.#suspects = new SuspectPieces(options.sha256);
  }

  /** Hashes piece `index` and stores it only if the hash is the manifest's. */
  async verifyAndStore(index: number, data: Uint8Array): Promise<Verdict> {
    const { pieceHashes, store, sha256 } = this.#options;
    const expected = pieceHashes[index];
    if (expected === undefined) return { kind: 'corrupt' };
    let hash: Uint8Array;
    try {
      hash = await sha256(data);
    } catch {
      return { kind: 'unhashed' };
    }
    if (!constantTimeEqual(hash, expected)) return { kind: 'corrupt' };
    try {
      await store.put(index, data);
    } catch (error) {
      return { kind: 'store-failed', error };
    }
    return { kind: 'stored' };
  }

  /**
   * A corrupt copy of piece `index` that several peers sent blocks of (`senders`,
   * per block): kept so that the copy that verifies later shows who lied.
   */
  suspect(index: number, data: Uint8Array, senders: readonly (string | undefined)[]): void {
    this.#suspects.failed(index, data, senders);
  }

  /** Piece `index` verified as `data`: the peers whose blocks of an earlier corrupt copy differ. */
  liars(index: number, data: Uint8Array): Promise<string[]> {
    return this.#suspects.verified(index, data);
  }
}
