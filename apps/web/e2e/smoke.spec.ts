import { expect, test } from '@shoal/testkit';

test('the built app loads in Chromium from the server that npm start runs', async ({
  page,
  request,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Shoal' })).toBeVisible();
  expect(errors).toEqual([]);

  const health = await request.get('/healthz');
  expect(health.ok()).toBe(true);
  expect(await health.json()).toMatchObject({ status: 'ok' });
});
