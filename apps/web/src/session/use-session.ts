import { useSyncExternalStore } from 'react';
import type { SessionSnapshot, ShareSession } from './share-session.ts';

/** Re-renders on a session's changes, at most as often as its swarm reports progress. */
export function useSessionSnapshot(session: ShareSession): SessionSnapshot {
  return useSyncExternalStore(
    (onChange) => session.on('change', onChange),
    () => session.snapshot,
  );
}
