import { describe, expect, it } from 'vitest';
import {
  Choker,
  NEWCOMER_MS,
  OPTIMISTIC_ROUNDS,
  SLOT_IDLE_MS,
  UPLOAD_SLOTS,
  type ChokeView,
} from './choker.ts';

function seeded(seed = 1): () => number {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
}

const view = (id: string, over: Partial<ChokeView> = {}): ChokeView => ({
  id,
  interested: true,
  downRate: 0,
  uploaded: 0,
  connectedAt: 0,
  ...over,
});

const interestedCount = (set: ReadonlySet<string>, views: ChokeView[]) =>
  views.filter((v) => v.interested && set.has(v.id)).length;

describe('Choker', () => {
  it('unchokes everyone while no more peers want pieces than there are slots', () => {
    const choker = new Choker({ random: seeded() });
    const views = Array.from({ length: UPLOAD_SLOTS + 1 }, (_, i) => view(`p${i}`));
    expect(choker.settle(views).size).toBe(UPLOAD_SLOTS + 1);
    expect(choker.round(views, 10_000, false).size).toBe(UPLOAD_SLOTS + 1);
  });

  it('serves at most the slots plus one optimistic peer out of many interested ones', () => {
    const choker = new Choker({ random: seeded() });
    const views = Array.from({ length: 30 }, (_, i) => view(`p${i}`));
    expect(interestedCount(choker.settle(views), views)).toBe(UPLOAD_SLOTS + 1);
    expect(interestedCount(choker.round(views, 10_000, false), views)).toBe(UPLOAD_SLOTS + 1);
  });

  it('while seeding keeps serving peers we are sending pieces only we have, though they got the most', () => {
    const choker = new Choker({ random: seeded() });
    const kept = ['k0', 'k1', 'k2'];
    const views = [
      ...kept.map((id) => view(id, { uploaded: 1e9, keep: true })),
      ...Array.from({ length: 20 }, (_, i) => view(`p${i}`, { uploaded: i })),
    ];
    const chosen = choker.round(views, 10_000, true);
    for (const id of kept) expect(chosen.has(id)).toBe(true);
    const plain = choker.round(
      views.map((v) => ({ ...v, keep: false })),
      20_000,
      true,
    );
    expect(kept.filter((id) => plain.has(id)).length).toBeLessThanOrEqual(1);
  });

  it('chokes a peer unchoked while it wanted nothing once it starts wanting and no slot is free', () => {
    const choker = new Choker({ random: seeded() });
    const busy = Array.from({ length: UPLOAD_SLOTS + 1 }, (_, i) => view(`p${i}`));
    const quiet = view('quiet', { interested: false });
    expect(choker.round([...busy, quiet], 10_000, false).has('quiet')).toBe(true);
    const after = choker.settle([...busy, { ...quiet, interested: true }], 10_500);
    expect(after.has('quiet')).toBe(false);
    expect(interestedCount(after, [...busy, quiet])).toBe(UPLOAD_SLOTS + 1);
  });

  it('gives the slot of a holder we have not served for a while to a peer waiting for one', () => {
    const choker = new Choker({ random: seeded() });
    const holders = Array.from({ length: UPLOAD_SLOTS + 1 }, (_, i) => view(`p${i}`));
    choker.round(holders, 10_000, false);
    const waiting = view('waiting');
    const served = (at: number) => holders.map((v) => ({ ...v, lastServedAt: at }));
    // Every holder was served a moment ago: the newcomer waits.
    expect(choker.settle([...served(10_500), waiting], 11_000).has('waiting')).toBe(false);
    // None has been sent a block for SLOT_IDLE_MS: one gives its slot up.
    const later = choker.settle([...served(10_500), waiting], 10_500 + SLOT_IDLE_MS);
    expect(later.has('waiting')).toBe(true);
    expect(interestedCount(later, [...holders, waiting])).toBe(UPLOAD_SLOTS + 1);
  });

  it('keeps the slot of a holder whose requests wait in our queue, however long since we served it', () => {
    const choker = new Choker({ random: seeded() });
    const holders = Array.from({ length: UPLOAD_SLOTS + 1 }, (_, i) => view(`p${i}`));
    choker.round(holders, 10_000, false);
    const queued = holders.map((v) => ({ ...v, lastServedAt: 10_000, queued: 2 }));
    const later = choker.settle([...queued, view('waiting')], 10_000 + 5 * SLOT_IDLE_MS);
    expect(later.has('waiting')).toBe(false);
    for (const v of holders) expect(later.has(v.id)).toBe(true);
  });

  it('while downloading gives the regular slots to the peers that send us the most', () => {
    const choker = new Choker({ random: seeded() });
    const views = Array.from({ length: 20 }, (_, i) => view(`p${i}`, { downRate: i * 1000 }));
    const unchoked = choker.round(views, 10_000, false);
    for (const fastest of ['p19', 'p18', 'p17', 'p16']) expect(unchoked.has(fastest)).toBe(true);
  });

  it('while seeding gives the regular slots to the peers that got the least from us', () => {
    const choker = new Choker({ random: seeded() });
    const views = Array.from({ length: 20 }, (_, i) =>
      view(`p${i}`, { uploaded: (20 - i) * 1e6, downRate: i * 1000 }),
    );
    const unchoked = choker.round(views, 10_000, true);
    for (const least of ['p19', 'p18', 'p17', 'p16']) expect(unchoked.has(least)).toBe(true);
    expect(unchoked.has('p0')).toBe(false);
  });

  it('keeps peers with nothing to ask of us unchoked, outside the slots', () => {
    const choker = new Choker({ random: seeded() });
    const views = [
      ...Array.from({ length: 10 }, (_, i) => view(`want${i}`)),
      view('done', { interested: false }),
    ];
    const unchoked = choker.round(views, 10_000, false);
    expect(unchoked.has('done')).toBe(true);
    expect(interestedCount(unchoked, views)).toBe(UPLOAD_SLOTS + 1);
  });

  it('moves the optimistic slot every few rounds, so every waiting peer is served in time', () => {
    const choker = new Choker({ random: seeded(7) });
    // Ten peers that all send at the same rate: the regular slots stay put.
    const views = Array.from({ length: 10 }, (_, i) =>
      view(`p${i}`, { downRate: i < UPLOAD_SLOTS ? 1e6 : 0 }),
    );
    const served = new Set<string>();
    for (let round = 0; round < 60 * OPTIMISTIC_ROUNDS; round++) {
      for (const id of choker.round(views, NEWCOMER_MS * 2 + round * 10_000, false)) served.add(id);
    }
    expect(served.size).toBe(10);
  });

  it('fills a slot freed by a departure at once, and forgets the departed', () => {
    const choker = new Choker({ random: seeded() });
    const views = Array.from({ length: 8 }, (_, i) => view(`p${i}`));
    const first = new Set(choker.settle(views));
    const gone = [...first][0]!;
    const after = choker.settle(views.filter((v) => v.id !== gone));
    expect(after.has(gone)).toBe(false);
    expect(interestedCount(after, views)).toBe(UPLOAD_SLOTS + 1);
  });

  it('draws newcomers for the optimistic slot more often than old peers', () => {
    let newcomerWins = 0;
    const trials = 400;
    const random = seeded(3);
    for (let t = 0; t < trials; t++) {
      const choker = new Choker({ random, slots: 0 });
      const views = [
        view('old1', { connectedAt: 0 }),
        view('old2', { connectedAt: 0 }),
        view('new', { connectedAt: NEWCOMER_MS * 2 - 1000 }),
      ];
      if (choker.round(views, NEWCOMER_MS * 2, false).has('new')) newcomerWins++;
    }
    // Weight 3 against 1 + 1: 60 % of draws; uniform would give 33 %.
    expect(newcomerWins / trials).toBeGreaterThan(0.5);
  });
});
