import { benchCore } from './core';

/** `npm run bench`: speed and resource figures (accuracy: npm run evaluate). */
console.log('# BrainBrowsR benchmarks');
console.log(`node ${process.version}, ${new Date().toISOString()}`);
benchCore();
