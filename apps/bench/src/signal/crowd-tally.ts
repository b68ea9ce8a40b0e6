// Counting what the server sends during a flash crowd, and splitting the crowd
// over client workers. Pure: events in, counts and figures out, so the numbers
// the report prints can be unit-tested without a server.

/** Server-to-client events a crowd client can receive; anything else counts as `other`. */
export const COUNTED_EVENTS = ['peer-joined', 'peer-left', 'signal', 'peers', 'config'] as const;
export type CountedEvent = (typeof COUNTED_EVENTS)[number] | 'other';

/** What one worker (or the whole crowd, once merged) received and was answered. */
export interface CrowdCounts {
  /** Server-to-client events received, by name (acks are not events: see `acks`). */
  events: Record<CountedEvent, number>;
  /** Acks received (one per request answered, accepted or refused). */
  acks: number;
  /** Longest `peers` list in any join ack. */
  maxPeers: number;
  /** Refused requests by error code. */
  refused: Record<string, number>;
}

export function emptyCounts(): CrowdCounts {
  return {
    events: { 'peer-joined': 0, 'peer-left': 0, signal: 0, peers: 0, config: 0, other: 0 },
    acks: 0,
    maxPeers: 0,
    refused: {},
  };
}

export function countEvent(counts: CrowdCounts, name: string): void {
  const key = (COUNTED_EVENTS as readonly string[]).includes(name)
    ? (name as CountedEvent)
    : 'other';
  counts.events[key]++;
}

export function countAck(counts: CrowdCounts, peers: number | undefined, refusal?: string): void {
  counts.acks++;
  if (peers !== undefined && peers > counts.maxPeers) counts.maxPeers = peers;
  if (refusal !== undefined) counts.refused[refusal] = (counts.refused[refusal] ?? 0) + 1;
}

export function mergeCounts(parts: readonly CrowdCounts[]): CrowdCounts {
  const total = emptyCounts();
  for (const part of parts) {
    for (const [name, count] of Object.entries(part.events)) {
      total.events[name as CountedEvent] += count;
    }
    total.acks += part.acks;
    total.maxPeers = Math.max(total.maxPeers, part.maxPeers);
    for (const [code, count] of Object.entries(part.refused)) {
      total.refused[code] = (total.refused[code] ?? 0) + count;
    }
  }
  return total;
}

/** `later` minus `earlier`, event by event: what arrived between two snapshots. */
export function countsSince(later: CrowdCounts, earlier: CrowdCounts): CrowdCounts {
  const delta = emptyCounts();
  for (const name of Object.keys(delta.events) as CountedEvent[]) {
    delta.events[name] = later.events[name] - earlier.events[name];
  }
  delta.acks = later.acks - earlier.acks;
  delta.maxPeers = later.maxPeers;
  for (const [code, count] of Object.entries(later.refused)) {
    const diff = count - (earlier.refused[code] ?? 0);
    if (diff > 0) delta.refused[code] = diff;
  }
  return delta;
}

/**
 * Messages the server sent per request: every event received (except `config`,
 * which each connection gets once, whether it joins or not) plus every ack,
 * divided by the requests. NaN when there were none.
 */
export function messagesPerRequest(counts: CrowdCounts, requests: number): number {
  if (requests === 0) return Number.NaN;
  let events = counts.acks;
  for (const [name, count] of Object.entries(counts.events)) if (name !== 'config') events += count;
  return events / requests;
}

/** Client indices 0..total-1 dealt round-robin to `parts` workers: worker w gets i % parts === w. */
export function shareOf(total: number, parts: number, part: number): number {
  if (!(parts >= 1) || part < 0 || part >= parts) throw new RangeError('no such part');
  return Math.floor(total / parts) + (part < total % parts ? 1 : 0);
}

export const sumOf = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
