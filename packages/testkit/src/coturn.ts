// Debian's coturn, with the REST-API shared secret that the signaling server
// uses to mint time-limited TURN credentials (TURN_URLS + TURN_SECRET). On
// loopback by default; inside a NAT lab's internet namespace when given one,
// listening on UDP and TCP and, optionally, TLS (turns:).
import { execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabNamespace } from './nat-lab/nat-lab.ts';
import { freePort, freeTcpAndUdpPort } from './ports.ts';
import { stopProcess } from './redis.ts';
import { opensslPath, turnserverPath } from './system-deps.js';

/** TURNSERVER_PATH, else Debian's coturn. */
export const TURNSERVER_PATH = turnserverPath() ?? '/usr/bin/turnserver';
/** How long turnserver may take to start listening. */
const COTURN_START_TIMEOUT_MS = 10_000;
/**
 * Ports to try, each chosen here, when turnserver cannot bind a listener to
 * the one before (taken since it was found free); a port the caller names is
 * tried once.
 */
const COTURN_PORT_TRIES = 3;
/** Relay ports: a small private range, enough for a few test allocations. */
const RELAY_PORT_SPAN = 200;
/** A throwaway certificate lives as long as the test does. */
const CERTIFICATE_DAYS = '1';

export interface CoturnOptions {
  /** Run inside this namespace (a NAT lab's internet) instead of on this machine's loopback. */
  namespace?: LabNamespace;
  /** Where it listens and relays from; 127.0.0.1 unless in a namespace. */
  address?: string;
  /** TURN over UDP and TCP; a free port unless given. */
  port?: number;
  /** Also TURN over TLS (turns:) on this port, with a self-signed certificate. */
  tlsPort?: number;
}

export interface RunningCoturn {
  /** For TURN_URLS: TURN over UDP. */
  url: string;
  /** For TURN_URLS: every transport it listens on (UDP, TCP, and TLS when asked for). */
  urls: { udp: string; tcp: string; tls?: string };
  /** For TURN_SECRET. */
  secret: string;
  /** Everything turnserver logged (allocations show up here). */
  output(): string;
  stop(): Promise<void>;
}

function selfSignedCertificate(directory: string, host: string): { cert: string; key: string } {
  const openssl = opensslPath();
  if (!openssl) throw new Error('openssl is not installed: apt-get install -y openssl');
  const cert = join(directory, 'cert.pem');
  const key = join(directory, 'key.pem');
  execFileSync(
    openssl,
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      CERTIFICATE_DAYS,
      '-subj',
      `/CN=${host}`,
      '-addext',
      `subjectAltName=IP:${host}`,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/** turnserver could not bind one of its listeners: it would retry for a minute, serving the others. */
class ListenerBindError extends Error {}

export async function startCoturn(options: CoturnOptions = {}): Promise<RunningCoturn> {
  if (!existsSync(TURNSERVER_PATH))
    throw new Error('coturn is not installed: apt-get install -y coturn');
  const address = options.address ?? '127.0.0.1';
  for (let tries = 1; ; tries++) {
    // coturn listens on TCP and UDP with one port number: on this machine, a
    // browser's ICE socket on 0.0.0.0 may hold the UDP port of a free TCP one.
    const port =
      options.port ?? (options.namespace ? await freePort() : await freeTcpAndUdpPort(address));
    try {
      return await launchCoturn(options, address, port);
    } catch (error) {
      const retry = error instanceof ListenerBindError && options.port === undefined;
      if (!retry || tries >= COTURN_PORT_TRIES) throw error;
    }
  }
}

/**
 * What turnserver logs once each listener we hand out a URL for is open, on
 * `address`: "IPv4. UDP listener opened on: 127.0.0.1:3478", "IPv4. TCP
 * listener opened on : 127.0.0.1:3478", "TLS/TCP" instead of "TCP" when TLS is
 * on (its dtls_listener.c and tls_listener.c). Its listeners open in separate
 * threads, in no set order, so the first such line says nothing of the others.
 */
function listenersOpened(address: string, port: number, tlsPort?: number): RegExp[] {
  const at = (p: number) => `listener opened on\\s*:\\s*${address.replaceAll('.', '\\.')}:${p}\\b`;
  return [
    new RegExp(`\\bUDP ${at(port)}`),
    new RegExp(`\\bTCP ${at(port)}`),
    ...(tlsPort !== undefined ? [new RegExp(`\\bTLS(/TCP)? ${at(tlsPort)}`)] : []),
  ];
}

/** turnserver's line when a listener's port is taken (it then sleeps and retries for a minute). */
const LISTENER_BIND_FAILED = /Cannot bind \S+ listener socket to addr \S+/;

async function launchCoturn(
  options: CoturnOptions,
  address: string,
  port: number,
): Promise<RunningCoturn> {
  const minPort = 40_000 + Math.floor(Math.random() * 20_000);
  const secret = randomBytes(16).toString('hex');
  const directory = mkdtempSync(join(tmpdir(), 'shoal-coturn-'));
  let tls = ['--no-tls'];
  if (options.tlsPort !== undefined) {
    const { cert, key } = selfSignedCertificate(directory, address);
    tls = [`--tls-listening-port=${options.tlsPort}`, `--cert=${cert}`, `--pkey=${key}`];
  }
  const argv = [
    TURNSERVER_PATH,
    '-n',
    `--listening-ip=${address}`,
    `--relay-ip=${address}`,
    `--listening-port=${port}`,
    `--min-port=${minPort}`,
    `--max-port=${minPort + RELAY_PORT_SPAN}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    '--realm=shoal.test',
    // On loopback our peers are browsers on this machine: coturn refuses loopback peers unless told.
    ...(options.namespace ? [] : ['--allow-loopback-peers']),
    '--no-cli',
    '--no-dtls',
    ...tls,
    '--fingerprint',
    '--log-file=stdout',
    '--simple-log',
    '--verbose',
  ];
  const stdio: SpawnOptions = { stdio: ['ignore', 'pipe', 'pipe'] };
  const child = options.namespace
    ? options.namespace.spawn(argv, stdio)
    : spawn(argv[0]!, argv.slice(1), stdio);
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-256 * 1024));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = async () => {
    await stopProcess(child);
    rmSync(directory, { recursive: true, force: true });
  };
  const wanted = listenersOpened(address, port, options.tlsPort);
  const deadline = Date.now() + COTURN_START_TIMEOUT_MS;
  while (!wanted.every((line) => line.test(output))) {
    const bindFailed = LISTENER_BIND_FAILED.exec(output);
    if (bindFailed) {
      await stop();
      throw new ListenerBindError(`turnserver: ${bindFailed[0]}:\n${output}`);
    }
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`turnserver exited: ${output}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`turnserver did not open every listener: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const urls = {
    udp: `turn:${address}:${port}?transport=udp`,
    tcp: `turn:${address}:${port}?transport=tcp`,
    ...(options.tlsPort !== undefined
      ? { tls: `turns:${address}:${options.tlsPort}?transport=tcp` }
      : {}),
  };
  return { url: urls.udp, urls, secret, output: () => output, stop };
}
