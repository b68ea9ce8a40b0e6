export * from './errors.ts';
export * from './events.ts';
export * from './decoders.ts';
export * from './ice.ts';
export * from './peer-id.ts';
export * from './room-id.ts';
export {
  DEFAULT_MAX_SIGNAL_BYTES,
  MAX_SIGNAL_DEPTH,
  decodeSignalData,
  signalByteLength,
  type JsonValue,
  type SignalData,
} from './signal-data.ts';
export * from './sdp-fingerprint.ts';
