// Whom to talk to: which known peers of the room to dial, when to ask the
// signaling server for a fresh sample, and which neighbours to let go to make
// room for better ones. Pure and on the injected clock; the app carries out
// the answers (apps/web room-connector dials, asks and drops).
//
// The server hands out random samples of the room (not the whole list), so
// the peers we know are a random subset; dialling them in random order, not in
// the order we heard of them, keeps every joiner from dialling the same oldest
// members (the sharer first) and spreads connections over the whole swarm.
import type { Clock } from '../interfaces.ts';

/** After a failed dial or a lost connection, wait this long before dialling that peer again. */
export const REDIAL_BACKOFF_MS = 10_000;

/**
 * A neighbour we let go as useless is not dialled again for this long: by then
 * one of us has pieces the other lacks, or the download is over.
 */
export const DROPPED_BACKOFF_MS = 60_000;

/**
 * Ask the server for a fresh sample at most this often. The server refuses
 * more than one per 5 s per room (PEERS_REQUEST_INTERVAL_MS in apps/signal);
 * twice that leaves room for clock skew and keeps a lonely peer's load low.
 */
export const SAMPLE_INTERVAL_MS = 10_000;

/**
 * A neighbour with nothing we need that needs nothing of us is let go only
 * after being so this long: a peer that just opened has not sent its bitfield
 * yet, and one between two pieces may need one again in a moment.
 */
export const USELESS_GRACE_MS = 15_000;

/** Most peer ids remembered: a few samples' worth; the oldest are forgotten first. */
export const MAX_KNOWN_PEERS = 300;

// How the app carries the policy out (apps/web room-connector, and the
// simulated peers of bench:swarm, which must behave the same).

/** A dial that has not opened a data channel by then is given up. */
export const CONNECT_TIMEOUT_MS = 20_000;

/** A newcomer dials us itself; wait this long before we dial it, to avoid dialling each other. */
export const NEWCOMER_DIAL_DELAY_MS = 1_500;

/** How often open neighbours are judged for usefulness (NeighbourPolicy.letGo). */
export const NEIGHBOUR_CHECK_MS = 5_000;

/** What the policy reads of the swarm it dials for. */
export type SwarmNeeds = {
  readonly peersWanted: number;
  readonly connectionLimit: number;
  neighbourStates(): NeighbourState[];
};

/** The app's connections: dials and answers in flight, and open ones. */
export interface ConnectionCounts {
  attempts: number;
  connected: number;
}

/** Connections we could still open: what the swarm wants, within its connection limit. */
export function connectionsWanted(swarm: SwarmNeeds, counts: ConnectionCounts): number {
  return Math.min(
    swarm.peersWanted - counts.attempts,
    swarm.connectionLimit - counts.attempts - counts.connected,
  );
}

/** What the swarm knows of one open neighbour (Swarm.neighbourStates). */
export interface NeighbourState {
  id: string;
  /** It has a piece we lack. */
  weNeed: boolean;
  /** We have a piece it lacks. */
  theyNeed: boolean;
}

export interface DialChoice {
  /** Peer ids to dial now, in this order. */
  dial: string[];
  /** When a peer we hold back (backoff) may be dialled: call again then. Null for none. */
  wakeAt: number | null;
}

export interface NeighbourPolicyOptions {
  clock: Clock;
  random: () => number;
}

export class NeighbourPolicy {
  readonly #clock: Clock;
  readonly #random: () => number;
  /** Peers of the room we know of, oldest first (a Map keeps insertion order). */
  readonly #known = new Map<string, true>();
  readonly #retryAfter = new Map<string, number>();
  readonly #uselessSince = new Map<string, number>();
  #sampledAt = -Infinity;

  constructor(options: NeighbourPolicyOptions) {
    this.#clock = options.clock;
    this.#random = options.random;
  }

  get knownCount(): number {
    return this.#known.size;
  }

  knows(id: string): boolean {
    return this.#known.has(id);
  }

  /** Peers heard of: in a join or sample answer, announced, or dialling us. */
  learned(ids: Iterable<string>): void {
    for (const id of ids) {
      this.#known.delete(id); // heard of again: now the freshest
      this.#known.set(id, true);
    }
    for (const id of this.#known.keys()) {
      if (this.#known.size <= MAX_KNOWN_PEERS) break;
      this.#known.delete(id);
      this.#retryAfter.delete(id);
    }
  }

  /** The peer left the room (or the server says it is not there). */
  forget(id: string): void {
    this.#known.delete(id);
    this.#retryAfter.delete(id);
    this.#uselessSince.delete(id);
  }

  /**
   * A dial failed or an open connection closed. Not dialled straight back (a
   * channel that died for what it carried would die again: a reconnect storm),
   * unless its network path was lost, when a fresh connection finds the new one.
   */
  ended(id: string, options: { pathLost?: boolean } = {}): void {
    this.#uselessSince.delete(id);
    if (options.pathLost === true) return void this.#retryAfter.delete(id);
    // A longer hold (a neighbour we dropped, whose close this is) stays.
    const after = this.#clock.now() + REDIAL_BACKOFF_MS;
    this.#retryAfter.set(id, Math.max(after, this.#retryAfter.get(id) ?? 0));
  }

  /** We let the peer go as useless (see toDrop): leave it alone for a good while. */
  dropped(id: string): void {
    this.#uselessSince.delete(id);
    this.#retryAfter.set(id, this.#clock.now() + DROPPED_BACKOFF_MS);
  }

  /**
   * Up to `wanted` known peers to dial, in random order, skipping those busy
   * (being dialled or connected), banned, or in backoff.
   */
  dials(wanted: number, skip: (id: string) => boolean): DialChoice {
    const now = this.#clock.now();
    const ready: string[] = [];
    let wakeAt: number | null = null;
    for (const id of this.#known.keys()) {
      if (skip(id)) continue;
      const after = this.#retryAfter.get(id) ?? 0;
      if (after > now) {
        wakeAt = wakeAt === null ? after : Math.min(wakeAt, after);
        continue;
      }
      this.#retryAfter.delete(id);
      ready.push(id);
    }
    const dial = shuffledPrefix(ready, Math.max(0, wanted), this.#random);
    return { dial, wakeAt: wanted > dial.length ? wakeAt : null };
  }

  /**
   * Whether to ask the server for a fresh sample now: we want more peers than
   * we could dial, and the last ask was long enough ago. Marks the ask.
   */
  shouldSample(wanted: number, dialable: number): boolean {
    const now = this.#clock.now();
    if (wanted <= dialable || now - this.#sampledAt < SAMPLE_INTERVAL_MS) return false;
    this.#sampledAt = now;
    return true;
  }

  /**
   * Neighbours to let go: those that have been useless both ways for
   * USELESS_GRACE_MS, but only when room is needed (better peers wait, or
   * we turn peers away), never more than that calls for.
   */
  toDrop(neighbours: readonly NeighbourState[], roomNeeded: number): string[] {
    const now = this.#clock.now();
    const present = new Set(neighbours.map((n) => n.id));
    for (const id of this.#uselessSince.keys()) if (!present.has(id)) this.#uselessSince.delete(id);
    const ripe: { id: string; since: number }[] = [];
    for (const n of neighbours) {
      if (n.weNeed || n.theyNeed) {
        this.#uselessSince.delete(n.id);
        continue;
      }
      const since = this.#uselessSince.get(n.id) ?? now;
      this.#uselessSince.set(n.id, since);
      if (now - since >= USELESS_GRACE_MS) ripe.push({ id: n.id, since });
    }
    ripe.sort((a, b) => a.since - b.since);
    return ripe.slice(0, Math.max(0, roomNeeded)).map((r) => r.id);
  }

  /**
   * The neighbours to let go now (see toDrop), marked dropped: room is needed
   * when better peers wait to be dialled while we are full, or when we are at
   * the connection limit and would turn newcomers away.
   */
  letGo(swarm: SwarmNeeds, counts: ConnectionCounts, busy: (id: string) => boolean): string[] {
    const waiting =
      connectionsWanted(swarm, counts) <= 0 ? this.dials(Infinity, busy).dial.length : 0;
    const full = counts.attempts + counts.connected >= swarm.connectionLimit - 1 ? 1 : 0;
    const drop = this.toDrop(swarm.neighbourStates(), Math.max(waiting, full));
    for (const id of drop) this.dropped(id);
    return drop;
  }
}

/** `count` items of `items` in random order (a partial Fisher–Yates shuffle). */
function shuffledPrefix<T>(items: T[], count: number, random: () => number): T[] {
  const n = Math.min(count, items.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (items.length - i));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items.slice(0, n);
}
