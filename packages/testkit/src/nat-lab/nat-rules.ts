// The iptables rules that make a lab router the kind of NAT it is. Pure: the
// lab runs them inside the router's namespace.

export interface RouterBehaviour {
  /**
   * 'cone': Linux's MASQUERADE keeps a flow's source port where it can, so one
   * inside port maps to one outside port whatever the destination (what STUN
   * hole punching needs). 'symmetric': every new flow gets a random outside
   * port (`--random-fully`), so the port a STUN server saw is useless to a peer.
   */
  readonly mapping: 'cone' | 'symmetric';
  /** Drop all forwarded UDP, both ways: networks that allow only TCP (and TLS on 443). */
  readonly blockUdp?: boolean;
}

export const CONE: RouterBehaviour = { mapping: 'cone' };
export const SYMMETRIC: RouterBehaviour = { mapping: 'symmetric' };
export const CONE_WITHOUT_UDP: RouterBehaviour = { mapping: 'cone', blockUdp: true };

/** iptables argv lists (without the binary) for a router with these interfaces. */
export function natRules(
  behaviour: RouterBehaviour,
  interfaces: { wan: string; lan: string },
): string[][] {
  const { wan, lan } = interfaces;
  const masquerade = ['-t', 'nat', '-A', 'POSTROUTING', '-o', wan, '-j', 'MASQUERADE'];
  if (behaviour.mapping === 'symmetric') masquerade.push('--random-fully');
  const rules = [
    masquerade,
    // No unsolicited inbound: a packet from the internet that belongs to no flow
    // the home opened is dropped. Dropped in mangle PREROUTING, before NAT sees it,
    // so it leaves no conntrack entry that would claim the port an outgoing flow
    // wants (filtering in FORWARD would, and so change the mapping).
    [
      '-t',
      'mangle',
      '-A',
      'PREROUTING',
      '-i',
      wan,
      '-m',
      'conntrack',
      '--ctstate',
      'NEW',
      '-j',
      'DROP',
    ],
    // Nothing reaches the router itself from outside, only the home behind it.
    ['-A', 'INPUT', '-i', wan, '-m', 'conntrack', '--ctstate', 'NEW', '-j', 'DROP'],
  ];
  if (behaviour.blockUdp) {
    rules.push(['-A', 'FORWARD', '-i', lan, '-p', 'udp', '-j', 'DROP']);
    rules.push(['-A', 'FORWARD', '-i', wan, '-p', 'udp', '-j', 'DROP']);
  }
  return rules;
}
