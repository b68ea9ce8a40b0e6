// Who a request comes from: the TCP peer's address, or the client address a trusted
// reverse proxy put last in X-Forwarded-For. Pure: addresses in, addresses out.
import type { IncomingMessage } from 'node:http';
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** IPv4 addresses in IPv6 form (::ffff:a.b.c.d), as a dual-stack socket reports them. */
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The address in one spelling per host: IPv4-mapped IPv6 becomes plain IPv4, IPv6 loses
 * its zone (%eth0) and is lower-cased. Undefined when `raw` is not an IP address.
 */
export function normalizeAddress(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const address = raw.trim().replace(/%.*$/, '').toLowerCase();
  const mapped = IPV4_MAPPED.exec(address);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1];
  return isIPv4(address) || isIPv6(address) ? address : undefined;
}

/** True for 127.0.0.0/8 and ::1 (after normalizeAddress, which also covers ::ffff:127.x). */
export function isLoopback(address: string | undefined): boolean {
  const normalized = normalizeAddress(address);
  if (normalized === undefined) return false;
  if (isIPv4(normalized)) return normalized.startsWith('127.');
  return expandIPv6(normalized).every((group, i) => group === (i === 7 ? 1 : 0));
}

/** The eight 16-bit groups of a valid IPv6 address (with '::' and a trailing IPv4 expanded). */
function expandIPv6(address: string): number[] {
  const groupsOf = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number) as [number, number, number, number];
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = '', tail] = address.split('::');
  if (tail === undefined) return groupsOf(head);
  const front = groupsOf(head);
  const back = groupsOf(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * The key a client is counted under: an IPv4 address, or an IPv6 /64. One IPv6
 * subscriber (a household, a phone) gets a whole /64 and picks addresses in it
 * freely, so per-address counting of IPv6 would not limit anyone; a /64 is the
 * IPv6 counterpart of one NATed IPv4 address.
 */
export function addressKey(address: string): string {
  if (isIPv4(address)) return address;
  const prefix = expandIPv6(address)
    .slice(0, 4)
    .map((group) => group.toString(16));
  return `${prefix.join(':')}::/64`;
}

/** A BlockList of TRUST_PROXY entries (addresses or CIDR ranges, validated by the config). */
export function proxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

const familyOf = (address: string) => (isIPv4(address) ? 'ipv4' : 'ipv6');

/**
 * The client's address. Normally the TCP peer's. When the peer is a trusted proxy,
 * the last X-Forwarded-For entry instead: that is the one the proxy appended (the
 * address it saw), while every entry before it is whatever the client chose to send.
 * A trusted proxy that sent no usable entry counts as the client itself.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: BlockList | undefined,
): string | undefined {
  const direct = normalizeAddress(peer);
  if (direct === undefined || !trustedProxies?.check(direct, familyOf(direct))) return direct;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const last = header?.split(',').at(-1);
  return normalizeAddress(last) ?? direct;
}

/** clientAddress() of an HTTP request (a WebSocket handshake or a plain GET). */
export const addressOfRequest = (req: IncomingMessage, trustedProxies: BlockList | undefined) =>
  clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedProxies);
