// Which pages may open a signaling connection. Browsers always send Origin on a
// WebSocket handshake; a page on another site must not be able to use our server.

/**
 * True when a connection may proceed: no Origin at all (not a browser: tests,
 * benchmarks, health checkers), the server's own origin (Origin matches the Host
 * it connected to), or an origin listed in ALLOWED_ORIGINS.
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}
