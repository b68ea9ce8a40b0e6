import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { signaling } from '../session/signaling.ts';

// Module-level, so React subscribes once (an inline function would resubscribe every render).
const subscribe = (onChange: () => void) => signaling().on('connection', onChange);
const connectionState = () => signaling().state;

/**
 * Shows when the signaling connection is down. Transfers between connected peers
 * go on without it; only finding new peers waits.
 */
export function ConnectionBadge() {
  const { t } = useTranslation();
  const state = useSyncExternalStore(subscribe, connectionState);
  if (state === 'connected') return null;
  return (
    <p className="notice warn" aria-live="polite">
      {state === 'connecting' ? t('connection.connecting') : t('connection.lost')}
    </p>
  );
}
