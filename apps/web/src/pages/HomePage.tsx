import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  formatLink,
  fromBase64url,
  SourceError,
  type BuildProgress,
  type SourceProblem,
} from '@shoal/core';
import { buildShareInWorker, prepareHashingWorker } from '../hashing/build-share.ts';
import { isOnlyCompleteSource, useLeaveWarning } from '../session/leave-warning.ts';
import { mark, MARKS } from '../session/marks.ts';
import { SHARE_DELETED, ShareSession } from '../session/share-session.ts';
import { signaling } from '../session/signaling.ts';
import { useWakeLock } from '../session/transfer-attention.ts';
import { useSessionSnapshot } from '../session/use-session.ts';
import { SHARED_FILES_PAGE, takeSharedFiles } from '../save/shared-files.ts';
import { fileSource } from '../storage/file-source.ts';
import type { PickedFile } from '../ui/collect-files.ts';
import { ConnectivityNotice } from '../ui/ConnectivityNotice.tsx';
import { LiveAnnouncer } from '../ui/LiveAnnouncer.tsx';
import { DropZone } from '../ui/DropZone.tsx';
import { FileList } from '../ui/FileList.tsx';
import { useFormats } from '../i18n/use-formats.ts';
import { codeOf, messageFor } from '../ui/messages.ts';
import { sourceProblemText } from '../ui/source-problem.ts';
import { ProgressBar } from '../ui/ProgressBar.tsx';
import { SessionNotices } from '../ui/SessionNotices.tsx';
import { ShareLink } from '../ui/ShareLink.tsx';
import { StoredShares } from './StoredShares.tsx';
import { TransferStatus } from './TransferStatus.tsx';

type Step =
  | { kind: 'idle' }
  | { kind: 'hashing'; files: PickedFile[]; progress: BuildProgress | null }
  | { kind: 'sharing'; session: ShareSession }
  /** Kept as data and worded at render, so a language switch rewords it. */
  | { kind: 'failed'; problem: SourceProblem | { code: string; detail: string } }
  /** The share was deleted from the stored shares while this tab shared it. */
  | { kind: 'deleted' };

/** Start here: drop files, get a link, keep the tab open while others download. */
export function HomePage() {
  const { t } = useTranslation();
  const formats = useFormats();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);

  useEffect(() => () => abort.current?.abort(), []);
  // Leaving the page (a link opened in this tab) stops the share: no share
  // serves on with nothing on screen to say so or to stop it.
  const sharing = step.kind === 'sharing' ? step.session : null;
  useEffect(() => () => void sharing?.close(), [sharing]);
  // While the drop zone shows, a hashing worker waits ready for the files.
  const dropZoneShown = step.kind === 'idle' || step.kind === 'failed' || step.kind === 'deleted';
  useEffect(() => {
    if (dropZoneShown) prepareHashingWorker();
  }, [dropZoneShown]);

  const share = async (files: PickedFile[]) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setStep({ kind: 'hashing', files, progress: null });
    try {
      mark(MARKS.hashStart);
      const built = await buildShareInWorker(
        files,
        (progress) => setStep({ kind: 'hashing', files, progress }),
        controller.signal,
      );
      mark(MARKS.hashEnd);
      const session = await ShareSession.share(
        signaling(),
        built,
        files.map(({ file, path }) => fileSource(file, path)),
      );
      setStep({ kind: 'sharing', session });
      mark(MARKS.linkReady);
    } catch (error) {
      if (controller.signal.aborted) return setStep({ kind: 'idle' });
      setStep({
        kind: 'failed',
        problem:
          error instanceof SourceError
            ? error.problem
            : {
                code: codeOf(error) ?? 'hashing-failed',
                detail: error instanceof Error ? error.message : String(error),
              },
      });
    }
  };

  // Opened by the share sheet (see shared-files.ts): share what it handed over,
  // once, on arrival (the files are taken, so there is nothing to redo).
  const shareFromSheet = useEffectEvent((files: File[]) => {
    if (files.length > 0) void share(files.map((file) => ({ file, path: file.name })));
  });
  useEffect(() => {
    if (location.search !== SHARED_FILES_PAGE.slice(1)) return;
    history.replaceState(null, '', '/');
    void takeSharedFiles().then(shareFromSheet);
  }, []);

  return (
    <>
      {step.kind === 'sharing' ? (
        <SharingView
          session={step.session}
          onStop={() => void step.session.close().then(() => setStep({ kind: 'idle' }))}
          onDeleted={() => setStep({ kind: 'deleted' })}
        />
      ) : (
        <section className="card">
          <h2>{t('home.shareHeading')}</h2>
          {step.kind === 'failed' ? (
            <p className="notice error" role="alert">
              {'detail' in step.problem
                ? messageFor(t, step.problem.code, step.problem.detail)
                : sourceProblemText(t, step.problem)}
            </p>
          ) : null}
          {step.kind === 'deleted' ? (
            <p className="notice warn" role="alert">
              {t('home.deletedElsewhere')}
            </p>
          ) : null}
          {step.kind === 'hashing' ? (
            <div role="status">
              <p>
                {t('home.preparing', { count: step.files.length })}
                {step.progress
                  ? ` ${t('home.preparingOf', {
                      done: formats.bytes(step.progress.hashedBytes),
                      total: formats.bytes(step.progress.totalBytes),
                    })}`
                  : ''}
                …
              </p>
              <ProgressBar
                label={t('home.preparingLabel')}
                fraction={
                  step.progress && step.progress.totalBytes > 0
                    ? step.progress.hashedBytes / step.progress.totalBytes
                    : 0
                }
              />
              <div className="row" style={{ marginTop: 12 }}>
                <button type="button" onClick={() => abort.current?.abort()}>
                  {t('home.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <DropZone onFiles={(files) => void share(files)} />
          )}
        </section>
      )}
      <StoredShares />
    </>
  );
}

function SharingView({
  session,
  onStop,
  onDeleted,
}: {
  session: ShareSession;
  onStop: () => void;
  /** The share was deleted from the stored shares (here or in another tab): its session closed. */
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const snapshot = useSessionSnapshot(session);
  const deleted = snapshot.error?.code === SHARE_DELETED;
  const sayDeleted = useEffectEvent(onDeleted);
  useEffect(() => {
    if (deleted) sayDeleted();
  }, [deleted]);
  // Peers fetching from this tab: a sleeping screen would cut them off.
  useWakeLock((snapshot.progress?.peersDownloading ?? 0) > 0);
  // Sharing started: the link is what the user came for, so focus goes there.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useLeaveWarning(isOnlyCompleteSource(snapshot));
  const link = formatLink(location.origin, fromBase64url(session.shareKey));
  return (
    <section className="card">
      <LiveAnnouncer message={t('home.sharingReady')} />
      <h2 ref={heading} tabIndex={-1}>
        {t('home.sharingHeading')}
      </h2>
      <ShareLink link={link} />
      {snapshot.manifest ? <FileList files={snapshot.manifest.files} /> : null}
      <p className="muted">{t('home.keepOpen')}</p>
      <SessionNotices error={snapshot.error} warning={snapshot.warning} errorTone="warn" />
      <ConnectivityNotice problem={snapshot.connectivity} />
      {snapshot.progress ? (
        <TransferStatus
          progress={snapshot.progress}
          routes={snapshot.routes}
          showProgress={false}
        />
      ) : null}
      <div className="row" style={{ marginTop: 16 }}>
        <button type="button" onClick={onStop}>
          {t('home.stopSharing')}
        </button>
      </div>
    </section>
  );
}
