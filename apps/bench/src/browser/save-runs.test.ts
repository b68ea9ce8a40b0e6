import { describe, expect, it } from 'vitest';
import { DownloadTracker } from './save-runs.ts';

const progress = (
  guid: string,
  state: 'inProgress' | 'completed' | 'canceled',
  receivedBytes: number,
  filePath?: string,
) => ({ guid, totalBytes: 100, receivedBytes, state, filePath });

describe('DownloadTracker', () => {
  it('lists downloads in the order they began', () => {
    const tracker = new DownloadTracker();
    tracker.began('b', 'second.bin');
    tracker.began('a', 'first.bin');
    expect(tracker.guids()).toEqual(['b', 'a']);
  });

  it('reports a download complete only once Chromium says so, with its size and path', () => {
    const tracker = new DownloadTracker();
    tracker.began('a', 'file.bin');
    tracker.progressed(progress('a', 'inProgress', 40));
    expect(tracker.completed('a')).toBeUndefined();
    tracker.progressed(progress('a', 'completed', 100, '/d/file (1).bin'));
    expect(tracker.completed('a')).toEqual({
      name: 'file.bin',
      bytes: 100,
      filePath: '/d/file (1).bin',
    });
  });

  it('says how far a canceled download got', () => {
    const tracker = new DownloadTracker();
    tracker.began('a', 'file.bin');
    tracker.progressed(progress('a', 'canceled', 40));
    expect(tracker.failure('a')).toBe('saving file.bin was canceled after 40 of 100 bytes');
    expect(tracker.completed('a')).toBeUndefined();
  });

  it('ignores progress of a download it did not see begin', () => {
    const tracker = new DownloadTracker();
    tracker.progressed(progress('x', 'completed', 100, '/d/x'));
    expect(tracker.guids()).toEqual([]);
    expect(tracker.completed('x')).toBeUndefined();
  });

  it('wakes whoever waits for a change at the next event', async () => {
    const tracker = new DownloadTracker();
    const changed = tracker.changed();
    tracker.began('a', 'file.bin');
    await expect(changed).resolves.toBeUndefined();
  });

  it('describes every download for an error message', () => {
    const tracker = new DownloadTracker();
    tracker.began('a', 'one.bin');
    tracker.began('b', 'two.bin');
    tracker.progressed(progress('a', 'inProgress', 40));
    expect(tracker.describe()).toBe(
      'one.bin: 40 of 100 bytes, inProgress; two.bin: begun, no progress yet',
    );
  });
});
