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

const HIDE_ADDRESS_KEY = 'shoal.hideAddress';

/**
 * "Hide my address from peers": connect only through the server's TURN relay,
 * so peers see the relay's address instead of ours; with no relay offered,
 * do not connect at all.
 */
export function loadHideAddress(): boolean {
  return globalThis.localStorage?.getItem(HIDE_ADDRESS_KEY) === '1';
}

export function saveHideAddress(hide: boolean): void {
  if (hide) globalThis.localStorage?.setItem(HIDE_ADDRESS_KEY, '1');
  else globalThis.localStorage?.removeItem(HIDE_ADDRESS_KEY);
}
