// The web console's build: a single-page app served by Gatehouse under /console/ (src/server/console).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Everything is bundled: the console never loads anything from another host.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: { proxy: { '/console/api': 'http://127.0.0.1:9470' } },
});
