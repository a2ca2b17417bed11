// The CLI from its TypeScript (`node --import tsx bench/cli-from-source.ts ...`): how bin/ ran it before the bundle.
import { run } from '../src/cli/entry';

await run();
