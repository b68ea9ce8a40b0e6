import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepStorageFor, PERSIST_FROM_BYTES, storageSpace } from './storage-space.ts';

afterEach(() => vi.unstubAllGlobals());

describe('keepStorageFor', () => {
  it('asks the browser to keep the storage for a large download, and not for a small one', () => {
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', { storage: { persist } });
    keepStorageFor(PERSIST_FROM_BYTES - 1);
    expect(persist).not.toHaveBeenCalled();
    keepStorageFor(PERSIST_FROM_BYTES);
    expect(persist).toHaveBeenCalledTimes(1);
  });

  // A refusal left uncaught would fail the run as an unhandled rejection.
  it('does nothing where the browser has no persist(), and shrugs off a refusal', () => {
    vi.stubGlobal('navigator', {});
    expect(() => keepStorageFor(PERSIST_FROM_BYTES)).not.toThrow();
    vi.stubGlobal('navigator', {
      storage: { persist: async () => Promise.reject(new Error('no')) },
    });
    keepStorageFor(PERSIST_FROM_BYTES);
  });
});

describe('storageSpace', () => {
  it('reads what the browser says is used and allowed, and whether it promised to keep it', async () => {
    vi.stubGlobal('navigator', {
      storage: {
        estimate: async () => ({ usage: 5, quota: 100 }),
        persisted: async () => true,
      },
    });
    expect(await storageSpace()).toEqual({ used: 5, quota: 100, persisted: true });
  });

  it('says nothing where the browser does not say', async () => {
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({}) } });
    expect(await storageSpace()).toBeNull();
    vi.stubGlobal('navigator', {});
    expect(await storageSpace()).toBeNull();
  });
});
