import { useEffect } from 'react';
import type { SessionSnapshot } from './session-snapshot.ts';

/**
 * True when closing this tab would take away the only complete copy that the
 * swarm can see: this tab has everything and no connected peer does.
 */
export function isOnlyCompleteSource(snapshot: SessionSnapshot): boolean {
  if (snapshot.phase !== 'complete' || !snapshot.progress) return false;
  const { pieceCount, peers } = snapshot.progress;
  return !peers.some((peer) => pieceCount > 0 && peer.pieces >= pieceCount);
}

/** Asks the browser to confirm before the tab closes while `warn` holds. */
export function useLeaveWarning(warn: boolean): void {
  useEffect(() => {
    if (!warn) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = '';
    };
    addEventListener('beforeunload', onBeforeUnload);
    return () => removeEventListener('beforeunload', onBeforeUnload);
  }, [warn]);
}
