import type { Progress } from '@shoal/core';
import type { ConnectionRoute } from '../net/connection-route.ts';
import { formatBytes, formatCopies, formatDuration, formatRate } from '../ui/format.ts';
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
  // Of the files chosen: a download of one file of ten is done when that file is.
  const fraction =
    progress.wantedBytes > 0
      ? progress.verifiedWantedBytes / progress.wantedBytes
      : progress.pieceCount === 0 || progress.state === 'seeding'
        ? 1
        : 0;
  return (
    <>
      {showProgress ? (
        <section aria-label="Download">
          <ProgressBar label="Download progress" fraction={fraction} />
          <div className="stats">
            <span>
              {formatBytes(progress.verifiedWantedBytes)} of {formatBytes(progress.wantedBytes)}
            </span>
            <Stat label="Download speed" sign="↓">
              {formatRate(progress.downloadRate)}
            </Stat>
            <Stat label="Time left" sign="ETA">
              {formatDuration(progress.etaSeconds ?? undefined)}
            </Stat>
            <Stat label="Upload speed" sign="↑">
              {formatRate(progress.uploadRate)}
            </Stat>
          </div>
        </section>
      ) : (
        <div className="stats">
          <span>Uploaded {formatBytes(progress.uploadedBytes)}</span>
          <Stat label="Upload speed" sign="↑">
            {formatRate(progress.uploadRate)}
          </Stat>
        </div>
      )}
      <h3>Peers ({progress.peersConnected})</h3>
      {progress.pieceCount > 0 ? (
        <p className="muted numeric">
          {progress.peersComplete} finished · {progress.peersDownloading} downloading ·{' '}
          {formatCopies(progress.distributedCopies)} in reach
        </p>
      ) : null}
      <PeerList peers={progress.peers} pieceCount={progress.pieceCount} routes={routes} />
      {progress.pieceCount > 0 ? (
        <>
          <h3>Pieces</h3>
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
