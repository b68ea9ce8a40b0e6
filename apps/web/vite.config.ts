import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    // In development the signaling server runs on 8080; proxy its socket.io path.
    proxy: { '/socket.io': { target: 'http://localhost:8080', ws: true } },
  },
  build: { outDir: 'dist', sourcemap: true },
});
