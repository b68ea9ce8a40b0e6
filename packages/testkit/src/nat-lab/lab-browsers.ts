// Browsers that live in a lab home: they see the world from behind that home's
// router, as a browser on a home network does.
import type { ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser as PlaywrightBrowser } from '@playwright/test';
import { Browser as PuppeteerBrowserName, createProfile } from '@puppeteer/browsers';
import puppeteer, { type Browser as PuppeteerBrowser } from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../chromium.ts';
import { FIREFOX_PREFS } from '../firefox.ts';
import { stopProcess } from '../redis.ts';
import { chromiumPath, firefoxPath } from '../system-deps.js';
import type { LabNamespace } from './nat-lab.ts';
import { untilPrinted } from './printed.ts';

/** How long Firefox may take to start and print its WebDriver BiDi address. */
const FIREFOX_START_TIMEOUT_MS = 30_000;

/**
 * The lab serves the app over plain http from a non-loopback address, where
 * browsers would withhold secure-context APIs (crypto.subtle, service workers).
 * The flag marks that one origin secure, as https would be in production.
 */
function chromiumArgs(origin: string): string[] {
  // Host candidates are what the routers would see anyway; the lab has no
  // multicast for mDNS names to resolve over, and real homes' peers are on
  // other networks, so the test loses nothing by seeing them plainly.
  return [...CHROMIUM_ARGS, `--unsafely-treat-insecure-origin-as-secure=${origin}`];
}

/** A script that runs `binary` inside `home`'s namespace with the arguments it was given. */
async function wrapperIn(home: LabNamespace, binary: string, directory: string): Promise<string> {
  const path = join(directory, 'in-namespace.sh');
  const quoted = home.command([binary]).map((part) => `'${part.replaceAll("'", `'\\''`)}'`);
  await writeFile(path, `#!/bin/sh\nexec ${quoted.join(' ')} "$@"\n`);
  await chmod(path, 0o755);
  return path;
}

export interface LabChromium {
  browser: PlaywrightBrowser;
  close(): Promise<void>;
}

/**
 * Chromium inside `home`. Playwright drives it over a pipe (file descriptors
 * survive `ip netns exec`), so no debugging port has to cross namespaces.
 */
export async function launchChromiumIn(
  home: LabNamespace,
  origin: string,
  extraArgs: readonly string[] = [],
): Promise<LabChromium> {
  const binary = chromiumPath();
  if (!binary) throw new Error('chromium is not installed: apt-get install -y chromium');
  const directory = await mkdtemp(join(tmpdir(), 'shoal-lab-chromium-'));
  const browser = await chromium.launch({
    executablePath: await wrapperIn(home, binary, directory),
    args: [...chromiumArgs(origin), ...extraArgs],
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export interface LabFirefox {
  browser: PuppeteerBrowser;
  close(): Promise<void>;
}

/** A Node one-liner, run inside a namespace: a Unix socket that leads to a loopback port there. */
const UNIX_TO_LOOPBACK = `
const net = require('node:net');
const [socketPath, port] = process.argv.slice(1);
net.createServer((client) => {
  const upstream = net.connect(Number(port), '127.0.0.1');
  client.pipe(upstream).pipe(client);
  const end = () => { client.destroy(); upstream.destroy(); };
  client.on('error', end); upstream.on('error', end);
}).listen(socketPath, () => console.log('ready'));`;

/**
 * Firefox inside `home`. Its WebDriver BiDi server listens on the namespace's
 * own loopback, which this process cannot reach; Unix sockets live in the file
 * system, which both share, so a relay inside the namespace listens on one,
 * and a TCP port here leads to it.
 */
export async function launchFirefoxIn(home: LabNamespace, origin: string): Promise<LabFirefox> {
  const binary = firefoxPath();
  if (!binary) throw new Error('firefox-esr is not installed: apt-get install -y firefox-esr');
  const directory = await mkdtemp(join(tmpdir(), 'shoal-lab-firefox-'));
  // The profile puppeteer.launch would make (its automation preferences), plus ours.
  await createProfile(PuppeteerBrowserName.FIREFOX, {
    path: directory,
    preferences: { ...FIREFOX_PREFS, 'dom.securecontext.allowlist': new URL(origin).hostname },
  });
  const firefox = home.spawn(
    [
      binary,
      '--headless',
      '--no-remote',
      '--profile',
      directory,
      '--remote-debugging-port=0',
      'about:blank',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let relay: ChildProcess | undefined;
  let server: Server | undefined;
  const cleanUp = async () => {
    server?.close();
    if (relay) await stopProcess(relay);
    await stopProcess(firefox);
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const listening = await untilPrinted(
      firefox,
      /WebDriver BiDi listening on ws:\/\/127\.0\.0\.1:(\d+)/,
      'Firefox',
      FIREFOX_START_TIMEOUT_MS,
    );
    const port = Number(listening[1]);
    const socketPath = join(directory, 'bidi.sock');
    relay = home.spawn([process.execPath, '-e', UNIX_TO_LOOPBACK, socketPath, String(port)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await untilPrinted(relay, /ready/, 'the BiDi relay');
    server = createServer((client) => {
      const upstream = connect(socketPath);
      client.pipe(upstream).pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end);
      upstream.on('error', end);
    });
    const localPort = await new Promise<number>((resolve) =>
      server!.listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port)),
    );
    const browser = await puppeteer.connect({
      browserWSEndpoint: `ws://127.0.0.1:${localPort}/session`,
      protocol: 'webDriverBiDi',
      // Firefox accepts a WebSocket only for its own host and port.
      headers: { Host: `127.0.0.1:${port}` },
    });
    return {
      browser,
      close: async () => {
        await browser.close().catch(() => undefined);
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
