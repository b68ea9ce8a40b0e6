/**
 * What every decoder and validator returns: a value, or a typed error with a
 * stable code. Decoders never throw on hostile input.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
