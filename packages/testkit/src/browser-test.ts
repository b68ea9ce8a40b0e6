// Playwright's `test` for Shoal's end-to-end specs: the same, except that every
// browser context a test opens with browser.newContext() is closed when the test
// ends. The specs share one Chromium; a context left open keeps its pages
// sharing, serving and holding WebRTC sockets through every later test, which
// slowed the suite and once took the UDP port a later test's TURN server needed.
import { test as base } from '@playwright/test';

export const test = base.extend<{ closeContextsItOpened: void }>({
  closeContextsItOpened: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      const opened = browser.contexts().filter((context) => !before.has(context));
      await Promise.all(opened.map((context) => context.close()));
    },
    { auto: true },
  ],
});

export { expect } from '@playwright/test';
