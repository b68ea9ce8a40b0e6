// How much space Shoal's stored shares take and how much the browser allows,
// and asking the browser to keep them: a browser short of space evicts the
// storage of sites that did not ask first, which would lose a large download.
import { useEffect, useState } from 'react';

/**
 * A download this large is worth asking the browser to keep (persist()):
 * fetching it again would take minutes, not seconds.
 */
export const PERSIST_FROM_BYTES = 256 * 1024 * 1024;

export interface StorageSpace {
  /** Bytes this origin stores (IndexedDB, the service worker's files). */
  used: number;
  /** Bytes the browser lets this origin store. */
  quota: number;
  /** The browser promised not to evict it (navigator.storage.persisted()). */
  persisted: boolean;
}

/** The space used and allowed, or null where the browser does not say. */
export async function storageSpace(): Promise<StorageSpace | null> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.estimate) return null;
  const [estimate, persisted] = await Promise.all([
    storage.estimate(),
    storage.persisted?.().catch(() => false) ?? Promise.resolve(false),
  ]);
  if (estimate.usage === undefined || estimate.quota === undefined) return null;
  return { used: estimate.usage, quota: estimate.quota, persisted };
}

/** Asks the browser to keep Shoal's storage, for a download of `bytes`; a refusal changes nothing. */
export function keepStorageFor(bytes: number): void {
  if (bytes < PERSIST_FROM_BYTES) return;
  void navigator.storage?.persist?.().catch(() => false);
}

/** storageSpace(), read again whenever `version` changes. */
export function useStorageSpace(version: unknown): StorageSpace | null {
  const [space, setSpace] = useState<StorageSpace | null>(null);
  useEffect(() => {
    let live = true;
    storageSpace().then(
      (read) => live && setSpace(read),
      () => live && setSpace(null),
    );
    return () => {
      live = false;
    };
  }, [version]);
  return space;
}
