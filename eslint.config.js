import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-test/', 'dist-node/', 'node_modules/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  // Type-aware rules: floating and misused promises, unsafe `any` from parsed JSON, needless assertions.
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly' },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain JavaScript (bin launchers, build scripts) is outside the TypeScript project.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // One extension API style: browser.* through webextension-polyfill (the door to Firefox stays open);
    // chrome.* only where Chrome alone has the API, each in its own small module.
    files: ['src/**/*.ts'],
    ignores: [
      'src/background/offscreen-document.ts',
      'src/background/help-notification.ts',
      // Code there runs inside Playwright pages of the extension, not in the extension's own source.
      'src/cli/**',
      'src/node/**',
    ],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'chrome', message: 'Use browser.* (webextension-polyfill); chrome.* only in its own small module.' },
      ],
    },
  },
  {
    // Every flickering thing takes its luminance from the flicker gate (consent, no call for help).
    files: ['src/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['src/extension/flicker-gate.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/stimulus-clock'],
              importNames: ['luminance'],
              message: 'Flicker only through FlickerGate.level (src/extension/flicker-gate.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // src/core runs in the Worker, in Node and in the relay: no host APIs.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'ws', 'webextension-polyfill'] }],
      'no-restricted-globals': ['error', 'window', 'document', 'chrome', 'browser', 'process', 'navigator'],
    },
  },
);
