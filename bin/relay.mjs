#!/usr/bin/env node
// `npm run relay`: the relay bundled in dist-node/ (rebuilt first in a checkout whose sources are newer).
import { ensureNodeBuild } from './ensure-build.mjs';

await ensureNodeBuild();
await import('../dist-node/relay.mjs');
