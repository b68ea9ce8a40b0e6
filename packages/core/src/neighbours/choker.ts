// Whom we upload to when more peers want pieces than we can serve well: a
// bounded number of upload slots, re-decided every round, as BitTorrent's
// choker does. Pure: the swarm gathers the views and carries out the answer.
//
// While downloading, the slots go to the peers that send us the most (they
// pass pieces on, and reciprocity makes free riding pointless). While seeding
// there is nothing to reciprocate, so the slots go to the peers that have
// received the least from us: newcomers first, and copies spread instead of
// one fast peer taking everything. One more slot, the optimistic unchoke,
// rotates every few rounds among the rest (newcomers weighted up), so that a
// peer with nothing yet gets a first piece and a chance to prove itself.

/**
 * Peers served at once besides the optimistic one. BitTorrent uses 4: enough to
 * fill an uplink through a few slow paths, few enough that each peer gets whole
 * pieces quickly and can pass them on (a piece is shared only once verified).
 */
export const UPLOAD_SLOTS = 4;

/** How often the slots are re-ranked: BitTorrent's 10 s, long enough for a rate to mean something. */
export const CHOKE_ROUND_MS = 10_000;

/** The optimistic unchoke moves every this many rounds (30 s, as in BitTorrent). */
export const OPTIMISTIC_ROUNDS = 3;

/** A peer connected for less than this counts as a newcomer for the optimistic draw. */
export const NEWCOMER_MS = 60_000;

/** Newcomers are this many times as likely to be drawn: they have nothing to trade yet. */
export const NEWCOMER_WEIGHT = 3;

/**
 * A slot holder with no request queued that we have sent nothing for this
 * long, though it wants something of us, is asking elsewhere (what it lacks of
 * ours is on its way from other peers): while another peer waits for a slot,
 * it gives its slot up rather than leave our uplink idle until the next round.
 * Two seconds is many round trips, and well over a slot holder's wait for its
 * turn on an uplink shared by every slot (5 x 32 KiB at 256 KiB/s is 0.6 s).
 * One second was tried: in simulated crowds of 50 and 200 the sharer's own
 * slots then turned over so often that the crowd held a whole copy ~30 s
 * later (1.8-2.0x the bound against 1.5-1.8x).
 */
export const SLOT_IDLE_MS = 2_000;

/** What the choker needs to know of one connected peer. */
export interface ChokeView {
  id: string;
  /** It lacks a piece we have, so it would request if allowed. */
  interested: boolean;
  /** Bytes per second it sends us now. */
  downRate: number;
  /** Bytes we have sent it in all. */
  uploaded: number;
  /** When the connection opened (clock ms). */
  connectedAt: number;
  /**
   * We are sending it pieces nobody else has (the sharer's first phase, see
   * SuperSeeder): a round keeps its slot, since choking it mid-piece would
   * leave that piece half sent and another peer getting it from scratch.
   */
  keep?: boolean;
  /** When we last sent it a block (clock ms); absent or -Infinity if never. */
  lastServedAt?: number;
  /** Its requests waiting to be served; a holder with some is using its slot. */
  queued?: number;
}

export interface ChokerOptions {
  random: () => number;
  slots?: number;
}

export class Choker {
  readonly #random: () => number;
  readonly #slots: number;
  #round = 0;
  #optimistic: string | null = null;
  /** Peers allowed to request now: the one thing the swarm carries out. */
  #unchoked = new Set<string>();
  /**
   * The unchoked peers that hold a slot: chosen while interested. The others
   * are unchoked only while they want nothing of us; one that starts wanting
   * gets a slot if one is free and is choked if not, or a peer that got a new
   * piece would upload it to every neighbour at once, each at a sliver of the
   * uplink, and none would have it whole (to pass on) for a long while.
   * Keyed by peer id: when it got its slot (clock ms).
   */
  #slotted = new Map<string, number>();

  constructor(options: ChokerOptions) {
    this.#random = options.random;
    this.#slots = options.slots ?? UPLOAD_SLOTS;
  }

  get unchoked(): ReadonlySet<string> {
    return this.#unchoked;
  }

  /** Whether `id` may request from us now. */
  allows(id: string): boolean {
    return this.#unchoked.has(id);
  }

  /** Whether `id` holds an upload slot (was unchoked while it wanted something of us). */
  holdsSlot(id: string): boolean {
    return this.#slotted.has(id);
  }

  /**
   * A full round, every CHOKE_ROUND_MS: ranks the interested peers again and,
   * every OPTIMISTIC_ROUNDS rounds, moves the optimistic slot. Returns the new
   * unchoked set.
   */
  round(views: readonly ChokeView[], now: number, seeding: boolean): ReadonlySet<string> {
    const interested = views.filter((v) => v.interested);
    const order = seeding ? byLeastUploaded : byFastestToUs;
    const ranked = [...interested].sort(
      (a, b) => Number(b.keep === true) - Number(a.keep === true) || order(a, b),
    );
    const regular = ranked.slice(0, this.#slots).map((v) => v.id);
    const chosen = new Set(regular);
    const stillThere = interested.some((v) => v.id === this.#optimistic && !chosen.has(v.id));
    if (this.#round % OPTIMISTIC_ROUNDS === 0 || !stillThere) {
      this.#optimistic = this.#draw(
        interested.filter((v) => !chosen.has(v.id)),
        now,
      );
    }
    this.#round++;
    if (this.#optimistic !== null) chosen.add(this.#optimistic);
    this.#slotted = new Map([...chosen].map((id) => [id, this.#slotted.get(id) ?? now]));
    // Peers with nothing to ask of us keep an open slot: unchoking them costs
    // nothing, and they may start requesting the moment we get a new piece.
    for (const view of views) if (!view.interested) chosen.add(view.id);
    this.#unchoked = chosen;
    return chosen;
  }

  /**
   * Between rounds: a peer that opened, left, or started or stopped wanting
   * something of us. Fills free slots at once (a newcomer to a quiet peer need
   * not wait up to 10 s), frees the slots of peers that are gone or want
   * nothing, and chokes a free-riding unchoked peer that starts wanting when
   * no slot is free. Never chokes a slot holder; the optimistic slot, when
   * empty, is filled like the others until the next round draws it.
   */
  settle(views: readonly ChokeView[], now = -Infinity): ReadonlySet<string> {
    const present = new Set(views.map((v) => v.id));
    const next = new Set([...this.#unchoked].filter((id) => present.has(id)));
    if (this.#optimistic !== null && !present.has(this.#optimistic)) this.#optimistic = null;
    const interested = new Set(views.filter((v) => v.interested).map((v) => v.id));
    const slotted = new Map(
      [...this.#slotted].filter(([id]) => interested.has(id) && next.has(id)),
    );
    let free = this.#slots + 1 - slotted.size;
    // Interested and asking for a slot, least served first: those unchoked
    // while they wanted nothing, then those waiting choked.
    const asking = views
      .filter((v) => v.interested && !slotted.has(v.id))
      .sort((a, b) => Number(next.has(b.id)) - Number(next.has(a.id)) || byLeastUploaded(a, b));
    // Slot holders we have not served for a while, longest idle first, give way to askers.
    const idle = views
      .filter(
        (v) =>
          slotted.has(v.id) &&
          v.keep !== true &&
          v.id !== this.#optimistic &&
          (v.queued ?? 0) === 0,
      )
      .map((v) => ({
        id: v.id,
        since: Math.max(v.lastServedAt ?? -Infinity, slotted.get(v.id)!),
      }))
      .filter((v) => now - v.since >= SLOT_IDLE_MS)
      .sort((a, b) => a.since - b.since);
    for (const view of asking) {
      if (free <= 0 && idle.length > 0) {
        const yielding = idle.shift()!.id;
        slotted.delete(yielding);
        next.delete(yielding);
        free++;
      }
      if (free > 0) {
        slotted.set(view.id, now);
        next.add(view.id);
        free--;
      } else next.delete(view.id);
    }
    for (const view of views) if (!view.interested) next.add(view.id);
    this.#unchoked = next;
    this.#slotted = slotted;
    return next;
  }

  #draw(candidates: readonly ChokeView[], now: number): string | null {
    const weight = (v: ChokeView) => (now - v.connectedAt < NEWCOMER_MS ? NEWCOMER_WEIGHT : 1);
    const total = candidates.reduce((sum, v) => sum + weight(v), 0);
    let ticket = this.#random() * total;
    for (const view of candidates) {
      ticket -= weight(view);
      if (ticket < 0) return view.id;
    }
    return candidates.at(-1)?.id ?? null;
  }
}

const byFastestToUs = (a: ChokeView, b: ChokeView) =>
  b.downRate - a.downRate || a.uploaded - b.uploaded;

const byLeastUploaded = (a: ChokeView, b: ChokeView) =>
  a.uploaded - b.uploaded || a.connectedAt - b.connectedAt;
