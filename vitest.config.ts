import { defineConfig } from 'vitest/config';

// Unit and integration tests sit next to the code as *.test.ts. End-to-end tests
// (apps/web/e2e) belong to Playwright, not here.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
