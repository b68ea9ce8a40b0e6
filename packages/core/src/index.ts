// @shoal/core: the swarm engine. I/O comes in through the interfaces below.
export type * from './interfaces.ts';
export * from './errors.ts';
export { Emitter } from './emitter.ts';
export { toBase64url, fromBase64url } from './base64url.ts';
export { webCryptoSha256, hmacSha256 } from './hashing.ts';
export {
  SHARE_ID_BYTES,
  ID_TEXT_LENGTH,
  shareIdOf,
  roomIdOf,
  authKeyOf,
  formatLink,
  parseLink,
} from './ids.ts';
export { makeProof, verifyProof } from './auth.ts';
export { choosePieceSize, TARGET_MAX_PIECES } from './piece-size.ts';
export { ShareLayout, type FileSpan } from './layout.ts';
export {
  buildManifest,
  planShare,
  hashPieces,
  piecesOfPart,
  mergeHashParts,
  assembleShare,
  SALT_BYTES,
  HASH_BATCH_BYTES,
  READ_AHEAD_BATCHES,
  type BuildManifestOptions,
  type BuildProgress,
  type BuiltShare,
  type HashPiecesOptions,
  type SharePlan,
} from './manifest-builder.ts';
export {
  SourceError,
  showableName,
  sourceProblemMessage,
  type SourceProblem,
} from './source-names.ts';
export { readPieceFromSources } from './piece-reader.ts';
export { readFileFromStore } from './file-reader.ts';
export { Bitfield } from './bitfield.ts';
export { RarityMap } from './rarity-map.ts';
export { BLOCK_BYTES } from './blocks.ts';
export { PiecePicker, END_GAME_MAX_REQUESTERS } from './piece-picker.ts';
export { PieceWants, STREAM_WINDOW_BYTES, STREAM_WINDOW_MIN_PIECES } from './piece-wants.ts';
export { distributedCopies } from './swarm-health.ts';
export {
  pipelineDepth,
  refillBatch,
  MIN_PIPELINE,
  MAX_PIPELINE,
  PIPELINE_SECONDS,
  REFILL_FRACTION,
} from './request-pipeline.ts';
export { TokenBucket } from './rate-limiter.ts';
export {
  NeighbourPolicy,
  connectionsWanted,
  CONNECT_TIMEOUT_MS,
  NEWCOMER_DIAL_DELAY_MS,
  NEIGHBOUR_CHECK_MS,
  REDIAL_BACKOFF_MS,
  SAMPLE_INTERVAL_MS,
  type NeighbourState,
  type NeighbourPolicyOptions,
  type ConnectionCounts,
  type SwarmNeeds,
} from './neighbours/neighbour-policy.ts';
export { UPLOAD_SLOTS, CHOKE_ROUND_MS } from './neighbours/choker.ts';
export { RateMeter } from './rate-meter.ts';
export {
  MIN_UPLOAD_HIGH_WATER_MARK,
  MAX_UPLOAD_HIGH_WATER_MARK,
  uploadHighWaterMark,
  TRANSPORT_LOW_WATER_MARK,
  MAX_QUEUED_REQUESTS,
} from './uploader.ts';
export { REQUEST_TIMEOUT_MS } from './download.ts';
export { HELLO_TIMEOUT_MS, PeerSession } from './peer-session.ts';
export {
  PROGRESS_INTERVAL_MS,
  type Progress,
  type PeerProgress,
  type InFlightProgress,
  type SwarmState,
} from './progress.ts';
export {
  Swarm,
  DEFAULT_MAX_PEERS,
  DEFAULT_MAX_CONNECTIONS,
  type SwarmOptions,
  type SharerSwarmOptions,
  type DownloaderSwarmOptions,
  type SwarmEvents,
  type AddPeerResult,
  type PeerClosedEvent,
} from './swarm.ts';
export { realClock } from './real-clock.ts';
// Test doubles (in-memory stores, transports, clocks, simulated swarms) are in
// '@shoal/core/testing'.
