#!/usr/bin/env node
// Bundles the CLI and the relay to JavaScript in dist-node/, so that running them needs no TypeScript loader.
//   node scripts/build-node.mjs             build
//   node scripts/build-node.mjs --if-stale  build only when a source is newer than the bundle (npm start, vitest)
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
export const OUT = join(ROOT, 'dist-node');
const ENTRIES = { brainbrowsr: 'src/cli/entry.ts', relay: 'relay/entry.ts' };
/** What the last build read, to tell whether it is stale. */
const META = join(OUT, 'inputs.json');

/** Whether the bundle is missing, or older than one of the files it was built from (or than this script). */
export function nodeBuildStale() {
  if (!existsSync(META)) return true;
  let built;
  try {
    built = statSync(META).mtimeMs;
    const inputs = JSON.parse(readFileSync(META, 'utf8'));
    for (const name of Object.keys(ENTRIES)) if (!existsSync(join(OUT, `${name}.mjs`))) return true;
    return [...inputs, 'scripts/build-node.mjs'].some((f) => {
      const p = join(ROOT, f);
      // A deleted input means an import changed: the importing file is newer too, but be sure.
      return !existsSync(p) || statSync(p).mtimeMs > built;
    });
  } catch {
    return true;
  }
}

export async function buildNode() {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies stay in node_modules: only this project's TypeScript is bundled.
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(OUT, { recursive: true });
  // Written beside and renamed: a CLI started meanwhile (or another build) never reads half a file.
  const put = (path, contents) => {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, contents);
    renameSync(tmp, path);
  };
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    put(file.path, file.contents);
  }
  // Last: until it is written, the bundle counts as stale.
  put(META, JSON.stringify(Object.keys(result.metafile.inputs)));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  if (!process.argv.includes('--if-stale') || nodeBuildStale()) await buildNode();
}
