import { expect, test, launchFirefox, untilInFirefox } from '@shoal/testkit';

/** A share link whose share nobody holds: the page must explain itself before looking for peers. */
const LINK = '/#AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

test('a Chromium without WebRTC says plainly that it cannot share or download, and why', async ({
  browser,
}) => {
  const context = await browser.newContext();
  // As a browser built without WebRTC, or with it turned off, has it.
  await context.addInitScript(
    'delete window.RTCPeerConnection; delete window.webkitRTCPeerConnection;',
  );
  const page = await context.newPage();

  await page.goto('/');
  await expect(
    page.getByRole('heading', { name: 'This browser cannot share with Shoal' }),
  ).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('It lacks WebRTC');
  await expect(page.getByRole('button', { name: 'Choose files' })).toHaveCount(0);

  await page.goto(LINK);
  await expect(
    page.getByRole('heading', { name: 'This browser cannot download with Shoal' }),
  ).toBeVisible();
  await expect(page.getByText('Finding peers…')).toHaveCount(0);
});

test('a Firefox with WebRTC turned off says so on a download link instead of finding peers forever', async ({
  baseURL,
}) => {
  const firefox = await launchFirefox({ 'media.peerconnection.enabled': false });
  try {
    const page = await firefox.browser.newPage();
    await page.goto(`${baseURL}${LINK}`);
    await untilInFirefox(
      page,
      `document.querySelector('h2')?.textContent === 'This browser cannot download with Shoal'`,
      15_000,
    );
    expect(await page.evaluate(`document.querySelector('[role=alert]').textContent`)).toContain(
      'It lacks WebRTC',
    );
  } finally {
    await firefox.close();
  }
});
