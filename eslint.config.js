// Lint enforces the architecture: imports flow apps → packages, protocol ← core,
// and the pure packages stay free of DOM, React, network and storage code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

/** Libraries that do I/O or touch the DOM: the pure packages must get these through interfaces. */
const IO_LIBRARIES = [
  'react',
  'react-dom',
  'react-dom/*',
  'socket.io',
  'socket.io-client',
  'simple-peer',
  'idb-keyval',
  '@socket.io/*',
  'redis',
  '@roamhq/wrtc',
  'wrtc',
  'ws',
  'node-fetch',
  'undici',
];
/** Browser and Node globals the pure packages must not reach for: I/O and platform state. */
const PLATFORM_GLOBALS = [
  'window',
  'document',
  'navigator',
  'indexedDB',
  'localStorage',
  'sessionStorage',
  'location',
  'RTCPeerConnection',
  'fetch',
  'WebSocket',
  'XMLHttpRequest',
  'EventSource',
  'Buffer',
  'process',
  'require',
  'global',
  '__dirname',
  '__filename',
].map((name) => ({
  name,
  message: 'packages/* are platform-free: take this through an injected interface.',
}));
const ioImports = {
  group: IO_LIBRARIES,
  message: 'packages/* are platform-free: take I/O through an injected interface.',
};
const nodeImports = {
  group: ['node:*', 'fs', 'path', 'crypto', 'net', 'http'],
  message: 'packages/* run in browsers too: no Node built-ins.',
};
const appImports = {
  group: ['@shoal/web', '@shoal/signal', '**/apps/**'],
  message: 'packages never import apps.',
};
/** apps/web may not reach into apps/signal (nor the other way round, below). */
const webNeverSignal = {
  group: ['@shoal/signal', '**/signal/**'],
  message: 'web and signal never import each other; share through packages/protocol.',
};
/** A relative path into another package's src would go round its package boundary. */
const crossPackagePaths = {
  group: ['../../*/src/**', '**/packages/*/src/**', '../../../packages/**'],
  message: 'Import another package by its name (@shoal/…), never by a path into its src.',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['packages/protocol/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ioImports,
            nodeImports,
            appImports,
            crossPackagePaths,
            {
              group: ['@shoal/core', '@shoal/testkit', '**/core/**', '**/testkit/**'],
              message: 'protocol depends on nothing.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...PLATFORM_GLOBALS],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ioImports,
            nodeImports,
            appImports,
            crossPackagePaths,
            {
              group: ['@shoal/testkit', '**/testkit/**'],
              message: 'core does not depend on the test harness.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...PLATFORM_GLOBALS],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [webNeverSignal, crossPackagePaths],
        },
      ],
    },
  },
  {
    // The app itself (not its tests) never ships the test harness.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            webNeverSignal,
            crossPackagePaths,
            {
              group: ['@shoal/testkit', '**/testkit/**'],
              message: 'The web app never imports the test harness.',
            },
            {
              group: ['@shoal/core/testing'],
              message: "Test doubles are for tests: the app imports '@shoal/core'.",
            },
          ],
        },
      ],
    },
  },
  {
    // Only the two classic rules: the React Compiler's rules in v7's presets judge
    // code for a compiler Shoal does not use.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // A promise nobody awaits or hands on loses its rejection: mark the deliberate
    // ones with `void`. Type-aware, so only for code in a tsconfig (tests aside).
    files: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['apps/web/e2e/**/*.ts', 'apps/web/screenshots/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@playwright/test',
              importNames: ['test'],
              message:
                "Use @shoal/testkit's test: it closes the browser contexts a test opens, so none keeps sharing into later tests.",
            },
          ],
          patterns: [webNeverSignal],
        },
      ],
    },
  },
  {
    files: ['apps/signal/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@shoal/web', '**/web/**', 'react', 'react-dom'],
              message: 'web and signal never import each other; share through packages/protocol.',
            },
          ],
        },
      ],
    },
  },
);
