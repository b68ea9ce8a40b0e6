import { useTranslation } from 'react-i18next';
import type { Progress } from '@shoal/core';
import { useFormats } from '../i18n/use-formats.ts';
import type { ConnectionRoute } from '../net/connection-route.ts';
import { PeerList } from '../ui/PeerList.tsx';
import { PieceMap } from '../ui/PieceMap.tsx';
import { ProgressBar } from '../ui/ProgressBar.tsx';

/** Progress, speed, ETA, peers (and their routes) and the piece map of a running share. */
export function TransferStatus({
  progress,
  routes,
  showProgress,
}: {
  progress: Progress;
  routes: ReadonlyMap<string, ConnectionRoute>;
  showProgress: boolean;
}) {
  const { t } = useTranslation();
  const formats = useFormats();
  // Of the files chosen: a download of one file of ten is done when that file is.
  const fraction =
    progress.wantedBytes > 0
      ? progress.verifiedWantedBytes / progress.wantedBytes
      : progress.pieceCount === 0 || progress.state === 'seeding'
        ? 1
        : 0;
  const copies = formats.copies(progress.distributedCopies);
  return (
    <>
      {showProgress ? (
        <section aria-label={t('status.download')}>
          <ProgressBar label={t('status.progress')} fraction={fraction} />
          <div className="stats">
            <span>
              {t('status.ofTotal', {
                done: formats.bytes(progress.verifiedWantedBytes),
                total: formats.bytes(progress.wantedBytes),
              })}
            </span>
            <Stat label={t('status.downloadSpeed')} sign="↓">
              {formats.rate(progress.downloadRate)}
            </Stat>
            <Stat label={t('status.timeLeft')} sign={t('status.etaSign')}>
              {formats.duration(progress.etaSeconds ?? undefined)}
            </Stat>
            <Stat label={t('status.uploadSpeed')} sign="↑">
              {formats.rate(progress.uploadRate)}
            </Stat>
          </div>
        </section>
      ) : (
        <div className="stats">
          <span>{t('status.uploaded', { size: formats.bytes(progress.uploadedBytes) })}</span>
          <Stat label={t('status.uploadSpeed')} sign="↑">
            {formats.rate(progress.uploadRate)}
          </Stat>
        </div>
      )}
      <h3>{t('status.peers', { count: progress.peersConnected })}</h3>
      {progress.pieceCount > 0 ? (
        <p className="muted numeric">
          {t('status.swarm', {
            finished: formats.count(progress.peersComplete),
            downloading: formats.count(progress.peersDownloading),
            copies: t('status.copies', {
              count: copies.count,
              copies: copies.text,
            }),
          })}
        </p>
      ) : null}
      <PeerList peers={progress.peers} pieceCount={progress.pieceCount} routes={routes} />
      {progress.pieceCount > 0 ? (
        <>
          <h3>{t('status.pieces')}</h3>
          <PieceMap
            pieceCount={progress.pieceCount}
            stored={progress.stored}
            inFlight={progress.inFlight}
            wanted={progress.wanted}
          />
        </>
      ) : null}
    </>
  );
}

/**
 * A figure shown after a sign (↓, ↑, ETA) and read after its name. Not an
 * aria-label on the span: a span has no role, and screen readers skip such a
 * label and read the bare arrow.
 */
function Stat({ label, sign, children }: { label: string; sign: string; children: string }) {
  return (
    <span>
      <span className="visually-hidden">{label}: </span>
      <span aria-hidden="true">{sign}</span> {children}
    </span>
  );
}
