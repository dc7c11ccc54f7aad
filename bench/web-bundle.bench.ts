/**
 * The JavaScript a resident's browser loads for « Mes suivis de consommation » (issue 6:
 * ≤ 200 KB gzipped): the app's entry chunk, the lazily loaded resident-space and login chunks
 * and every chunk they import (statically, or on demand from the resident space's own pages),
 * read from a fresh production build's Vite manifest. The build goes to a temporary folder so that web/dist is left alone. Each chunk
 * is gzipped at zlib's default level, as a server would send it; the landing page's own
 * figure (entry only) is reported beside it for scale. No database is used.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Manifest } from 'vite';
import { reportFigure } from './support/bench-output.ts';

const BENCH = 'web-bundle';
const TARGET_KB = 200;
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = 'index.html';
const RESIDENT_SPACE = 'src/features/residents/resident-space.tsx';
/** /connexion, where a resident logs in. */
const LOGIN = 'src/features/accounts/login-routes.tsx';

/**
 * The manifest keys of `start` and of every chunk it reaches through its static imports, and
 * through the dynamic imports of chunks under `followDynamicUnder` (the resident space's own
 * lazily loaded pages; a shared chunk's dynamic imports lead to the other spaces).
 */
function reachableChunks(manifest: Manifest, start: string, options: { followDynamicUnder: string | null }): Set<string> {
  const seen = new Set<string>();
  const pending = [start];
  while (pending.length > 0) {
    const key = pending.pop()!;
    if (seen.has(key)) continue;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The Vite manifest has no chunk ${key}`);
    seen.add(key);
    pending.push(...(chunk.imports ?? []));
    if (options.followDynamicUnder && key.startsWith(options.followDynamicUnder)) pending.push(...(chunk.dynamicImports ?? []));
  }
  return seen;
}

async function gzippedKilobytes(outDir: string, manifest: Manifest, keys: Iterable<string>): Promise<number> {
  let bytes = 0;
  for (const key of keys) {
    const file = manifest[key]!.file;
    if (!file.endsWith('.js')) continue;
    bytes += gzipSync(await readFile(path.join(outDir, file))).length;
  }
  return bytes / 1024;
}

const outDir = await mkdtemp(path.join(os.tmpdir(), 'web-bundle-bench-'));
try {
  await build({
    configFile: path.join(repositoryRoot, 'web/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: true },
  });
  const manifest = JSON.parse(await readFile(path.join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
  if (!manifest[RESIDENT_SPACE]?.isDynamicEntry) throw new Error(`${RESIDENT_SPACE} is no longer a lazily loaded chunk`);

  // The entry's static imports only: the other spaces are dynamic imports of the entry and never load on a resident's page.
  const entry = reachableChunks(manifest, ENTRY, { followDynamicUnder: null });
  const residentRoutes = new Set([
    ...entry,
    ...reachableChunks(manifest, RESIDENT_SPACE, { followDynamicUnder: 'src/features/residents/' }),
    ...reachableChunks(manifest, LOGIN, { followDynamicUnder: null }),
  ]);
  console.log(`  resident routes load ${residentRoutes.size} chunks: ${[...residentRoutes].map((key) => manifest[key]!.file).join(', ')}`);

  reportFigure({ bench: BENCH, name: 'landing page JavaScript, gzipped', value: await gzippedKilobytes(outDir, manifest, entry), unit: 'KB' });
  reportFigure({
    bench: BENCH,
    name: 'resident routes JavaScript (entry, login, resident space and their imports), gzipped',
    value: await gzippedKilobytes(outDir, manifest, residentRoutes),
    unit: 'KB',
    target: { comparison: '<=', value: TARGET_KB },
  });
} finally {
  await rm(outDir, { recursive: true, force: true });
}
