import { defineConfig } from 'vite';

// The service worker is built on its own, as one classic script with nothing to
// import: Firefox ESR does not run module service workers.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    lib: {
      entry: 'src/save/service-worker.ts',
      formats: ['iife'],
      name: 'ShoalServiceWorker',
      fileName: () => 'sw.js',
    },
  },
});
