// How well a share is spread, as BitTorrent clients show it: how many whole
// copies exist among this browser and the peers it is connected to.

/**
 * "Distributed copies": the copies of the rarest piece, plus the fraction of
 * pieces that have more than that. 2.25 means every piece has two copies and
 * a quarter of them a third; below 1, some piece has no copy at all here, and
 * the share cannot be completed until someone who has it comes back.
 * `copiesOf(i)` counts every holder of piece i, this browser included.
 */
export function distributedCopies(pieceCount: number, copiesOf: (index: number) => number): number {
  if (pieceCount === 0) return 0;
  let rarest = Infinity;
  for (let i = 0; i < pieceCount; i++) rarest = Math.min(rarest, copiesOf(i));
  let more = 0;
  for (let i = 0; i < pieceCount; i++) if (copiesOf(i) > rarest) more++;
  return rarest + more / pieceCount;
}
