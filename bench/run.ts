/**
 * `npm run bench [core|devices|files|relay|browsing|startup|extension]`: speed and resource figures
 * (accuracy: npm run evaluate). Sections load their modules only when run,
 * so one section's imports (Chromium driver, bundler) do not weigh on another.
 */
console.log('# BrainBrowsR benchmarks');
console.log(`node ${process.version}, ${new Date().toISOString()}`);
const only = process.argv[2];
if (!only || only === 'core') (await import('./core')).benchCore();
if (!only || only === 'devices') (await import('./devices')).benchDevices();
if (!only || only === 'files') (await import('./files')).benchFiles();
if (!only || only === 'relay') await (await import('./relay')).benchRelay();
if (!only || only === 'browsing') {
  const { benchBrowsing, benchSpeller } = await import('./browsing');
  benchBrowsing();
  await benchSpeller();
}
if (!only || only === 'startup') (await import('./startup')).benchStartup();
if (!only || only === 'extension') await (await import('./extension')).benchExtension();
export {};
