// Who may read /metrics. Its counters describe the server's load and the attacks on
// it, which is nobody else's business: with METRICS_TOKEN, only a request carrying
// that bearer token; without one, only clients on this machine.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isLoopback } from './client-address.ts';

/** 'hidden': answer as if /metrics did not exist (404), so a scanner learns nothing. */
export type MetricsAccess = 'allowed' | 'unauthorized' | 'hidden';

/** RFC 6750's b64token: what may follow "Bearer " in an Authorization header. */
const B64TOKEN = '[A-Za-z0-9\\-._~+/]+=*';
/** RFC 7235: the scheme is case-insensitive; RFC 6750: one b64token after it. */
const BEARER = new RegExp(`^bearer +(${B64TOKEN}) *$`, 'i');

/** True when `text` can be sent as a bearer token (METRICS_TOKEN is checked with it). */
export const isBearerToken = (text: string): boolean => new RegExp(`^${B64TOKEN}$`).test(text);

/**
 * `authorization` is the request's Authorization header, `client` its client address
 * (after TRUST_PROXY), `token` METRICS_TOKEN. A token, when configured, is required
 * from everyone, loopback included: behind a reverse proxy every request is local.
 */
export function metricsAccess(
  authorization: string | undefined,
  client: string | undefined,
  token: string | undefined,
): MetricsAccess {
  if (token !== undefined) return bearerMatches(authorization, token) ? 'allowed' : 'unauthorized';
  return isLoopback(client) ? 'allowed' : 'hidden';
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** Compares digests with timingSafeEqual: the time taken says nothing about the token, not even its length. */
function bearerMatches(authorization: string | undefined, token: string): boolean {
  const presented = BEARER.exec(authorization ?? '')?.[1];
  return presented !== undefined && timingSafeEqual(sha256(presented), sha256(token));
}
