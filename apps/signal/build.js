// Bundles the server and the workspace packages it uses into one file, so that
// `node apps/signal/dist/server.js` runs with no TypeScript tooling. Third-party
// packages stay external and load from node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('./src/main.ts', import.meta.url).pathname],
  outfile: new URL('./dist/server.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  // Workspace packages are TypeScript sources: inline them.
  alias: {
    '@shoal/protocol': new URL('../../packages/protocol/src/index.ts', import.meta.url).pathname,
  },
  logLevel: 'info',
});
