// The auditor's console (issue 15): plain TypeScript, bundled by Vite into dist/console, which the
// api serves at /console (apps/api/src/console). No CDN, no inline script: the page keeps to the
// api's Content-Security-Policy (script-src 'self').
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // no inline script for the preload polyfill: every browser the console targets has modulepreload
    modulePreload: { polyfill: false },
  },
});
