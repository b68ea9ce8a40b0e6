// Which pages may open a signaling connection. A page on another site must not be
// able to use our server, and neither may a page that reached it by DNS rebinding
// (a name the attacker controls, re-pointed at this server: the page then has the
// attacker's origin, and its Host header names the attacker's domain too, so
// "Origin matches Host" proves nothing).
import { isIPv4, isIPv6 } from 'node:net';

export interface OriginPolicy {
  /** PUBLIC_URL's origin. When set, it and `allowed` are the only origins that pass. */
  publicOrigin: string | undefined;
  /** ALLOWED_ORIGINS: further origins (a development server, a second domain). */
  allowed: readonly string[];
}

export interface Handshake {
  origin: string | undefined;
  host: string | undefined;
  /** A WebSocket upgrade (the only transport Shoal's server offers), not an HTTP poll. */
  websocket: boolean;
}

/**
 * True when a connection may proceed:
 * - an origin in ALLOWED_ORIGINS, or PUBLIC_URL's origin (scheme, host and port);
 * - without PUBLIC_URL, the server's own origin, recognised only where it cannot be
 *   rebound: http:, a host that is an IP literal or `localhost`, equal to the Host
 *   header (so `npm start` on localhost and LAN use by IP address work as they are);
 * - no Origin at all on a WebSocket handshake.
 *
 * Why "no Origin" is safe there: browsers send Origin on every WebSocket handshake
 * (the Fetch standard sets it for mode "websocket"; pages cannot remove it), so a
 * handshake without one comes from a program — tests, benchmarks, curl — which can
 * claim any Origin it likes anyway; the Origin check protects browsers' users, not
 * the server. An HTTP GET is different: a page's same-origin GET carries no Origin,
 * so a rebound page could open a long-polling session unseen. The server offers only
 * WebSocket, and this refuses an Origin-less handshake that is not one.
 */
export function originAllowed(handshake: Handshake, policy: OriginPolicy): boolean {
  const { origin } = handshake;
  if (origin === undefined) return handshake.websocket;
  if (policy.allowed.includes(origin)) return true;
  if (policy.publicOrigin !== undefined) return origin === policy.publicOrigin;
  return isUnrebindableSelf(origin, handshake.host);
}

/** An http: origin on an IP literal or localhost that names the Host the request was sent to. */
function isUnrebindableSelf(origin: string, host: string | undefined): boolean {
  const page = parseUrl(origin);
  const target = host === undefined ? undefined : parseUrl(`http://${host}`);
  if (!page || !target || page.origin !== origin || page.protocol !== 'http:') return false;
  const bareHost = target.username === '' && target.password === '' && target.pathname === '/';
  return (
    bareHost && !target.search && isUnrebindableHost(page.hostname) && page.host === target.host
  );
}

/** DNS rebinding needs a name the attacker's DNS answers for: an IP literal is no name, and browsers resolve localhost themselves. */
function isUnrebindableHost(hostname: string): boolean {
  if (hostname === 'localhost' || isIPv4(hostname)) return true;
  return hostname.startsWith('[') && hostname.endsWith(']') && isIPv6(hostname.slice(1, -1));
}

/** The URL `text` spells, or undefined where new URL() would throw. */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
