import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormats } from '../i18n/use-formats.ts';
import type { SessionPhase, ShareSession } from '../session/share-session.ts';

/**
 * Download, Pause, Resume and Cancel. Cancel asks first: keep what is stored
 * (the download can start again) or delete it and close the share.
 */
export function DownloadControls({
  session,
  phase,
  storedBytes,
  canStart,
  onDeleted,
}: {
  session: ShareSession;
  phase: SessionPhase;
  storedBytes: number;
  /** False while no file is chosen. */
  canStart: boolean;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const formats = useFormats();
  const [confirming, setConfirming] = useState(false);
  const [mayNotify, setMayNotify] = useState(
    () => typeof Notification === 'function' && Notification.permission === 'default',
  );
  const running = phase === 'downloading' || phase === 'paused';

  if (confirming && running) {
    return (
      <div className="notice warn" role="group" aria-label={t('download.cancelGroup')}>
        <p style={{ marginTop: 0 }}>
          {t('download.confirmCancel', { size: formats.bytes(storedBytes) })}
        </p>
        <div className="row">
          <button
            type="button"
            onClick={() => {
              setConfirming(false);
              void session.cancel(true).then(onDeleted);
            }}
          >
            {t('download.deleteStored')}
          </button>
          <button
            type="button"
            onClick={() => {
              setConfirming(false);
              void session.cancel(false);
            }}
          >
            {t('download.keepStored')}
          </button>
          {/* The safe answer has focus, in place of the Cancel button that asked. */}
          <button type="button" className="primary" autoFocus onClick={() => setConfirming(false)}>
            {t('download.goOn')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="row controls" style={{ margin: '16px 0' }}>
      {phase === 'ready' ? (
        <button
          type="button"
          className="primary"
          disabled={!canStart}
          onClick={() => session.download()}
        >
          {t('download.start')}
        </button>
      ) : null}
      {phase === 'downloading' ? (
        <button type="button" onClick={() => session.pause()}>
          {t('download.pause')}
        </button>
      ) : null}
      {phase === 'paused' ? (
        <button type="button" className="primary" onClick={() => session.download()}>
          {t('download.resume')}
        </button>
      ) : null}
      {running ? (
        <button type="button" onClick={() => setConfirming(true)}>
          {t('download.cancel')}
        </button>
      ) : null}
      {phase === 'downloading' && mayNotify ? (
        <button
          type="button"
          onClick={() => {
            setMayNotify(false);
            void Notification.requestPermission();
          }}
        >
          {t('download.notifyMe')}
        </button>
      ) : null}
      {phase === 'paused' ? (
        <span className="muted" role="status">
          {t('download.paused')}
        </span>
      ) : null}
      {phase === 'complete' ? (
        <p className="muted" role="status" style={{ margin: 0 }}>
          {t('download.complete')}
        </p>
      ) : null}
    </div>
  );
}
