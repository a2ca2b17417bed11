import { benchCore } from './core';
import { benchDevices } from './devices';
import { benchExtension } from './extension';
import { benchRelay } from './relay';

/** `npm run bench`: speed and resource figures (accuracy: npm run evaluate). */
console.log('# BrainBrowsR benchmarks');
console.log(`node ${process.version}, ${new Date().toISOString()}`);
const only = process.argv[2];
if (!only || only === 'core') benchCore();
if (!only || only === 'devices') benchDevices();
if (!only || only === 'relay') await benchRelay();
if (!only || only === 'extension') await benchExtension();
