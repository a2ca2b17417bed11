#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader so `npx brainbrowsr` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/entry.ts');
await run();
