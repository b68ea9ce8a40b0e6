// Plain JavaScript so that `npm test` can check system packages with bare Node,
// before anything is built or type-checked.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Debian's Chromium; Playwright cannot download its own browser on our machines. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
export const DEFAULT_FIREFOX_PATH = '/usr/bin/firefox-esr';

/** @param {string} name */
function onPath(name) {
  try {
    return (
      execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/**
 * The Chromium to drive: CHROMIUM_PATH, else Debian's, else undefined
 * (meaning: let Playwright use its own browser, if one is installed).
 * @returns {string | undefined}
 */
export function chromiumPath() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  if (existsSync(DEFAULT_CHROMIUM_PATH)) return DEFAULT_CHROMIUM_PATH;
  return onPath('chromium') ?? onPath('chromium-browser');
}

/** @returns {string | undefined} */
export function firefoxPath() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return fromEnv;
  if (existsSync(DEFAULT_FIREFOX_PATH)) return DEFAULT_FIREFOX_PATH;
  return onPath('firefox-esr') ?? onPath('firefox');
}

/** @returns {string | undefined} */
export function redisServerPath() {
  return process.env.REDIS_SERVER_PATH ?? onPath('redis-server');
}

/** @returns {string | undefined} */
export function turnserverPath() {
  const fromEnv = process.env.TURNSERVER_PATH;
  if (fromEnv) return fromEnv;
  return existsSync('/usr/bin/turnserver') ? '/usr/bin/turnserver' : onPath('turnserver');
}

/** @returns {string | undefined} iproute2's `ip`, for the network namespaces hostile peers run in. */
export function ipPath() {
  return onPath('ip');
}

/** @returns {string | undefined} iptables, for the NAT routers of the NAT lab. */
export function iptablesPath() {
  return (
    onPath('iptables') ?? (existsSync('/usr/sbin/iptables') ? '/usr/sbin/iptables' : undefined)
  );
}

/** @returns {string | undefined} openssl, for the lab's TURN-over-TLS certificate. */
export function opensslPath() {
  return onPath('openssl');
}

/**
 * System packages the test suite needs, with how to find each.
 * @type {{ debianPackage: string, find: () => string | undefined }[]}
 */
export const SYSTEM_DEPS = [
  { debianPackage: 'chromium', find: chromiumPath },
  { debianPackage: 'redis-server', find: redisServerPath },
  { debianPackage: 'firefox-esr', find: firefoxPath },
  { debianPackage: 'coturn', find: turnserverPath },
  { debianPackage: 'iproute2', find: ipPath },
  { debianPackage: 'iptables', find: iptablesPath },
  { debianPackage: 'openssl', find: opensslPath },
];

/** @returns {string[]} Debian packages whose binaries are missing. */
export function missingSystemPackages() {
  return SYSTEM_DEPS.filter((dep) => !dep.find()).map((dep) => dep.debianPackage);
}
