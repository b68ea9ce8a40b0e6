// One Chromium process per peer, as people run Shoal: separate browsers, not tabs,
// each with a fresh on-disk profile. (A Playwright newContext() is off the record:
// its IndexedDB lives in memory, which would make every download look like a leak.)
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '@shoal/testkit';

export interface Peer {
  page: Page;
  context: BrowserContext;
  /** The browser's main process: the root of the tree whose memory we sample. */
  pid: number;
  close(): Promise<void>;
}

/** The browser process started with `profile`: the one without a --type= (children have one). */
async function browserPid(profile: string): Promise<number> {
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(`--user-data-dir=${profile}`) && !cmdline.includes('--type='))
      return Number(name);
  }
  throw new Error(`no browser process found for profile ${profile}`);
}

/** Launches a fresh Chromium with a new persistent profile and opens one page at `url`. */
export async function launchPeer(url: string): Promise<Peer> {
  const profile = await mkdtemp(join(tmpdir(), 'shoal-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...chromiumLaunchOptions(),
    acceptDownloads: false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  return {
    page,
    context,
    pid: await browserPid(profile),
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}
