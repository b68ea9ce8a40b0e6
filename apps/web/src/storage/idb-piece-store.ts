// Fills in core's PieceStore with IndexedDB through idb-keyval: one database
// (and one object store) per share, so deleting a share drops its whole database.
import { createStore, get, keys, promisifyRequest, setMany, type UseStore } from 'idb-keyval';
import type { PieceStore } from '@shoal/core';
import { toStoreError } from './store-errors.ts';
import { WriteBatcher } from './write-batcher.ts';

/** IndexedDB name of a share's pieces; local to this browser, never sent anywhere. */
export function pieceDatabaseName(shareKey: string): string {
  return `shoal-pieces-${shareKey}`;
}

const OBJECT_STORE = 'pieces';

export class IdbPieceStore implements PieceStore {
  private readonly store: UseStore;
  private readonly writes: WriteBatcher<number, ArrayBuffer>;

  constructor(readonly shareKey: string) {
    this.store = createStore(pieceDatabaseName(shareKey), OBJECT_STORE);
    this.writes = new WriteBatcher((entries) => setMany(entries, this.store));
  }

  async get(index: number): Promise<Uint8Array | undefined> {
    // Stored as ArrayBuffer, not Blob: Chromium's in-memory profiles cannot read Blobs back.
    const value = await get<ArrayBuffer>(index, this.store);
    return value === undefined ? undefined : new Uint8Array(value);
  }

  async put(index: number, data: Uint8Array): Promise<void> {
    // The whole buffer when the piece owns it (no copy), else a copy of just the piece.
    const owned = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
    const copy = (owned ? data.buffer : data.slice().buffer) as ArrayBuffer;
    try {
      await this.writes.write(index, copy);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async has(index: number): Promise<boolean> {
    // count() answers from the key index without reading the piece's bytes.
    const count = await this.store('readonly', (objectStore) =>
      promisifyRequest(objectStore.count(index)),
    );
    return count > 0;
  }

  async list(): Promise<number[]> {
    return keys<number>(this.store);
  }

  /** Closes this store's connection, so that its database can be deleted. */
  async close(): Promise<void> {
    await this.store('readonly', (objectStore) => objectStore.transaction.db.close());
  }
}

/** Deletes a share's pieces and frees their space. Close open IdbPieceStores of the share first. */
export function deletePieceDatabase(shareKey: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(pieceDatabaseName(shareKey));
    request.onsuccess = () => resolve();
    request.onerror = () =>
      reject(request.error ?? new Error('could not delete the share database'));
  });
}
