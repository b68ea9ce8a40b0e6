import type { Progress, SwarmState } from '@shoal/core';
import { describe, expect, it } from 'vitest';
import { nextSnapshot, phaseOf, type SnapshotInputs } from './session-snapshot.ts';

const progress = (verifiedBytes: number) => ({ verifiedBytes }) as Progress;

const inputs = (over: Partial<SnapshotInputs> = {}): SnapshotInputs => ({
  shareKey: 'k',
  role: 'downloader',
  swarmState: 'downloading',
  wantDownload: true,
  progress: progress(1),
  manifest: null,
  warning: null,
  routes: new Map(),
  connectivity: null,
  chosenFiles: null,
  ...over,
});

describe('phaseOf', () => {
  it.each<[SwarmState, boolean, string]>([
    ['starting', false, 'finding'],
    ['fetching-manifest', true, 'finding'],
    ['downloading', true, 'downloading'],
    ['paused', true, 'paused'],
    ['paused', false, 'ready'],
    ['seeding', false, 'complete'],
    ['destroyed', true, 'closed'],
  ])('calls a %s swarm (Download pressed: %s) %s', (state, wantDownload, phase) => {
    expect(phaseOf(state, wantDownload)).toBe(phase);
  });
});

describe('nextSnapshot', () => {
  it('is a new object each time, leaving the one before as it was', () => {
    const first = nextSnapshot(undefined, inputs());
    const second = nextSnapshot(first, inputs({ progress: progress(2) }));
    expect(second).not.toBe(first);
    expect(first.progress?.verifiedBytes).toBe(1);
    expect(second.progress?.verifiedBytes).toBe(2);
  });

  it('keeps the last error until one replaces it or null clears it', () => {
    const failed = nextSnapshot(
      undefined,
      inputs({ error: { code: 'store-failed', message: 'x' } }),
    );
    const later = nextSnapshot(failed, inputs());
    expect(later.error?.code).toBe('store-failed');
    expect(nextSnapshot(later, inputs({ error: null })).error).toBeNull();
  });

  it('shows a closed session with the progress it last had', () => {
    const open = nextSnapshot(undefined, inputs({ progress: progress(5) }));
    const closed = nextSnapshot(open, inputs({ progress: null }));
    expect(closed.phase).toBe('closed');
    expect(closed.progress?.verifiedBytes).toBe(5);
  });

  it('does not call a session closed before its first progress', () => {
    expect(nextSnapshot(undefined, inputs({ progress: null, swarmState: 'starting' })).phase).toBe(
      'finding',
    );
  });
});
