// A small internet inside this machine, for testing how browsers connect across
// NAT routers. Built from Linux network namespaces:
//
//   internet (203.0.113.1 on a bridge: the signaling server, coturn)
//     ├── router 0: WAN 203.0.113.10, NAT, LAN 192.0.2.1/26 ── home 0: 192.0.2.2
//     └── router 1: WAN 203.0.113.11, NAT, LAN 192.0.2.65/26 ── home 1: 192.0.2.66
//
// Only documentation address ranges are used, and nothing is joined to this
// machine's own namespace: no veth end, no route, no address of the lab is
// visible to the host. Every namespace is deleted by close(), and by process
// exit if a test dies first. Needs root (CI and `npm test` run as root) and
// Debian's iproute2 and iptables.
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { ipPath, iptablesPath } from '../system-deps.js';
import { natRules, type RouterBehaviour } from './nat-rules.ts';

export type { RouterBehaviour } from './nat-rules.ts';

/** The internet side's own address: where the lab's servers listen. */
export const INTERNET_ADDRESS = '203.0.113.1';
const INTERNET_PREFIX = 24;
/** Router n's WAN address is 203.0.113.(10 + n). */
const FIRST_ROUTER_HOST = 10;
/** A renumbered router moves this far up 203.0.113.0/24 each time (past every first address). */
const RENUMBER_STEP = 10;
/** Each home is a /26 of 192.0.2.0/24: the router is .1 of it, the browser's machine .2. */
const HOME_PREFIX = 26;
const HOME_BLOCK = 64;
/** A gateway that is never there, and its hardware address (locally administered). */
const VOID_GATEWAY = '198.51.100.254';
const VOID_GATEWAY_MAC = '02:00:00:00:00:01';
/** Four /26 blocks fit in 192.0.2.0/24. */
export const MAX_HOMES = 4;

export interface LabNamespace {
  /** `ip netns` name. */
  readonly name: string;
  /** The argv that runs `command` inside this namespace. */
  command(command: readonly string[]): string[];
  /** Runs a command inside and returns its stdout; throws with its stderr on failure. */
  run(command: readonly string[]): string;
  /** Starts a command inside, in the background. */
  spawn(command: readonly string[], options?: SpawnOptions): ChildProcess;
}

export interface Home extends LabNamespace {
  /** The home machine's (private) address. */
  readonly address: string;
  readonly router: Router;
}

export interface Router extends LabNamespace {
  /** The router's public address: what the internet sees of its home (renumber() changes it). */
  readonly wanAddress: string;
  readonly behaviour: RouterBehaviour;
  /** Takes the router's internet link down or up (a Wi-Fi drop, a cable pulled). */
  setWanLink(up: boolean): void;
  /**
   * Gives the router another public address, as when a phone leaves Wi-Fi for
   * mobile data: every flow through the old one is dead for good.
   */
  renumber(): string;
}

export interface NatLab {
  readonly internet: LabNamespace & { readonly address: string };
  readonly homes: readonly Home[];
  /** Deletes every namespace of the lab (and so every veth pair). Safe to call twice. */
  close(): void;
}

const openLabs = new Set<NatLab>();
const NAMESPACE_PREFIX = 'shoal-lab';

/**
 * Deletes labs whose test process died without closing them (killed, say,
 * where no exit handler runs): their names carry the pid that made them.
 */
function sweepAbandonedLabs(ip: string): void {
  const listed = execFileSync(ip, ['netns', 'list'], { encoding: 'utf8' });
  for (const name of listed.split('\n').map((line) => line.split(' ')[0] ?? '')) {
    const pid = new RegExp(`^${NAMESPACE_PREFIX}(\\d+)-`).exec(name)?.[1];
    if (pid === undefined || processAlive(Number(pid))) continue;
    execFileSync(ip, ['netns', 'del', name], { stdio: 'ignore' });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
process.once('exit', () => {
  for (const lab of openLabs) lab.close();
});
let labsMade = 0;

function namespaceHandle(ip: string, name: string): LabNamespace {
  const command = (argv: readonly string[]) => [ip, 'netns', 'exec', name, ...argv];
  return {
    name,
    command,
    run: (argv) => runOrExplain(command(argv)),
    spawn: (argv, options = {}) => spawn(ip, ['netns', 'exec', name, ...argv], options),
  };
}

function runOrExplain(argv: readonly string[]): string {
  try {
    return execFileSync(argv[0]!, argv.slice(1), {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`${argv.join(' ')} failed: ${stderr || String(error)}`, { cause: error });
  }
}

/**
 * Builds the lab: one internet, and one home behind its own router for each
 * entry of `routers`, which says how that router treats traffic.
 */
export function createNatLab(routers: readonly RouterBehaviour[]): NatLab {
  const ip = ipPath();
  const iptables = iptablesPath();
  if (!ip) throw new Error('iproute2 is not installed: apt-get install -y iproute2');
  if (!iptables) throw new Error('iptables is not installed: apt-get install -y iptables');
  if (routers.length === 0 || routers.length > MAX_HOMES)
    throw new Error(`a NAT lab has 1 to ${MAX_HOMES} homes, not ${routers.length}`);

  // Names carry the pid and a counter, so parallel test processes never collide.
  // (Interface names, limited to 15 characters, are the same in every lab: each
  // lives in its own namespace.)
  sweepAbandonedLabs(ip);
  const tag = `${process.pid}-${(labsMade++ % 36).toString(36)}`;
  const made: string[] = [];
  let closed = false;
  const lab: NatLab = {
    internet: {
      ...namespaceHandle(ip, `${NAMESPACE_PREFIX}${tag}-inet`),
      address: INTERNET_ADDRESS,
    },
    homes: [],
    close() {
      if (closed) return;
      closed = true;
      openLabs.delete(lab);
      // Deleting a namespace deletes the veth ends in it, and with them the pairs.
      for (const name of made.reverse()) {
        try {
          execFileSync(ip, ['netns', 'del', name], { stdio: 'ignore' });
        } catch {
          // Already gone.
        }
      }
    },
  };
  openLabs.add(lab);

  const addNamespace = (name: string): LabNamespace => {
    runOrExplain([ip, 'netns', 'add', name]);
    made.push(name);
    const handle = namespaceHandle(ip, name);
    handle.run([ip, 'link', 'set', 'lo', 'up']);
    return handle;
  };

  try {
    const internet = addNamespace(lab.internet.name);
    internet.run([ip, 'link', 'add', 'br0', 'type', 'bridge']);
    internet.run([ip, 'addr', 'add', `${INTERNET_ADDRESS}/${INTERNET_PREFIX}`, 'dev', 'br0']);
    internet.run([ip, 'link', 'set', 'br0', 'up']);
    // On the real internet a packet for a private address leaves on some default
    // route and is lost without a word. Here it leaves on a veth pair whose far
    // end ignores it (it is sent to a made-up gateway's hardware address): with
    // no route at all, senders (coturn relaying to a peer's private host
    // candidate, say) would get "network unreachable", which no deployment sees.
    internet.run([ip, 'link', 'add', 'void0', 'type', 'veth', 'peer', 'name', 'void1']);
    internet.run([ip, 'link', 'set', 'void0', 'up']);
    internet.run([ip, 'link', 'set', 'void1', 'up']);
    internet.run([ip, 'route', 'add', 'default', 'via', VOID_GATEWAY, 'dev', 'void0', 'onlink']);
    internet.run([
      ip,
      'neigh',
      'add',
      VOID_GATEWAY,
      'lladdr',
      VOID_GATEWAY_MAC,
      'dev',
      'void0',
      'nud',
      'permanent',
    ]);

    const homes: Home[] = routers.map((behaviour, n) => {
      const routerNs = addNamespace(`${NAMESPACE_PREFIX}${tag}-r${n}`);
      const homeNs = addNamespace(`${NAMESPACE_PREFIX}${tag}-h${n}`);
      const wanAddress = `203.0.113.${FIRST_ROUTER_HOST + n}`;
      const lanRouter = `192.0.2.${n * HOME_BLOCK + 1}`;
      const address = `192.0.2.${n * HOME_BLOCK + 2}`;

      // WAN: a veth from the router to a port of the internet's bridge.
      internet.run([ip, 'link', 'add', `port${n}`, 'type', 'veth', 'peer', 'name', 'wan']);
      internet.run([ip, 'link', 'set', 'wan', 'netns', routerNs.name]);
      internet.run([ip, 'link', 'set', `port${n}`, 'master', 'br0']);
      internet.run([ip, 'link', 'set', `port${n}`, 'up']);
      routerNs.run([ip, 'addr', 'add', `${wanAddress}/${INTERNET_PREFIX}`, 'dev', 'wan']);
      routerNs.run([ip, 'link', 'set', 'wan', 'up']);
      routerNs.run([ip, 'route', 'add', 'default', 'via', INTERNET_ADDRESS]);

      // LAN: a veth from the router to the home machine, whose only route is the router.
      routerNs.run([ip, 'link', 'add', 'lan', 'type', 'veth', 'peer', 'name', 'eth0']);
      routerNs.run([ip, 'link', 'set', 'eth0', 'netns', homeNs.name]);
      routerNs.run([ip, 'addr', 'add', `${lanRouter}/${HOME_PREFIX}`, 'dev', 'lan']);
      routerNs.run([ip, 'link', 'set', 'lan', 'up']);
      homeNs.run([ip, 'addr', 'add', `${address}/${HOME_PREFIX}`, 'dev', 'eth0']);
      homeNs.run([ip, 'link', 'set', 'eth0', 'up']);
      homeNs.run([ip, 'route', 'add', 'default', 'via', lanRouter]);

      // The router forwards, and translates: the rules that make it the NAT it is.
      routerNs.run(['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
      for (const rule of natRules(behaviour, { wan: 'wan', lan: 'lan' }))
        routerNs.run([iptables, ...rule]);

      let renumbered = 0;
      const router: Router = {
        ...routerNs,
        wanAddress,
        renumber() {
          renumbered += 1;
          const next = `203.0.113.${FIRST_ROUTER_HOST + RENUMBER_STEP * renumbered + n}`;
          // Deleting the address makes MASQUERADE forget every mapping made with it.
          routerNs.run([ip, 'addr', 'flush', 'dev', 'wan']);
          routerNs.run([ip, 'addr', 'add', `${next}/${INTERNET_PREFIX}`, 'dev', 'wan']);
          routerNs.run([ip, 'route', 'replace', 'default', 'via', INTERNET_ADDRESS]);
          (router as { wanAddress: string }).wanAddress = next;
          return next;
        },
        behaviour,
        setWanLink: (up) => {
          routerNs.run([ip, 'link', 'set', 'wan', up ? 'up' : 'down']);
          // Taking a link down takes its routes with it; the connected one comes back by itself.
          if (up) routerNs.run([ip, 'route', 'replace', 'default', 'via', INTERNET_ADDRESS]);
        },
      };
      return { ...homeNs, address, router };
    });
    (lab as { homes: readonly Home[] }).homes = homes;
  } catch (error) {
    lab.close();
    throw new Error(`could not build the NAT lab (needs root): ${(error as Error).message}`, {
      cause: error,
    });
  }
  return lab;
}
