// What the UI sees of a session: one immutable snapshot per change, built by
// a pure function from what the session knows, so React can compare by identity.
import type { Progress, SwarmState } from '@shoal/core';
import type { Manifest } from '@shoal/protocol';
import type { ConnectionRoute } from '../net/connection-route.ts';
import type { ConnectivityProblem } from '../net/connectivity-diagnosis.ts';
import type { ShareRole } from '../storage/share-registry.ts';

export type SessionPhase =
  /** Looking for peers and the manifest. */
  | 'finding'
  /** The manifest is here; waiting for the user to press Download. */
  | 'ready'
  | 'downloading'
  | 'paused'
  /** Every piece is here (or, for the sharer, in its files); serving others. */
  | 'complete'
  | 'closed';

export interface SessionError {
  code: string;
  message: string;
}

export interface SessionSnapshot {
  shareKey: string;
  role: ShareRole;
  phase: SessionPhase;
  manifest: Manifest | null;
  progress: Progress | null;
  error: SessionError | null;
  /**
   * Something a peer did that the user should know about, though the download
   * goes on without that peer (it sent files that do not match the link).
   * Unlike `error`, pressing Download does not clear it.
   */
  warning: SessionError | null;
  /** How each connected peer is routed, by peer id; a peer whose route is not known yet is missing. */
  routes: ReadonlyMap<string, ConnectionRoute>;
  /** Why no peer can be reached (a message code, see ui/messages.ts); null while nothing says so. */
  connectivity: ConnectivityProblem | null;
  /** The files chosen for download, ascending; null for all of them. */
  chosenFiles: readonly number[] | null;
}

/** What the session knows now; see nextSnapshot. */
export interface SnapshotInputs {
  shareKey: string;
  role: ShareRole;
  swarmState: SwarmState;
  /** The user pressed Download (or it was pressed before a reload). */
  wantDownload: boolean;
  /** Null once the session closed. */
  progress: Progress | null;
  /** A new error; null clears it; undefined keeps the last one. */
  error?: SessionError | null;
  manifest: Manifest | null;
  warning: SessionError | null;
  routes: ReadonlyMap<string, ConnectionRoute>;
  connectivity: ConnectivityProblem | null;
  chosenFiles: readonly number[] | null;
}

/**
 * The snapshot after `previous` (undefined for the first). A closed session
 * (no progress after there was a snapshot) keeps showing its last progress.
 */
export function nextSnapshot(
  previous: SessionSnapshot | undefined,
  inputs: SnapshotInputs,
): SessionSnapshot {
  const { progress, error } = inputs;
  return {
    shareKey: inputs.shareKey,
    role: inputs.role,
    phase:
      progress === null && previous !== undefined
        ? 'closed'
        : phaseOf(inputs.swarmState, inputs.wantDownload),
    manifest: inputs.manifest,
    progress: progress ?? previous?.progress ?? null,
    error: error === undefined ? (previous?.error ?? null) : error,
    warning: inputs.warning,
    routes: inputs.routes,
    connectivity: inputs.connectivity,
    chosenFiles: inputs.chosenFiles,
  };
}

/** A paused swarm the user never asked to download is waiting for Download, not paused. */
export function phaseOf(state: SwarmState, wantDownload: boolean): SessionPhase {
  switch (state) {
    case 'starting':
    case 'fetching-manifest':
      return 'finding';
    case 'downloading':
      return 'downloading';
    case 'paused':
      return wantDownload ? 'paused' : 'ready';
    case 'seeding':
      return 'complete';
    case 'destroyed':
      return 'closed';
  }
}
