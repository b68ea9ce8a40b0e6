// Typed errors with stable codes. The UI maps `code` to a message; nobody parses `message`.

/** Every code the engine reports. Stable: renaming one is a breaking change. */
export type ShoalErrorCode =
  /** The link's fragment is not a 43-character base64url share id. */
  | 'malformed-link'
  /** A base64url string did not decode. */
  | 'malformed-base64url'
  /** The work was cancelled through its AbortSignal or destroy(). */
  | 'aborted'
  /** The PieceStore is full; the swarm pauses until resume(). */
  | 'quota-exceeded'
  /** The PieceStore failed for another reason. */
  | 'store-failed'
  /** A file changed after its manifest was built: its bytes no longer match. */
  | 'source-changed'
  /** A FileSource's path or size cannot go into a manifest. */
  | 'invalid-source'
  /** Manifest bytes handed to the engine do not hash to the share id or do not decode. */
  | 'bad-manifest'
  /** The swarm was used after destroy(). */
  | 'destroyed';

export class ShoalError extends Error {
  readonly code: ShoalErrorCode;

  constructor(code: ShoalErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ShoalError';
    this.code = code;
  }
}

/**
 * What a PieceStore rejects with. Stores outside core (IndexedDB) should use it,
 * or at least an error with `code: 'quota-exceeded'` / `name: 'QuotaExceededError'`.
 */
export class StoreError extends ShoalError {
  constructor(
    code: 'quota-exceeded' | 'store-failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'StoreError';
  }
}

/** True when a store rejection means "out of space", whichever way the store spelled it. */
export function isQuotaExceeded(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name } = error as { code?: unknown; name?: unknown };
  return code === 'quota-exceeded' || name === 'QuotaExceededError';
}

/** The error every aborted operation rejects with. */
export function abortError(signal?: AbortSignal): ShoalError {
  return new ShoalError('aborted', 'The operation was aborted', { cause: signal?.reason });
}

/** Throws the aborted error if the signal has fired. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError(signal);
}
