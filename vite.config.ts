import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import manifest from './manifest';

// Production builds only: @crxjs's dev server mishandles offscreen documents.
export default defineConfig({
  plugins: [crx({ manifest })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome117',
    sourcemap: true,
    rollupOptions: {
      // Pages the manifest does not name.
      input: {
        offscreen: 'src/offscreen/offscreen.html',
        connect: 'src/connect/connect.html',
        studio: 'src/studio/studio.html',
      },
    },
  },
});
