// One Chromium process per peer, as people run Shoal: separate browsers, not tabs.
import { chromium, type Browser, type BrowserServer, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '@shoal/testkit';

export interface Peer {
  page: Page;
  browser: Browser;
  /** The browser's main process: the root of the tree whose memory we sample. */
  pid: number;
  close(): Promise<void>;
}

/**
 * Launches a fresh Chromium (Playwright gives each launch a new temporary
 * profile, and its own process tree) and opens one page at `url`.
 */
export async function launchPeer(url: string): Promise<Peer> {
  const server: BrowserServer = await chromium.launchServer(chromiumLaunchOptions());
  const browser = await chromium.connect(server.wsEndpoint());
  const context = await browser.newContext({ acceptDownloads: false });
  const page = await context.newPage();
  await page.goto(url);
  return {
    page,
    browser,
    pid: server.process().pid!,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close().catch(() => undefined);
    },
  };
}
