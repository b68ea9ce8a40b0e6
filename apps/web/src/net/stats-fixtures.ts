// getStats() reports as Chromium 150 and Firefox ESR 140 gave them for a data
// channel between two peer connections on one machine (directly, and through
// coturn with iceTransportPolicy 'relay'), cut to the fields we read.
// Captured with Playwright's Chromium and puppeteer's Firefox; ids as given.
import type { StatsEntry, StatsReportLike } from './connection-route.ts';

/** A stats report from its entries, keyed by id as RTCStatsReport is. */
export function statsReport(entries: readonly StatsEntry[]): StatsReportLike {
  return new Map(entries.map((entry) => [String(entry.id), entry]));
}

/** Chromium: the transport names the selected pair (host to host, IPv6). */
export const CHROMIUM_DIRECT: readonly StatsEntry[] = [
  {
    id: 'CPH8Ss7Wyp_dax9TguJ',
    type: 'candidate-pair',
    localCandidateId: 'IH8Ss7Wyp',
    nominated: true,
    remoteCandidateId: 'Idax9TguJ',
    state: 'succeeded',
  },
  {
    id: 'CPcECmSRVd_NRVhpzy5',
    type: 'candidate-pair',
    localCandidateId: 'IcECmSRVd',
    nominated: false,
    remoteCandidateId: 'INRVhpzy5',
    state: 'waiting',
  },
  {
    id: 'IH8Ss7Wyp',
    type: 'local-candidate',
    address: 'fd00::2',
    candidateType: 'host',
    port: 36401,
    protocol: 'udp',
  },
  {
    id: 'INRVhpzy5',
    type: 'remote-candidate',
    address: '192.0.2.2',
    candidateType: 'host',
    port: 59612,
    protocol: 'udp',
  },
  {
    id: 'IcECmSRVd',
    type: 'local-candidate',
    address: '192.0.2.2',
    candidateType: 'host',
    port: 38356,
    protocol: 'udp',
  },
  {
    id: 'Idax9TguJ',
    type: 'remote-candidate',
    address: 'fd00::2',
    candidateType: 'host',
    port: 50457,
    protocol: 'udp',
  },
  {
    id: 'T01',
    type: 'transport',
    dtlsState: 'connected',
    iceState: 'connected',
    selectedCandidatePairId: 'CPH8Ss7Wyp_dax9TguJ',
  },
];

/** Chromium, relay-only: both ends are coturn relay candidates. */
export const CHROMIUM_RELAY: readonly StatsEntry[] = [
  {
    id: 'CP4YtCNnD3_GO+SD6XR',
    type: 'candidate-pair',
    localCandidateId: 'I4YtCNnD3',
    nominated: true,
    remoteCandidateId: 'IGO+SD6XR',
    state: 'succeeded',
  },
  {
    id: 'I4YtCNnD3',
    type: 'local-candidate',
    address: '127.0.0.1',
    candidateType: 'relay',
    port: 57856,
    protocol: 'udp',
    relayProtocol: 'udp',
    url: 'turn:127.0.0.1:45181?transport=udp',
  },
  {
    id: 'IGO+SD6XR',
    type: 'remote-candidate',
    address: '127.0.0.1',
    candidateType: 'relay',
    port: 57747,
    protocol: 'udp',
  },
  {
    id: 'T01',
    type: 'transport',
    dtlsState: 'connected',
    iceState: 'connected',
    selectedCandidatePairId: 'CP4YtCNnD3_GO+SD6XR',
  },
];

/** Firefox: no transport entry; the pair in use says `selected` (its remote end is peer-reflexive). */
export const FIREFOX_DIRECT: readonly StatsEntry[] = [
  {
    id: 'a0d2b48b',
    type: 'candidate-pair',
    localCandidateId: '25354e91',
    nominated: false,
    remoteCandidateId: 'd998da8c',
    selected: false,
    state: 'cancelled',
  },
  {
    id: '16655b26',
    type: 'candidate-pair',
    localCandidateId: '877c4385',
    nominated: true,
    remoteCandidateId: 'ba04013e',
    selected: true,
    state: 'succeeded',
  },
  {
    id: '25354e91',
    type: 'local-candidate',
    address: '192.0.2.2',
    candidateType: 'host',
    port: 45143,
    protocol: 'udp',
  },
  {
    id: '877c4385',
    type: 'local-candidate',
    address: 'fd00::2',
    candidateType: 'host',
    port: 33212,
    protocol: 'udp',
  },
  {
    id: '59bcdd4c',
    type: 'local-candidate',
    address: '192.0.2.2',
    candidateType: 'host',
    port: 58163,
    protocol: 'tcp',
  },
  {
    id: 'dec773d8',
    type: 'local-candidate',
    address: 'fd00::2',
    candidateType: 'host',
    port: 62760,
    protocol: 'tcp',
  },
  {
    id: 'ba04013e',
    type: 'remote-candidate',
    address: 'fd00::2',
    candidateType: 'prflx',
    port: 53693,
    protocol: 'udp',
  },
  {
    id: 'd998da8c',
    type: 'remote-candidate',
    address: '192.0.2.2',
    candidateType: 'host',
    port: 38772,
    protocol: 'udp',
  },
];

/** Firefox, relay-only. */
export const FIREFOX_RELAY: readonly StatsEntry[] = [
  {
    id: 'f3177e0b',
    type: 'candidate-pair',
    localCandidateId: '65f08bb4',
    nominated: true,
    remoteCandidateId: '41493115',
    selected: true,
    state: 'succeeded',
  },
  {
    id: '65f08bb4',
    type: 'local-candidate',
    address: '127.0.0.1',
    candidateType: 'relay',
    port: 57694,
    protocol: 'udp',
    relayProtocol: 'udp',
  },
  {
    id: '41493115',
    type: 'remote-candidate',
    address: '127.0.0.1',
    candidateType: 'relay',
    port: 57843,
    protocol: 'udp',
  },
];

/** Either browser before ICE has a pair: the data channel and the connection only. */
export const BEFORE_ICE: readonly StatsEntry[] = [
  { id: 'P', type: 'peer-connection' },
  { id: 'D1', type: 'data-channel' },
];

/** Chromium while ICE checks: pairs in progress, and a transport that names none yet. */
export const CHROMIUM_CHECKING: readonly StatsEntry[] = CHROMIUM_DIRECT.map((entry) => {
  if (entry.type === 'candidate-pair') return { ...entry, nominated: false, state: 'in-progress' };
  if (entry.type !== 'transport') return entry;
  const checking: StatsEntry = { ...entry, iceState: 'checking' };
  delete checking.selectedCandidatePairId;
  return checking;
});

/** Chromium relaying for one end only: our relay candidate, the peer's server-reflexive one. */
export const CHROMIUM_RELAY_TO_SRFLX: readonly StatsEntry[] = CHROMIUM_RELAY.map((entry) =>
  entry.type === 'remote-candidate'
    ? { ...entry, candidateType: 'srflx', address: '203.0.113.7', port: 61002 }
    : entry,
);
