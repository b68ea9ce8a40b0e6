// Test doubles and simulations, for tests, benchmarks and the transport contract:
// a clock that moves when told, in-memory transports, stores and files, whole
// simulated swarms, a raw peer that speaks the wire by hand. The app imports
// '@shoal/core' only (lint refuses this entry in apps/web/src).
export { SimulatedClock, type SimulatedClockOptions } from './memory/simulated-clock.ts';
export { UploadShaper, type Uplink, type UplinkSender } from './memory/upload-shaper.ts';
export {
  MemoryTransport,
  createTransportPair,
  type LinkOptions,
  type SendFilter,
} from './memory/memory-transport.ts';
export { MemoryPieceStore } from './memory/memory-store.ts';
export { MemoryFileSource, generateBytes } from './memory/memory-file-source.ts';
export { connectSwarms, type Connected } from './memory/connect.ts';
export { Scenario, type Node as ScenarioNode } from './memory/scenario.ts';
export { connectRawPeer, type RawPeer, type RawPeerOptions } from './memory/raw-peer.ts';
export {
  runTransportContract,
  type ContractOptions,
  type ContractResult,
} from './memory/transport-contract.ts';
