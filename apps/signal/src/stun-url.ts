// The stun: URL each client is given for the embedded STUN server: the host the
// public reaches this server by (PUBLIC_URL, else the Host the page was loaded
// from) and the STUN port. Pure: never throws, whatever the Host header holds.
import { isIPv4, isIPv6 } from 'node:net';
import type { IceServer } from '@shoal/protocol';

/** A DNS name: dot-separated labels of letters, digits and inner hyphens, 253 characters at most. */
const DNS_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** A host whose last label is a number is an IPv4 address to URL parsers, or invalid. */
const NUMERIC_LAST_LABEL = /(?:^|\.)\d+$/;
/** host, host:port, [IPv6] or [IPv6]:port, as in a Host header. */
const HOST_HEADER = /^(?:\[([^\]]*)\]|([^:[\]]*))(?::\d{1,5})?$/;

/**
 * The hostname of a Host header for use in a URL: a DNS name (lower case, no
 * trailing dot), an IPv4 address, or a bracketed IPv6 address; the port is dropped.
 * Undefined for anything else.
 */
export function hostnameOfHostHeader(header: string | undefined): string | undefined {
  const match = HOST_HEADER.exec(header?.trim().toLowerCase() ?? '');
  if (!match) return undefined;
  const [, ipv6, name] = match;
  if (ipv6 !== undefined) return isIPv6(ipv6) && !ipv6.includes('%') ? `[${ipv6}]` : undefined;
  const host = (name ?? '').replace(/\.$/, '');
  if (isIPv4(host)) return host;
  return DNS_NAME.test(host) && !NUMERIC_LAST_LABEL.test(host) ? host : undefined;
}

export interface EmbeddedStun {
  /** PUBLIC_URL: when set, its hostname is the one clients are given. */
  publicUrl: URL | undefined;
  /** The Host header of the client's handshake. */
  hostHeader: string | undefined;
  /** The STUN port the public reaches; undefined when the embedded STUN server is off. */
  port: number | undefined;
}

/** `stun:<public host>:<port>`, or undefined when STUN is off or the host is unusable. */
export function embeddedStunServer({
  publicUrl,
  hostHeader,
  port,
}: EmbeddedStun): IceServer | undefined {
  if (port === undefined) return undefined;
  // URL.hostname is already lower case, punycode, and bracketed for IPv6.
  const host = publicUrl ? publicUrl.hostname : hostnameOfHostHeader(hostHeader);
  return host ? { urls: `stun:${host}:${port}` } : undefined;
}
