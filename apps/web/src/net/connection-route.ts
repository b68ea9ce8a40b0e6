// Which way a connection's packets go, from what the browser's getStats() says
// of the candidate pair in use: straight between the peers, or through a TURN
// relay. Pure: it reads a stats report and touches no connection.

/** 'direct': peer to peer (host, srflx or prflx on both ends). 'relay': through TURN on either end. */
export type ConnectionRoute = 'direct' | 'relay' | 'unknown';

/** One entry of an RTCStatsReport, as far as we read it. */
export type StatsEntry = Record<string, unknown>;

/** What an RTCStatsReport offers that we use; a Map of fixtures is one too. */
export interface StatsReportLike {
  values(): Iterable<StatsEntry>;
  get(id: string): StatsEntry | undefined;
}

/**
 * The candidate pair the connection uses, or undefined before ICE picked one.
 * Chromium names it on the transport entry (selectedCandidatePairId); Firefox
 * has no transport entry and marks the pair itself `selected`. A pair that is
 * nominated and succeeded is the fallback where a browser says neither.
 */
export function selectedCandidatePair(stats: StatsReportLike): StatsEntry | undefined {
  let pairId: string | undefined;
  let nominated: string | undefined;
  for (const report of stats.values()) {
    if (report.type === 'transport' && typeof report.selectedCandidatePairId === 'string') {
      pairId = report.selectedCandidatePairId;
    }
    if (report.type !== 'candidate-pair') continue;
    if (report.selected === true) pairId ??= String(report.id);
    if (report.nominated === true && report.state === 'succeeded') nominated ??= String(report.id);
  }
  pairId ??= nominated;
  return pairId === undefined ? undefined : stats.get(pairId);
}

/** The local or remote candidate of a pair (from selectedCandidatePair). */
export function candidateOf(
  stats: StatsReportLike,
  pair: StatsEntry,
  side: 'local' | 'remote',
): StatsEntry | undefined {
  const id = pair[side === 'local' ? 'localCandidateId' : 'remoteCandidateId'];
  return typeof id === 'string' ? stats.get(id) : undefined;
}

/** How the connection these stats describe is routed: 'relay' if either end of the pair in use is a TURN relay. */
export function connectionRoute(stats: StatsReportLike): ConnectionRoute {
  const pair = selectedCandidatePair(stats);
  if (pair === undefined) return 'unknown';
  const types = [candidateOf(stats, pair, 'local'), candidateOf(stats, pair, 'remote')].map(
    (candidate) => candidate?.candidateType,
  );
  if (types.includes('relay')) return 'relay';
  return types.every((type) => typeof type === 'string') ? 'direct' : 'unknown';
}
