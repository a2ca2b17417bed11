/** True only in test builds (`vite build --mode test`, into dist-test/): hooks for browser tests and benchmarks. */
declare const __TEST_HOOKS__: boolean;
