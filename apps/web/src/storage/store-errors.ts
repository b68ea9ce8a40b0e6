import { isQuotaExceeded, StoreError } from '@shoal/core';

/**
 * Maps an IndexedDB failure to core's StoreError. Browsers report a full disk as
 * a DOMException named QuotaExceededError, on the request or on the transaction.
 */
export function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  if (isQuotaExceeded(error)) {
    return new StoreError('quota-exceeded', 'This browser has no more storage space for Shoal', {
      cause: error,
    });
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new StoreError('store-failed', `Storing a piece failed (${detail})`, { cause: error });
}
