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

/**
 * What one piece is stored as. A Blob: IndexedDB keeps it in a file of its own
 * as it is, and saving hands those files to the download manager without the
 * bytes passing through JavaScript. Shares stored before kept ArrayBuffers.
 */
type StoredPiece = Blob | ArrayBuffer;

export class IdbPieceStore implements PieceStore {
  private readonly store: UseStore;
  private readonly writes: WriteBatcher<number, Blob>;
  /** The connection, once open; undefined if it could not be opened. */
  private readonly database: Promise<IDBDatabase | undefined>;
  private readonly closing = new AbortController();

  constructor(readonly shareKey: string) {
    this.store = createStore(pieceDatabaseName(shareKey), OBJECT_STORE);
    this.writes = new WriteBatcher((entries) => setMany(entries, this.store));
    // A delete of this share (from any tab) waits until every connection to its
    // database is closed; one held by a service worker that saved or played the
    // share would stall it until the browser stops the worker. So give way.
    this.database = this.store('readonly', (objectStore) => {
      const database = objectStore.transaction.db;
      database.onversionchange = () => this.shut(database);
      return database;
    }).catch(() => undefined);
  }

  /**
   * Aborts once this store's connection is closed, by close() or because a
   * delete of the share asked for it: nothing can be read or written after.
   */
  get closed(): AbortSignal {
    return this.closing.signal;
  }

  async get(index: number): Promise<Uint8Array | undefined> {
    const value = await get<StoredPiece>(index, this.store);
    if (value instanceof Blob) return new Uint8Array(await value.arrayBuffer());
    return value === undefined ? undefined : new Uint8Array(value);
  }

  /**
   * The Blobs of pieces `first` to `last`, read in one transaction; undefined if
   * any is missing or stored as bytes (reading stops at the first such piece).
   */
  async storedBlobs(first: number, last: number): Promise<Blob[] | undefined> {
    return this.store('readonly', (objectStore) => {
      const blobs: Blob[] = [];
      const cursor = objectStore.openCursor(IDBKeyRange.bound(first, last));
      return new Promise<Blob[] | undefined>((resolve, reject) => {
        cursor.onerror = () => reject(cursor.error);
        cursor.onsuccess = () => {
          const at = cursor.result;
          if (!at) return resolve(blobs.length === last - first + 1 ? blobs : undefined);
          if (at.key !== first + blobs.length || !(at.value instanceof Blob))
            return resolve(undefined);
          blobs.push(at.value);
          at.continue();
        };
      });
    });
  }

  async put(index: number, data: Uint8Array): Promise<void> {
    try {
      // The Blob copies the piece's bytes (never in shared memory), so `data` stays the caller's.
      // The copy lives in the browser process until this page's garbage collector
      // drops the Blob: measured +15-25 MiB there while downloading 256 MiB-4 GiB.
      await this.writes.write(index, new Blob([data as Uint8Array<ArrayBuffer>]));
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

  /**
   * Closes this store's connection, so that its database can be deleted.
   * Calling it again, or after a delete closed it, does nothing.
   */
  async close(): Promise<void> {
    const database = await this.database;
    if (database) this.shut(database);
    else this.closing.abort();
  }

  private shut(database: IDBDatabase): void {
    // The connection closes once its transactions in flight have finished.
    database.close();
    this.closing.abort();
  }
}

/** Deletes a share's pieces and frees their space. Close open IdbPieceStores of the share first. */
export function deletePieceDatabase(shareKey: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(pieceDatabaseName(shareKey));
    let blockedTimer: ReturnType<typeof setTimeout> | undefined;
    request.onsuccess = () => {
      clearTimeout(blockedTimer);
      resolve();
    };
    request.onerror = () => {
      clearTimeout(blockedTimer);
      reject(request.error ?? new Error('could not delete the share database'));
    };
    // Every store of ours closes on versionchange; a connection that does not (a
    // tab still running an older Shoal) holds the delete. Say so rather than
    // wait without end; the browser finishes the delete once that tab lets go.
    request.onblocked = () => {
      blockedTimer ??= setTimeout(
        () => reject(new DeleteBlockedError(shareKey)),
        DELETE_BLOCKED_WAIT_MS,
      );
    };
  });
}

/** How long a delete waits for other tabs to close the share's database before saying so. */
export const DELETE_BLOCKED_WAIT_MS = 5_000;

/** Another tab keeps the share's database open, so its space is not free yet. */
export class DeleteBlockedError extends Error {
  readonly code = 'delete-blocked';
  constructor(readonly shareKey: string) {
    super('Another tab still has this share open');
    this.name = 'DeleteBlockedError';
  }
}
