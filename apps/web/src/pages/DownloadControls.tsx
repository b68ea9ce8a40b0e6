import { useState } from 'react';
import type { SessionPhase, ShareSession } from '../session/share-session.ts';
import { formatBytes } from '../ui/format.ts';

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
  const [confirming, setConfirming] = useState(false);
  const [mayNotify, setMayNotify] = useState(
    () => typeof Notification === 'function' && Notification.permission === 'default',
  );
  const running = phase === 'downloading' || phase === 'paused';

  if (confirming && running) {
    return (
      <div className="notice warn" role="group" aria-label="Cancel the download">
        <p style={{ marginTop: 0 }}>
          Stop this download? {formatBytes(storedBytes)} of it is stored in this browser.
        </p>
        <div className="row">
          <button
            type="button"
            onClick={() => {
              setConfirming(false);
              void session.cancel(true).then(onDeleted);
            }}
          >
            Delete what is stored
          </button>
          <button
            type="button"
            onClick={() => {
              setConfirming(false);
              void session.cancel(false);
            }}
          >
            Keep it
          </button>
          {/* The safe answer has focus, in place of the Cancel button that asked. */}
          <button type="button" className="primary" autoFocus onClick={() => setConfirming(false)}>
            Go on downloading
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
          Download
        </button>
      ) : null}
      {phase === 'downloading' ? (
        <button type="button" onClick={() => session.pause()}>
          Pause
        </button>
      ) : null}
      {phase === 'paused' ? (
        <button type="button" className="primary" onClick={() => session.download()}>
          Resume
        </button>
      ) : null}
      {running ? (
        <button type="button" onClick={() => setConfirming(true)}>
          Cancel
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
          Notify me when it is done
        </button>
      ) : null}
      {phase === 'paused' ? (
        <span className="muted" role="status">
          Paused. This tab still shares the pieces it has.
        </span>
      ) : null}
      {phase === 'complete' ? (
        <p className="muted" role="status" style={{ margin: 0 }}>
          Download complete. This tab keeps sharing the files while it stays open.
        </p>
      ) : null}
    </div>
  );
}
