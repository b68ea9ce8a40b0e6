import { describe, expect, it } from 'vitest';
import { chooseSaveRoute, IN_MEMORY_SAVE_MAX_BYTES } from './save-route.ts';

const big = IN_MEMORY_SAVE_MAX_BYTES + 1;

describe('chooseSaveRoute', () => {
  it('streams through the service worker whenever there is one', () => {
    expect(chooseSaveRoute({ worker: true, filePicker: true, inMemory: true, bytes: big })).toBe(
      'service-worker',
    );
  });

  it('without a worker, writes through the file picker where the browser has one', () => {
    expect(chooseSaveRoute({ worker: false, filePicker: true, inMemory: true, bytes: big })).toBe(
      'file-picker',
    );
  });

  it('else hands over a Blob: of any size when made of stored Blobs, up to the limit when assembled in memory', () => {
    const blob = { worker: false, filePicker: false };
    expect(chooseSaveRoute({ ...blob, inMemory: false, bytes: 10 * big })).toBe('blob');
    expect(chooseSaveRoute({ ...blob, inMemory: true, bytes: IN_MEMORY_SAVE_MAX_BYTES })).toBe(
      'blob',
    );
    expect(chooseSaveRoute({ ...blob, inMemory: true, bytes: big })).toBe('too-large');
  });
});
