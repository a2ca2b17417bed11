import { existsSync } from 'node:fs';

const BUILDER = new URL('../scripts/build-node.mjs', import.meta.url);

/** Rebuilds dist-node/ when it is missing or older than its sources; an installed copy without sources runs as it is. */
export async function ensureNodeBuild() {
  if (!existsSync(BUILDER)) return;
  const { buildNode, nodeBuildStale } = await import(BUILDER.href);
  if (nodeBuildStale()) await buildNode();
}
