// Finding the liar when a piece built from several peers' blocks fails its
// hash. Nobody can be blamed at once: any of them may have sent the bad block.
// So each block of the failed copy is remembered (its SHA-256 and its sender),
// and once the piece verifies, from one peer, every peer whose block differs
// from the verified one sent a wrong block. libtorrent calls this smart ban;
// without it a corrupting peer hides behind honest ones and spoils piece after
// piece, each fetched again at the swarm's expense.
import { BLOCK_BYTES } from './blocks.ts';
import { constantTimeEqual } from './bytes.ts';
import type { Sha256 } from './interfaces.ts';

/**
 * Failed copies remembered per piece, and pieces remembered in all. Each copy
 * costs 32 bytes and a sender per block (16 KiB for a 16 MiB piece), so these
 * bound memory against a peer that spoils every piece it touches.
 */
export const MAX_COPIES_PER_PIECE = 4;
export const MAX_SUSPECT_PIECES = 256;

interface FailedCopy {
  digests: Uint8Array[];
  senders: readonly (string | undefined)[];
}

export class SuspectPieces {
  readonly #sha256: Sha256;
  /** Pending while their block digests are computed, so a quick re-fetch still finds them. */
  readonly #copies = new Map<number, Promise<FailedCopy>[]>();

  constructor(sha256: Sha256) {
    this.#sha256 = sha256;
  }

  /** Remembers a copy of piece `index` that failed its hash, with who sent each block. */
  failed(index: number, data: Uint8Array, senders: readonly (string | undefined)[]): void {
    const kept = [...senders];
    const copy = this.#blockDigests(data).then((digests) => ({ digests, senders: kept }));
    const copies = this.#copies.get(index) ?? [];
    // The oldest copy is forgotten, and so is any failure to hash it.
    if (copies.length >= MAX_COPIES_PER_PIECE) void copies.shift()?.catch(() => undefined);
    copies.push(copy);
    this.#copies.delete(index); // re-inserted last: Map order is oldest first
    this.#copies.set(index, copies);
    while (this.#copies.size > MAX_SUSPECT_PIECES) {
      this.#copies.delete(this.#copies.keys().next().value!);
    }
  }

  /** Piece `index` verified as `data`: the peers that sent a block of a failed copy that differs. */
  async verified(index: number, data: Uint8Array): Promise<string[]> {
    const copies = this.#copies.get(index);
    if (copies === undefined) return [];
    this.#copies.delete(index);
    const good = await this.#blockDigests(data);
    const culprits = new Set<string>();
    for (const copy of await Promise.all(copies)) {
      copy.digests.forEach((digest, block) => {
        const sender = copy.senders[block];
        const expected = good[block];
        if (
          sender !== undefined &&
          expected !== undefined &&
          !constantTimeEqual(digest, expected)
        ) {
          culprits.add(sender);
        }
      });
    }
    return [...culprits];
  }

  async #blockDigests(data: Uint8Array): Promise<Uint8Array[]> {
    const digests: Promise<Uint8Array>[] = [];
    for (let begin = 0; begin < data.length; begin += BLOCK_BYTES) {
      digests.push(this.#sha256(data.subarray(begin, begin + BLOCK_BYTES)));
    }
    return Promise.all(digests);
  }
}
