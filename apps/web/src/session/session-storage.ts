// Where a session keeps what outlives the tab. The app uses IndexedDB; unit
// tests pass memory (see share-session.test.ts).
import type { PieceStore } from '@shoal/core';
import { IdbPieceStore } from '../storage/idb-piece-store.ts';
import {
  deleteShare,
  getShare,
  onShareDeleted,
  putShare,
  updateShare,
  type ShareRecord,
} from '../storage/share-registry.ts';

/**
 * What a session keeps beyond the tab: the registry of shares (so a reload
 * resumes) and a downloader's pieces. IndexedDB in the app; unit tests pass memory.
 */
export interface SessionStorage {
  getShare(key: string): Promise<ShareRecord | undefined>;
  putShare(record: ShareRecord): Promise<void>;
  updateShare(
    key: string,
    patch: Partial<Pick<ShareRecord, 'downloading' | 'complete' | 'files' | 'paused'>>,
  ): Promise<void>;
  deleteShare(key: string): Promise<void>;
  /**
   * Calls `listener` when the share stored under `key` is deleted, with its
   * pieces, by any tab (from the stored-shares list, say); returns the unsubscribe.
   */
  onDeleted(key: string, listener: () => void): () => void;
  /** A downloader's piece store; closed when the session closes. */
  openStore(shareKey: string): PieceStore & { close(): Promise<void> };
}

/** The browser's storage: the share registry and one IndexedDB database per share. */
export const browserStorage: SessionStorage = {
  getShare,
  putShare,
  updateShare,
  deleteShare,
  onDeleted: onShareDeleted,
  openStore: (shareKey) => new IdbPieceStore(shareKey),
};
