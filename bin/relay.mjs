#!/usr/bin/env node
// `npm run relay`: the TypeScript relay through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../relay/entry.ts');
