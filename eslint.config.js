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
    // src/core runs in the Worker, in Node and in the relay: no host APIs.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'ws', 'webextension-polyfill'] }],
      'no-restricted-globals': ['error', 'window', 'document', 'chrome', 'browser', 'process', 'navigator'],
    },
  },
);
