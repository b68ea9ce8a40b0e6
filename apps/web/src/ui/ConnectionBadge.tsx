import { useSyncExternalStore } from 'react';
import { signaling } from '../session/signaling.ts';

/**
 * Shows when the signaling connection is down. Transfers between connected peers
 * go on without it; only finding new peers waits.
 */
export function ConnectionBadge() {
  const client = signaling();
  const state = useSyncExternalStore(
    (onChange) => client.on('connection', onChange),
    () => client.state,
  );
  if (state === 'connected') return null;
  return (
    <p className="notice warn" aria-live="polite">
      {state === 'connecting'
        ? 'Connecting to the signaling server…'
        : 'Lost the signaling server. Transfers already running go on; reconnecting…'}
    </p>
  );
}
