// core's Transport contract (packages/core/src/memory/transport-contract.ts) runs
// against the in-memory pair in the unit tests; here the same checks run against
// the transport the app ships, simple-peer data channels in real Chromium, as
// js-libp2p runs its interface tests against every transport.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, test } from '@shoal/testkit';

const ENTRY = fileURLToPath(new URL('./transport-contract/in-browser.ts', import.meta.url));

/** The in-browser half, bundled for the page (simple-peer's browser build included). */
async function bundle(): Promise<string> {
  const built = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
  });
  return built.outputFiles[0]!.text;
}

test('the simple-peer transport keeps the Transport contract in Chromium', async ({ page }) => {
  // A page of the app's origin (a secure context on loopback), made by the test:
  // the app's own pages forbid inline scripts, and its service worker is not needed.
  const code = await bundle();
  await page.route('**/transport-contract.html', (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><script>${code}</script>` }),
  );
  await page.goto('/transport-contract.html');
  const results = (await page.evaluate('window.runTransportContract()')) as {
    name: string;
    ok: boolean;
    detail?: string;
  }[];
  expect(results.filter((result) => !result.ok)).toEqual([]);
  // Every check ran: the contract has seven today.
  expect(results.map((result) => result.name)).toHaveLength(7);
});
