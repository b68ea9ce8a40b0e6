import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '@shoal/testkit';

/** Port of the server under test: not 8080, so a running `npm start` does not collide. */
const E2E_PORT = Number(process.env.E2E_PORT ?? 8099);

// End-to-end tests run real Chromium against the built app, served exactly the
// way `npm start` serves it (apps/signal/dist/server.js). Run `npm run build` first;
// `npm test` does.
export default defineConfig({
  testDir: 'apps/web/e2e',
  timeout: 120_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node apps/signal/dist/server.js',
    url: `http://127.0.0.1:${E2E_PORT}/healthz`,
    env: { PORT: String(E2E_PORT), LOG_LEVEL: 'warn', STUN_PORT: '0' },
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
