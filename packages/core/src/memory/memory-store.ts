// A PieceStore in memory, with an optional byte quota to play a full disk.
import { StoreError } from '../errors.ts';
import type { PieceStore } from '../interfaces.ts';

export class MemoryPieceStore implements PieceStore {
  readonly #pieces = new Map<number, Uint8Array>();
  #used = 0;
  /** Most bytes the store holds; null for no limit. */
  quota: number | null;
  /** Every put attempted, in order, including rejected ones: tests read it. */
  readonly putLog: number[] = [];

  constructor(options: { quota?: number | null } = {}) {
    this.quota = options.quota ?? null;
  }

  get usedBytes(): number {
    return this.#used;
  }

  async get(index: number): Promise<Uint8Array | undefined> {
    return this.#pieces.get(index)?.slice();
  }

  async put(index: number, data: Uint8Array): Promise<void> {
    this.putLog.push(index);
    data = data.slice(); // the caller may reuse its buffer once put settles
    const growth = data.length - (this.#pieces.get(index)?.length ?? 0);
    if (this.quota !== null && this.#used + growth > this.quota) {
      throw new StoreError('quota-exceeded', `Storing piece ${index} would exceed the quota`);
    }
    this.#pieces.set(index, data.slice());
    this.#used += growth;
  }

  async has(index: number): Promise<boolean> {
    return this.#pieces.has(index);
  }

  async list(): Promise<number[]> {
    return [...this.#pieces.keys()];
  }

  /** Frees one piece (not part of PieceStore: tests use it to make room). */
  delete(index: number): void {
    const piece = this.#pieces.get(index);
    if (piece === undefined) return;
    this.#used -= piece.length;
    this.#pieces.delete(index);
  }
}
