#!/usr/bin/env node
// Runs the CLI bundled in dist-node/. In a checkout, a bundle older than its sources is rebuilt first,
// so an edit takes effect on the next run without a TypeScript loader at run time.
import { ensureNodeBuild } from './ensure-build.mjs';

await ensureNodeBuild();
const { run } = await import('../dist-node/brainbrowsr.mjs');
await run();
