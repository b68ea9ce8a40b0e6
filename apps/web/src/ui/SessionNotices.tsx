import { useTranslation } from 'react-i18next';
import type { SessionError } from '../session/session-snapshot.ts';
import { messageFor } from './messages.ts';

/**
 * A session's error and warning, each worded in the page's language.
 * `errorTone` is how loud the error is on this page: a sharer's errors are
 * about one file or one peer, while the share goes on.
 */
export function SessionNotices({
  error,
  warning,
  errorTone,
}: {
  error: SessionError | null;
  warning: SessionError | null;
  errorTone: 'error' | 'warn';
}) {
  const { t } = useTranslation();
  return (
    <>
      {error ? (
        <p className={`notice ${errorTone}`} role="alert">
          {messageFor(t, error.code, error.message)}
        </p>
      ) : null}
      {warning ? (
        <p className="notice warn" role="alert">
          {messageFor(t, warning.code, warning.message)}
        </p>
      ) : null}
    </>
  );
}
