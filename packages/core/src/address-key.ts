// What a ban by network address is kept under. An IPv4 address stands for one
// host (or one NAT, and everyone behind it); an IPv6 subscriber is given a
// whole /64 and can take a new address in it for free, so a ban covers the /64.

/** Hextets an IPv6 ban covers: the /64 routing prefix. */
const IPV6_PREFIX_HEXTETS = 4;

/**
 * The key a ban of `address` is kept under: the IPv4 address itself (also when
 * written as IPv4-mapped IPv6), or the /64 of an IPv6 address, written out in
 * full. Undefined for something that is neither.
 */
export function addressBanKey(address: string): string | undefined {
  const text = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (isIpv4(text)) return text;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (mapped !== undefined && isIpv4(mapped)) return mapped;
  const hextets = expandIpv6(text.split('%')[0]!);
  return hextets === undefined
    ? undefined
    : `${hextets.slice(0, IPV6_PREFIX_HEXTETS).join(':')}::/64`;
}

function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** The eight hextets of an IPv6 address (no embedded IPv4), or undefined. */
function expandIpv6(text: string): string[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const split = (half: string) => (half === '' ? [] : half.split(':'));
  const head = split(halves[0]!);
  const tail = halves.length === 2 ? split(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((h) => /^[0-9a-f]{1,4}$/.test(h))) return undefined;
  return all.map((h) => h.replace(/^0+(?=.)/, ''));
}
