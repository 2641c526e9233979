import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// One renderer build serves both modes: the host serves it over HTTP and
// Electron serves the same files under app://renderer/.
export default defineConfig({
  root: fileURLToPath(new URL('../renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    // The browser-mode host serves this folder to any page that has the token: no source to hand out.
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
});
