// Debian's firefox-esr, driven headless over WebDriver BiDi with puppeteer-core
// (Playwright's Firefox driver needs its own patched build, which we cannot download).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { firefoxPath } from './system-deps.js';

/**
 * Preferences for WebRTC between browsers on one machine with no network:
 * real host addresses instead of mDNS names, and loopback candidates allowed.
 */
export const FIREFOX_PREFS: Record<string, unknown> = {
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.peerconnection.ice.loopback': true,
  'network.captive-portal-service.enabled': false,
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
};

/**
 * Preferences that make Firefox save every download into `dir` without asking,
 * as a user who chose that folder in Settings would have it.
 */
export function firefoxDownloadPrefs(dir: string): Record<string, unknown> {
  return {
    'browser.download.dir': dir,
    'browser.download.folderList': 2,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.start_downloads_in_tmp_dir': false,
  };
}

export interface LaunchedFirefox {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts headless Firefox with a fresh profile and FIREFOX_PREFS, plus `prefs`
 * (say, firefoxDownloadPrefs); close() also deletes the profile.
 */
export async function launchFirefox(prefs: Record<string, unknown> = {}): Promise<LaunchedFirefox> {
  const executablePath = firefoxPath();
  if (!executablePath)
    throw new Error('firefox-esr is not installed: apt-get install -y firefox-esr');
  const userDataDir = await mkdtemp(join(tmpdir(), 'shoal-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    userDataDir,
    extraPrefsFirefox: { ...FIREFOX_PREFS, ...prefs },
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
