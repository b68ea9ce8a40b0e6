import { afterEach, describe, expect, it } from 'vitest';
import { createNatLab, type NatLab } from './nat-lab.ts';
import { CONE, CONE_WITHOUT_UDP, SYMMETRIC } from './nat-rules.ts';
import { probeUdpMapping } from './udp-probe.ts';
import { execFileSync } from 'node:child_process';

const REFLECTOR_PORTS = [4101, 4102];
const namespaces = () => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });

describe('the NAT lab', () => {
  let lab: NatLab | undefined;
  afterEach(() => {
    lab?.close();
    lab = undefined;
  });

  it('a cone router shows the internet one public port for a socket, whatever the destination', async () => {
    lab = createNatLab([CONE]);
    const { seenBy } = await probeUdpMapping(lab.internet, lab.homes[0]!, REFLECTOR_PORTS);
    const [first, second] = REFLECTOR_PORTS.map((port) => seenBy[port]);
    expect(first).toMatch(/^203\.0\.113\.10:\d+$/);
    expect(second).toBe(first);
  });

  it('a symmetric router maps each destination of one socket to a different public port', async () => {
    lab = createNatLab([SYMMETRIC]);
    const { seenBy } = await probeUdpMapping(lab.internet, lab.homes[0]!, REFLECTOR_PORTS);
    const [first, second] = REFLECTOR_PORTS.map((port) => seenBy[port]);
    expect(first).toMatch(/^203\.0\.113\.10:\d+$/);
    expect(second).toMatch(/^203\.0\.113\.10:\d+$/);
    expect(second).not.toBe(first);
  });

  it('a router that drops UDP lets no datagram through', async () => {
    lab = createNatLab([CONE_WITHOUT_UDP]);
    const { seenBy } = await probeUdpMapping(lab.internet, lab.homes[0]!, REFLECTOR_PORTS);
    expect(REFLECTOR_PORTS.map((port) => seenBy[port])).toEqual([undefined, undefined]);
  });

  it('one home cannot reach another by its private address, only through the routers', () => {
    lab = createNatLab([CONE, CONE]);
    const [a, b] = lab.homes;
    expect(a!.run(['ip', 'route', 'get', lab.internet.address])).toContain('via 192.0.2.1');
    // Router 0 knows no route to home 1's network: its packets go out to the
    // internet, which has none either and drops them into its void.
    expect(a!.router.run(['ip', 'route', 'get', b!.address])).toContain('via 203.0.113.1');
    expect(lab.internet.run(['ip', 'route', 'get', b!.address])).toContain('dev void0');
  });

  it('close() deletes every namespace of the lab', () => {
    lab = createNatLab([CONE, SYMMETRIC]);
    const names = [lab.internet.name, ...lab.homes.flatMap((h) => [h.name, h.router.name])];
    for (const name of names) expect(namespaces()).toContain(name);
    lab.close();
    for (const name of names) expect(namespaces()).not.toContain(name);
  });
});
