import { expect, test } from '@shoal/testkit';

test('a malformed link shows a clear error instead of a blank page', async ({ page }) => {
  await page.goto('/#this-is-not-a-share-id');
  await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('not a Shoal share link');
});

test('a well-formed link that nobody shares says so and keeps waiting', async ({ page }) => {
  await page.goto(`/#${'A'.repeat(43)}`);
  await expect(page.getByRole('status')).toContainText('Looking for browsers that share this link');
});
