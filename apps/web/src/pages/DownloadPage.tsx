import { useEffect, useState } from 'react';
import { formatBytes } from '../ui/format.ts';
import { ConnectivityNotice } from '../ui/ConnectivityNotice.tsx';
import { FileList } from '../ui/FileList.tsx';
import { messageFor } from '../ui/messages.ts';
import { saveAll, saveFile } from '../save/save-file.ts';
import { isOnlyCompleteSource, useLeaveWarning } from '../session/leave-warning.ts';
import { ShareSession } from '../session/share-session.ts';
import { signaling } from '../session/signaling.ts';
import { useSessionSnapshot } from '../session/use-session.ts';
import { TransferStatus } from './TransferStatus.tsx';

/** A share opened from a link: find peers, show the files, download, save. */
export function DownloadPage({ shareId }: { shareId: Uint8Array }) {
  const [session, setSession] = useState<ShareSession | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let opened: ShareSession | null = null;
    ShareSession.open(signaling(), shareId).then(
      (s) => {
        opened = s;
        if (live) setSession(s);
        else void s.close();
      },
      (error: unknown) =>
        live &&
        setFailure(messageFor((error as { code?: string }).code ?? 'unknown', String(error))),
    );
    return () => {
      live = false;
      void opened?.close();
    };
  }, [shareId]);

  if (failure)
    return (
      <p className="notice error" role="alert">
        {failure}
      </p>
    );
  if (!session) return <p className="muted">Opening the share…</p>;
  return <DownloadView session={session} />;
}

function DownloadView({ session }: { session: ShareSession }) {
  const snapshot = useSessionSnapshot(session);
  const [saveError, setSaveError] = useState<string | null>(null);
  const { manifest, progress, phase, connectivity } = snapshot;
  useLeaveWarning(isOnlyCompleteSource(snapshot));

  const save = (fileIndex: number) => {
    setSaveError(null);
    saveFile(session.shareKey, fileIndex).catch((error: unknown) =>
      setSaveError(
        messageFor((error as { code?: string }).code ?? 'save-unavailable', String(error)),
      ),
    );
  };

  return (
    <section className="card">
      <h2>
        {manifest
          ? shareTitle(manifest.files.map((f) => f.path))
          : connectivity
            ? 'Cannot reach any peer'
            : 'Finding peers…'}
      </h2>
      <ConnectivityNotice problem={connectivity} />
      {snapshot.error ? (
        <p className="notice error" role="alert">
          {messageFor(snapshot.error.code, snapshot.error.message)}
        </p>
      ) : null}
      {snapshot.warning ? (
        <p className="notice warn" role="alert">
          {messageFor(snapshot.warning.code, snapshot.warning.message)}
        </p>
      ) : null}
      {saveError ? (
        <p className="notice error" role="alert">
          {saveError}
        </p>
      ) : null}
      {phase === 'finding' && !connectivity ? (
        <p className="muted" role="status">
          Looking for browsers that share this link…{' '}
          {progress ? `${progress.peersConnected} connected.` : ''} Keep this page open: the files
          appear as soon as a peer that has them is online.
        </p>
      ) : null}
      {manifest ? (
        <>
          <p className="muted">
            {manifest.files.length} {manifest.files.length === 1 ? 'file' : 'files'},{' '}
            {formatBytes(totalOf(manifest.files))}
          </p>
          <FileList files={manifest.files} onSave={phase === 'complete' ? save : undefined} />
          {phase === 'complete' && manifest.files.length > 1 ? (
            <button
              type="button"
              onClick={() => {
                setSaveError(null);
                const all = manifest.files.map((_, index) => index);
                saveAll(session.shareKey, all).catch((error: unknown) =>
                  setSaveError(
                    messageFor(
                      (error as { code?: string }).code ?? 'save-unavailable',
                      String(error),
                    ),
                  ),
                );
              }}
            >
              Save all as ZIP
            </button>
          ) : null}
        </>
      ) : null}
      <div className="row" style={{ margin: '16px 0' }}>
        {phase === 'ready' ? (
          <button type="button" className="primary" onClick={() => session.download()}>
            Download
          </button>
        ) : null}
        {phase === 'paused' ? (
          <button type="button" className="primary" onClick={() => session.download()}>
            Resume
          </button>
        ) : null}
        {phase === 'complete' ? (
          <p className="muted" role="status" style={{ margin: 0 }}>
            Download complete. This tab keeps sharing the files while it stays open.
          </p>
        ) : null}
      </div>
      {progress && phase !== 'finding' ? (
        <TransferStatus
          progress={progress}
          routes={snapshot.routes}
          showProgress={phase !== 'ready'}
        />
      ) : null}
    </section>
  );
}

function totalOf(files: { size: number }[]): number {
  return files.reduce((sum, file) => sum + file.size, 0);
}

/** "report.pdf", or "photos (and 11 more)". */
export function shareTitle(paths: string[]): string {
  const first = paths[0] ?? '';
  const top = first.includes('/') ? first.slice(0, first.indexOf('/')) : first;
  if (paths.length <= 1) return top;
  const sameFolder = first.includes('/') && paths.every((p) => p.startsWith(`${top}/`));
  return sameFolder ? top : `${top} and ${paths.length - 1} more`;
}
