import { useEffect, useMemo, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useFormats } from '../i18n/use-formats.ts';
import { useShareTitle } from '../i18n/use-share-title.ts';
import { ConnectivityNotice } from '../ui/ConnectivityNotice.tsx';
import { FileList } from '../ui/FileList.tsx';
import { useKeepFocus } from '../ui/keep-focus.ts';
import { LiveAnnouncer } from '../ui/LiveAnnouncer.tsx';
import { downloadMilestone, type Milestone } from '../ui/milestones.ts';
import { fileProgress } from '../ui/file-progress.ts';
import { MediaViewer } from '../ui/MediaViewer.tsx';
import { SessionNotices } from '../ui/SessionNotices.tsx';
import { playability } from '../stream/media-kind.ts';
import { DownloadControls } from './DownloadControls.tsx';
import { codeOf, messageFor } from '../ui/messages.ts';
import { saveAll, saveFile, workerAvailable } from '../save/save-file.ts';
import { isOnlyCompleteSource, useLeaveWarning } from '../session/leave-warning.ts';
import { SHARE_DELETED, ShareSession } from '../session/share-session.ts';
import { signaling } from '../session/signaling.ts';
import { useCompletionNotice, useWakeLock } from '../session/transfer-attention.ts';
import { useSessionSnapshot } from '../session/use-session.ts';
import { TransferStatus } from './TransferStatus.tsx';

/** A share opened from a link: find peers, show the files, download, save. */
export function DownloadPage({ shareId }: { shareId: Uint8Array }) {
  const { t } = useTranslation();
  const [session, setSession] = useState<ShareSession | null>(null);
  const [failure, setFailure] = useState<{ code: string; detail: string } | null>(null);

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
        live && setFailure({ code: codeOf(error) ?? 'unknown', detail: String(error) }),
    );
    return () => {
      live = false;
      void opened?.close();
    };
  }, [shareId]);

  if (failure)
    return (
      <p className="notice error" role="alert">
        {messageFor(t, failure.code, failure.detail)}
      </p>
    );
  if (!session) return <p className="muted">{t('download.opening')}</p>;
  return <DownloadView session={session} />;
}

function DownloadView({ session }: { session: ShareSession }) {
  const { t } = useTranslation();
  const formats = useFormats();
  const shareTitle = useShareTitle();
  const snapshot = useSessionSnapshot(session);
  // Kept as a code and worded at render, so a language switch rewords it.
  const [saveError, setSaveError] = useState<{ code: string; detail: string } | null>(null);
  const [playing, setPlaying] = useState<number | null>(null);
  const [deleted, setDeleted] = useState(false);
  const { manifest, progress, phase, connectivity, chosenFiles } = snapshot;
  /** Another tab deleted this share, pieces and all: this session is closed. */
  const deletedElsewhere = snapshot.error?.code === SHARE_DELETED;
  useLeaveWarning(isOnlyCompleteSource(snapshot));
  useWakeLock(phase === 'downloading');
  useCompletionNotice(
    phase === 'complete',
    manifest ? shareTitle(manifest.files.map((f) => f.path)) : '',
  );
  const canPlayType = useCanPlayType();
  const percent = progress?.wantedBytes
    ? Math.floor((progress.verifiedWantedBytes / progress.wantedBytes) * 100)
    : 0;
  const announcement = milestoneText(t, formats.percent, downloadMilestone(phase, percent));
  const stored = progress?.stored;
  const perFile = useMemo(
    () => (manifest && stored ? fileProgress(manifest, stored) : undefined),
    [manifest, stored],
  );
  // A pressed control that goes away hands focus on: to the first Save once
  // complete (what the download was for), else to the first control left, or
  // to the way home once the download is deleted (to downloading it again,
  // when another tab deleted it).
  const card = useRef<HTMLElement>(null);
  useKeepFocus(card, () =>
    card.current?.querySelector<HTMLElement>(
      deletedElsewhere
        ? 'button.download-again'
        : phase === 'complete'
          ? '.files button.save'
          : '.controls button:enabled, a[href="/"]',
    ),
  );

  if (deletedElsewhere) {
    return (
      <section className="card" ref={card}>
        <p className="notice warn" role="alert">
          {t('download.deletedElsewhere')}
        </p>
        <div className="row">
          {/* The link is the page's own address: only a reload opens it afresh. */}
          <button type="button" className="download-again" onClick={() => location.reload()}>
            {t('download.downloadAgain')}
          </button>
          <a href="/">{t('download.backHome')}</a>
        </div>
      </section>
    );
  }

  if (deleted) {
    return (
      <section className="card" ref={card}>
        <p role="status">{t('download.cancelled')}</p>
        <a href="/">{t('download.backHome')}</a>
      </section>
    );
  }

  const failed = (fallback: string) => (error: unknown) =>
    setSaveError({ code: codeOf(error) ?? fallback, detail: String(error) });
  const save = (fileIndex: number) => {
    setSaveError(null);
    saveFile(session.shareKey, fileIndex).catch(failed('save-unavailable'));
  };
  const everyFile = manifest ? manifest.files.map((_, index) => index) : [];
  const chosen = chosenFiles ?? everyFile;
  const choose = (fileIndex: number, want: boolean) => {
    const next = want ? [...chosen, fileIndex] : chosen.filter((index) => index !== fileIndex);
    if (next.length > 0) session.selectFiles(next.length === everyFile.length ? null : next);
  };
  const playable = (fileIndex: number) =>
    manifest ? playability(manifest.files[fileIndex]!, canPlayType) : null;
  const viewing = playing === null ? null : playable(playing);

  return (
    <section className="card" ref={card}>
      <LiveAnnouncer message={announcement} />
      <h2>
        {manifest
          ? shareTitle(manifest.files.map((f) => f.path))
          : connectivity
            ? t('download.cannotReach')
            : t('download.finding')}
      </h2>
      <ConnectivityNotice problem={connectivity} />
      <SessionNotices error={snapshot.error} warning={snapshot.warning} errorTone="error" />
      {saveError ? (
        <p className="notice error" role="alert">
          {messageFor(t, saveError.code, saveError.detail)}
        </p>
      ) : null}
      {phase === 'finding' && !connectivity ? (
        <p className="muted" role="status">
          {t('download.looking')}{' '}
          {progress ? `${t('download.connected', { count: progress.peersConnected })} ` : ''}
          {t('download.keepOpen')}
        </p>
      ) : null}
      {manifest && playing !== null && viewing?.kind ? (
        <MediaViewer
          session={session}
          fileIndex={playing}
          file={manifest.files[playing]!}
          kind={viewing.kind}
          onClose={() => setPlaying(null)}
        />
      ) : null}
      {manifest ? (
        <>
          <p className="muted">
            {t('download.summary', {
              count: manifest.files.length,
              size: formats.bytes(totalOf(manifest.files)),
            })}
            {chosenFiles ? t('download.chosen', { count: chosenFiles.length }) : ''}
          </p>
          <FileList
            files={manifest.files}
            chosen={chosenFiles === null ? null : new Set(chosenFiles)}
            onChoose={manifest.files.length > 1 ? choose : undefined}
            progress={phase === 'ready' ? undefined : perFile}
            onSave={phase === 'ready' ? undefined : save}
            playLabel={(index) => {
              const can = playable(index);
              if (can === null) return null;
              if (can.kind === null) return 'unsupported';
              return can.kind === 'image' ? 'View' : 'Play';
            }}
            // Playing needs the worker to answer the player; without one, no Play button.
            onPlay={workerAvailable() ? setPlaying : undefined}
          />
          {phase === 'complete' && chosen.length > 1 ? (
            <button
              type="button"
              onClick={() => {
                setSaveError(null);
                saveAll(
                  session.shareKey,
                  [...chosen],
                  shareTitle(manifest.files.map((f) => f.path)),
                ).catch(failed('save-unavailable'));
              }}
            >
              {t('download.saveAllZip')}
            </button>
          ) : null}
        </>
      ) : null}
      <DownloadControls
        session={session}
        phase={phase}
        storedBytes={progress?.verifiedBytes ?? 0}
        canStart={chosen.length > 0}
        onDeleted={() => setDeleted(true)}
      />
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

/** What the live region says at a milestone, in the page's language. */
function milestoneText(
  t: TFunction,
  percent: (fraction: number) => string,
  milestone: Milestone | null,
): string | null {
  if (milestone === null) return null;
  if (milestone.kind === 'percent') {
    return t('milestone.percent', { percent: percent(milestone.percent / 100) });
  }
  return t(`milestone.${milestone.kind}`);
}

/** The browser's own answer to "can you play this type?", from one media element made once. */
function useCanPlayType(): (type: string) => string {
  return useMemo(() => {
    const probe = document.createElement('video');
    return (type: string) => probe.canPlayType(type);
  }, []);
}

function totalOf(files: { size: number }[]): number {
  return files.reduce((sum, file) => sum + file.size, 0);
}
