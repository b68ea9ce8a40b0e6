import { useCallback, useSyncExternalStore } from 'react';
import type { SessionSnapshot, ShareSession } from './share-session.ts';

/** Re-renders on a session's changes, at most as often as its swarm reports progress. */
export function useSessionSnapshot(session: ShareSession): SessionSnapshot {
  // One subscription per session: an inline function would be a new one each
  // render, and React would unsubscribe and subscribe again every time.
  const subscribe = useCallback(
    (onChange: () => void) => session.on('change', onChange),
    [session],
  );
  return useSyncExternalStore(subscribe, () => session.snapshot);
}
