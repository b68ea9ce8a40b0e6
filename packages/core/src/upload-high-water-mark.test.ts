import { describe, expect, it } from 'vitest';
import {
  MAX_UPLOAD_HIGH_WATER_MARK,
  MIN_UPLOAD_HIGH_WATER_MARK,
  uploadHighWaterMark,
} from './uploader.ts';

const MiB = 1024 * 1024;

describe('uploadHighWaterMark', () => {
  it('keeps a slow or new peer at the minimum, so frames behind the queue stay prompt', () => {
    expect(uploadHighWaterMark(0)).toBe(MIN_UPLOAD_HIGH_WATER_MARK);
    expect(uploadHighWaterMark(500 * 1024)).toBe(MIN_UPLOAD_HIGH_WATER_MARK);
  });

  it('queues half a second of a faster peer', () => {
    expect(uploadHighWaterMark(10 * MiB)).toBe(5 * MiB);
  });

  it('never queues more than the most, far below where Chromium closes a channel', () => {
    expect(uploadHighWaterMark(1024 * MiB)).toBe(MAX_UPLOAD_HIGH_WATER_MARK);
  });
});
