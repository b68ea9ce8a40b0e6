import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { signaling } from '../session/signaling.ts';

/**
 * Shows when the signaling connection is down. Transfers between connected peers
 * go on without it; only finding new peers waits.
 */
export function ConnectionBadge() {
  const { t } = useTranslation();
  const client = signaling();
  const state = useSyncExternalStore(
    (onChange) => client.on('connection', onChange),
    () => client.state,
  );
  if (state === 'connected') return null;
  return (
    <p className="notice warn" aria-live="polite">
      {state === 'connecting' ? t('connection.connecting') : t('connection.lost')}
    </p>
  );
}
