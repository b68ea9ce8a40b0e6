// What Shoal needs of a browser, checked before anything tries to use it: a
// browser without WebRTC would otherwise show "Finding peers…" forever.

export type MissingFeature = 'webrtc' | 'indexeddb' | 'web-crypto';

/** The parts of the global scope the check reads; the page passes globalThis. */
export interface FeatureScope {
  RTCPeerConnection?: unknown;
  indexedDB?: unknown;
  crypto?: { subtle?: unknown };
}

/**
 * What this browser lacks, in the order the message names them: WebRTC to
 * connect to peers, IndexedDB to keep pieces, Web Crypto to verify them.
 * Browsers with WebRTC turned off (Firefox's media.peerconnection.enabled,
 * some privacy extensions) have no RTCPeerConnection at all.
 */
export function missingFeatures(scope: FeatureScope): MissingFeature[] {
  const missing: MissingFeature[] = [];
  if (typeof scope.RTCPeerConnection !== 'function') missing.push('webrtc');
  if (typeof scope.indexedDB !== 'object' || scope.indexedDB === null) missing.push('indexeddb');
  if (typeof scope.crypto?.subtle !== 'object' || scope.crypto.subtle === null) {
    missing.push('web-crypto');
  }
  return missing;
}

/**
 * "WebRTC (…), IndexedDB (…) and Web Crypto (…)": each missing part as
 * `describe` words it, joined the language's way.
 */
export function describeMissing(
  missing: readonly MissingFeature[],
  describe: (feature: MissingFeature) => string,
  locale: string,
): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(missing.map(describe));
}
