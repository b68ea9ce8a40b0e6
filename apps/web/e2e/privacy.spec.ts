import { fromBase64url, parseLink, roomIdOf } from '@shoal/core';
import {
  expect,
  test,
  randomFile,
  shareFiles,
  startCapturingProxy,
  startDownload,
  startSignalServer,
  waitForComplete,
  type CapturingProxy,
  type RunningSignalServer,
} from '@shoal/testkit';

let server: RunningSignalServer | undefined;
let proxy: CapturingProxy | undefined;
test.afterEach(async () => {
  await proxy?.close();
  await server?.stop();
});

test('the server receives no file name, size or share id during a share and a download, only the room id', async ({
  browser,
}) => {
  server = await startSignalServer({ entry: 'dist' });
  // Everything the browsers send to the server, page loads included, goes through the proxy.
  proxy = await startCapturingProxy(server.port);
  const name = `quarterly-secret-plans-${Date.now()}.pdf`;
  const size = 3_141_593;
  const file = { ...randomFile(name, size), mimeType: 'application/pdf' };
  const sharer = await (await browser.newContext({ baseURL: proxy.url })).newPage();
  const downloader = await (await browser.newContext({ baseURL: proxy.url })).newPage();

  const link = await shareFiles(sharer, [file]);
  await startDownload(downloader, link.replace(/^http:\/\/[^/]+/, proxy.url), name);
  await waitForComplete(downloader);

  const shareId = parseLink(link);
  const shareIdText = link.slice(link.indexOf('#') + 1);
  const roomId = await roomIdOf(shareId);
  const seen = proxy.captured().join('\n');
  // The capture is real: it holds the socket.io traffic and the room id.
  expect(seen).toContain('"join"');
  expect(seen).toContain(roomId);
  // And none of the secrets.
  expect(seen).not.toContain(name);
  expect(seen).not.toContain('quarterly-secret-plans');
  expect(seen).not.toContain(String(size));
  expect(seen).not.toContain(shareIdText);
  expect(seen).not.toContain(Buffer.from(fromBase64url(shareIdText)).toString('hex'));
  expect(seen).not.toContain(Buffer.from(shareId).toString('base64'));
});
