export {
  chromiumPath,
  firefoxPath,
  redisServerPath,
  missingSystemPackages,
} from './system-deps.js';
export { test, expect } from './browser-test.ts';
export { CHROMIUM_ARGS, chromiumLaunchOptions } from './chromium.ts';
export { freePort } from './ports.ts';
export { startRedis, stopProcess, type RunningRedis } from './redis.ts';
export {
  startSignalServer,
  SIGNAL_DIST_ENTRY,
  SIGNAL_SOURCE_ENTRY,
  type RunningSignalServer,
  type SignalServerOptions,
} from './signal-server.ts';
export {
  launchFirefox,
  firefoxDownloadPrefs,
  FIREFOX_PREFS,
  type LaunchedFirefox,
} from './firefox.ts';
export * from './shoal-page.ts';
export { useFirefox } from './firefox-fixture.ts';
export { startCapturingProxy, type CapturingProxy } from './capturing-proxy.ts';
export { decodeClientStream } from './websocket-frames.ts';
export * from './hostile-peer/index.ts';
export { startCoturn, TURNSERVER_PATH, type CoturnOptions, type RunningCoturn } from './coturn.ts';
export * from './nat-lab/index.ts';
export { startLoadBalancer, type LoadBalancer } from './load-balancer.ts';
export {
  startSignalingRelay,
  fingerprintLine,
  type RelayClient,
  type SignalingRelay,
  type SignalRewrite,
} from './signaling-relay.ts';
export {
  TRACK_PEER_CONNECTIONS,
  READ_TRACKED_CONNECTIONS,
  TRACKED_CONNECTIONS,
  type TrackedConnection,
} from './peer-connection-tracker.ts';
export {
  saveAllAsZipInFirefox,
  saveFileInFirefox,
  saveAndHashInFirefox,
  startDownloadInFirefox,
  untilInFirefox,
  waitForCompleteInFirefox,
} from './firefox-page.ts';
export { unzip, zipDirectory, type UnzippedEntry, type ZipDirectoryEntry } from './unzip.ts';
