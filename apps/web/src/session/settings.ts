// User settings, kept in localStorage (per browser, never sent anywhere).

const UPLOAD_LIMIT_KEY = 'shoal.uploadLimitBytesPerSecond';

/** The upload rate limit in bytes per second, or null for none. */
export function loadUploadLimit(): number | null {
  const raw = globalThis.localStorage?.getItem(UPLOAD_LIMIT_KEY);
  const value = raw === null || raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(value) && value > 0 ? value : null;
}

export function saveUploadLimit(bytesPerSecond: number | null): void {
  if (bytesPerSecond === null) globalThis.localStorage?.removeItem(UPLOAD_LIMIT_KEY);
  else globalThis.localStorage?.setItem(UPLOAD_LIMIT_KEY, String(bytesPerSecond));
}

/** ICE transport policy: "relay" forces TURN (for testing a TURN setup); set by ?relay=1. */
export function iceTransportPolicy(): RTCIceTransportPolicy | undefined {
  return new URLSearchParams(globalThis.location?.search ?? '').get('relay') === '1'
    ? 'relay'
    : undefined;
}
