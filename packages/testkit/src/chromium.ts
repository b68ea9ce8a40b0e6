import { chromiumPath } from './system-deps.js';

/**
 * Flags for headless Chromium on our machines: no network beyond loopback,
 * root user (no sandbox), no GPU. Without the background-networking flags
 * Chromium keeps dialing Google hosts that this network refuses.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Host candidates carry real loopback addresses instead of mDNS names, which
  // nothing resolves in a sandbox with no multicast.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/** Launch options for Playwright's chromium.launch / launchPersistentContext. */
export function chromiumLaunchOptions(): { executablePath?: string; args: string[] } {
  const executablePath = chromiumPath();
  return executablePath ? { executablePath, args: CHROMIUM_ARGS } : { args: CHROMIUM_ARGS };
}
