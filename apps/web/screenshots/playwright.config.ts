import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import baseConfig from '../../../playwright.config.ts';

// The README's screenshots, taken from the built app the way the end-to-end tests
// run it: `npm run screenshots` (after `npm run build`). Not part of `npm test`:
// it writes pictures, it checks nothing.
export default defineConfig({
  ...baseConfig,
  testDir: '.',
  testMatch: 'take-screenshots.ts',
  // The server's path in the shared config is from the repository's root.
  webServer: {
    ...(baseConfig.webServer as NonNullable<PlaywrightTestConfig['webServer']> & {
      command: string;
    }),
    cwd: new URL('../../..', import.meta.url).pathname,
  },
});
