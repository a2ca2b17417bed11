import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import manifest from './manifest';

/**
 * Production builds only: @crxjs's dev server mishandles offscreen documents.
 * `vite build` makes the extension users load (dist/); `vite build --mode test`
 * makes the one the browser tests and benchmarks drive (dist-test/), the only
 * one with test hooks (__TEST_HOOKS__).
 */
export default defineConfig(({ mode }) => ({
  plugins: [crx({ manifest })],
  define: { __TEST_HOOKS__: JSON.stringify(mode === 'test') },
  build: {
    outDir: mode === 'test' ? 'dist-test' : 'dist',
    emptyOutDir: true,
    target: 'chrome117',
    sourcemap: true,
    rollupOptions: {
      // Pages the manifest does not name.
      input: {
        offscreen: 'src/offscreen/offscreen.html',
        connect: 'src/connect/connect.html',
        studio: 'src/studio/studio.html',
        welcome: 'src/welcome/welcome.html',
      },
    },
  },
}));
