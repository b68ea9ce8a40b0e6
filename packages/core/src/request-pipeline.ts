// How many block requests to keep outstanding with one peer: enough to cover
// the bandwidth-delay product at the rate that peer has been delivering.

/** Requests a fresh or slow peer gets: enough to measure it without trusting it. */
export const MIN_PIPELINE = 2;

/**
 * Most requests outstanding with one peer: 64 × 32 KiB = 2 MiB in flight, which
 * covers 200 ms of a 80 Mbit/s link, and stays well under the receiver's
 * flooding cap (MAX_QUEUED_REQUESTS) so honest peers never trip it.
 */
export const MAX_PIPELINE = 64;

/**
 * Seconds of data to keep requested. Covers round trip plus the sender's queue,
 * as libtorrent's request_queue_time does; doubling it doubles memory in flight.
 */
export const PIPELINE_SECONDS = 1;

/** Depth for a peer measured at `bytesPerSecond`, requesting blocks of `blockBytes`. */
export function pipelineDepth(bytesPerSecond: number, blockBytes: number): number {
  const depth = Math.ceil((bytesPerSecond * PIPELINE_SECONDS) / blockBytes) + 1;
  return Math.min(MAX_PIPELINE, Math.max(MIN_PIPELINE, depth));
}

/**
 * A pipeline is topped up once it is this fraction short, not after every block,
 * so that requests leave in batches (one `requests` frame each). The sharer pays
 * per message received; one message per 8 blocks costs it about as little as no
 * requests at all, while still keeping 7/8 of the pipeline in flight.
 */
export const REFILL_FRACTION = 8;

/** Fewest missing requests worth a message at `depth`: 1 for shallow pipelines. */
export function refillBatch(depth: number): number {
  return Math.max(1, Math.floor(depth / REFILL_FRACTION));
}
