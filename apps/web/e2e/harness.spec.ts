// The harness itself: a context a test opens does not outlive the test.
import { expect, test } from '@shoal/testkit';

let contextsBefore = -1;

test('a test opens a browser context of its own and leaves it open', async ({ browser }) => {
  contextsBefore = browser.contexts().length;
  const page = await (await browser.newContext()).newPage();
  await page.goto('/');
  expect(browser.contexts().length).toBe(contextsBefore + 1);
});

test('the next test finds that context closed', async ({ browser }) => {
  expect(contextsBefore).toBeGreaterThanOrEqual(0);
  expect(browser.contexts().length).toBe(contextsBefore);
});
