// simple-peer's main entry needs Node globals (global, process, Buffer) that Vite
// does not polyfill (feross/simple-peer#883). Its prebuilt browser bundle carries
// its own, so we load that and type it with @types/simple-peer.
import type SimplePeerType from 'simple-peer';
import SimplePeerBundle from 'simple-peer/simplepeer.min.js';

export const SimplePeer = SimplePeerBundle as unknown as typeof SimplePeerType;
export type SimplePeerInstance = SimplePeerType.Instance;
export type SimplePeerSignal = SimplePeerType.SignalData;
