export { startHostilePeer, type HostilePeer, type HostilePeerOptions } from './hostile-peer.ts';
export { HOSTILE_BEHAVIOURS, otherManifest, type HostileBehaviour } from './behaviours.ts';
export type { ConnectionLog, ReceivedFrame } from './wire-link.ts';
