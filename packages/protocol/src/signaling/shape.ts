// Small structural checks shared by the signaling decoders. They look at values
// that came from JSON.parse on the far side of a socket, so they assume nothing.

/** A plain object (what JSON.parse makes for `{...}`): not null, not an array, not a Buffer. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Reads an own property only, so that inherited names such as `constructor` never count. */
export function ownField(object: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}
