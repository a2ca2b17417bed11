import { crx } from '@crxjs/vite-plugin';
import { defineConfig, type Plugin } from 'vite';
import manifest, { CONTENT_SCRIPT } from './manifest';
import { wordListPath } from './src/background/word-lists';
import { SPELLER_LANGUAGES } from './src/core/protocol/layout';
import { wordListText } from './src/node/word-lists';

/**
 * The speller's word lists (src/node/word-lists.ts) as files of the
 * extension, for the service worker to fetch when a language is first used:
 * bundled, they would load into every page with the content script.
 */
function wordLists(): Plugin {
  return {
    name: 'brainbrowsr-word-lists',
    async generateBundle() {
      for (const language of SPELLER_LANGUAGES) {
        this.emitFile({ type: 'asset', fileName: wordListPath(language), source: await wordListText(language) });
      }
    },
  };
}

/**
 * Production builds only: @crxjs's dev server mishandles offscreen documents.
 * `vite build` makes the extension users load (dist/); `vite build --mode test`
 * makes the one the browser tests and benchmarks drive (dist-test/), the only
 * one with test hooks (__TEST_HOOKS__).
 */
export default defineConfig(({ mode }) => ({
  plugins: [
    crx({
      manifest,
      // One classic script, nothing to import: crxjs's default loader dynamic-imports the content
      // script's chunks, which makes them web-accessible, so any page could fetch them and learn that
      // the extension is installed.
      contentScripts: { standaloneFiles: [CONTENT_SCRIPT] },
    }),
    wordLists(),
  ],
  define: { __TEST_HOOKS__: JSON.stringify(mode === 'test') },
  build: {
    outDir: mode === 'test' ? 'dist-test' : 'dist',
    emptyOutDir: true,
    target: 'chrome117',
    // Source maps only in the test build: dist/ is what users load.
    sourcemap: mode === 'test',
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
