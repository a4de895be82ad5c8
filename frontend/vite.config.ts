/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const backend = process.env.BACKEND_URL ?? 'http://127.0.0.1:8080';

// The Rust binary embeds dist/ and serves index.html for unknown non-/api paths.
export default defineConfig({
  plugins: [svelte()],
  // Under Vitest, resolve Svelte's browser build so components can mount in jsdom.
  ...(process.env.VITEST ? { resolve: { conditions: ['browser'] } } : {}),
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The CSP is default-src 'self': never inline assets as data: URLs.
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend },
    },
  },
});
