// One piece being downloaded: which blocks have arrived, who was asked for the
// rest, and who contributed bytes (to blame someone if the hash fails).
import { BLOCK_BYTES, blockCount, blockOf, type BlockRequest } from './blocks.ts';
import type { PieceBuffers } from './piece-buffers.ts';

export class InFlightPiece {
  readonly index: number;
  readonly length: number;
  /** The peer this piece is assigned to; others join only when nothing else is left. */
  owner: string | null;
  /**
   * Set after a hash failure with several contributors: from now on one peer
   * fetches the whole piece, so the next failure names the culprit.
   */
  singleSource = false;
  readonly contributors = new Set<string>();
  readonly #requesters: Set<string>[];
  /** Who sent each received block: whom to blame for a wrong one (see SuspectPieces). */
  #senders: (string | undefined)[];
  readonly #received: Uint8Array;
  #receivedCount = 0;
  #receivedBytes = 0;
  #data: Uint8Array | null = null;

  readonly #buffers: PieceBuffers | undefined;

  constructor(index: number, length: number, owner: string | null, buffers?: PieceBuffers) {
    this.#buffers = buffers;
    this.index = index;
    this.length = length;
    this.owner = owner;
    const blocks = blockCount(length);
    this.#requesters = Array.from({ length: blocks }, () => new Set<string>());
    this.#received = new Uint8Array(blocks);
    this.#senders = new Array<string | undefined>(blocks);
  }

  get blocks(): number {
    return this.#received.length;
  }

  get receivedBytes(): number {
    return this.#receivedBytes;
  }

  get complete(): boolean {
    return this.#receivedCount === this.blocks;
  }

  /** The assembled piece, once complete. */
  get data(): Uint8Array {
    return this.#data ?? new Uint8Array(0);
  }

  /** Every peer with a live request or a delivered block here. */
  peers(): string[] {
    const all = new Set(this.contributors);
    for (const set of this.#requesters) for (const peer of set) all.add(peer);
    return [...all];
  }

  /** Who sent each block, in block order (undefined for blocks not received). */
  senders(): readonly (string | undefined)[] {
    return this.#senders;
  }

  received(block: number): boolean {
    return this.#received[block] === 1;
  }

  requesters(block: number): ReadonlySet<string> {
    return this.#requesters[block] ?? new Set();
  }

  request(block: number, peer: string): BlockRequest {
    this.#requesters[block]!.add(peer);
    return blockOf(this.index, block, this.length);
  }

  release(block: number, peer: string): void {
    this.#requesters[block]?.delete(peer);
  }

  /** Blocks that are neither received nor requested from anyone. */
  *unrequested(): Generator<number> {
    for (let b = 0; b < this.blocks; b++) {
      if (this.#received[b] === 0 && this.#requesters[b]!.size === 0) yield b;
    }
  }

  /** Stores a block; returns the other peers that had asked for it, or null if not needed. */
  receive(begin: number, data: Uint8Array, peer: string): string[] | null {
    const block = begin / BLOCK_BYTES;
    if (!Number.isInteger(block) || block >= this.blocks || this.#received[block] === 1)
      return null;
    if (data.length !== blockOf(this.index, block, this.length).length) return null;
    this.#data ??= this.#buffers?.take(this.length) ?? new Uint8Array(this.length);
    this.#data.set(data, begin);
    this.#received[block] = 1;
    this.#receivedCount++;
    this.#receivedBytes += data.length;
    this.contributors.add(peer);
    this.#senders[block] = peer;
    const others = [...this.#requesters[block]!].filter((p) => p !== peer);
    this.#requesters[block]!.clear();
    return others;
  }

  /** Forgets every received block (after a failed hash); requests stay as they are. */
  reset(): void {
    this.#received.fill(0);
    this.#receivedCount = 0;
    this.#receivedBytes = 0;
    this.#data = null;
    this.#senders = new Array<string | undefined>(this.blocks);
    this.contributors.clear();
  }
}
