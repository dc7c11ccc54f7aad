import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_REFERENCE_DATE, portalEnvironment, repositoryRoot, tsxBin } from './repository.ts';
import { runCommand } from './run-command.ts';

const SEED_COMMAND = 'server/cli/db-seed.ts';
const CACHE_FOLDER = path.join(os.tmpdir(), 'portal-e2e-templates');
const COMPLETE_MARKER = '.seeded';
/** Seeded folders weigh a few hundred MB: keep only the most recently used. */
const CACHED_TEMPLATES_KEPT = 2;

const relativeImport = /(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g;

/** The seed command and every project file it imports, transitively, plus the seed folder's data files. */
async function seedSourceFiles(): Promise<string[]> {
  const seen = new Set<string>();
  const pending = [path.join(repositoryRoot, SEED_COMMAND)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = await readFile(file, 'utf8');
    for (const match of source.matchAll(relativeImport)) pending.push(path.resolve(path.dirname(file), match[1]!));
  }
  const seedFolder = path.join(repositoryRoot, 'server/demo');
  for (const entry of await readdir(seedFolder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) seen.add(path.join(entry.parentPath, entry.name));
  }
  return [...seen].sort();
}

/** Changes whenever anything that decides the seeded data changes: code, dependencies, reference date. */
async function seedInputsHash(): Promise<string> {
  const hash = createHash('sha256').update(DEMO_REFERENCE_DATE);
  for (const file of [...(await seedSourceFiles()), path.join(repositoryRoot, 'package-lock.json')]) {
    hash.update(path.relative(repositoryRoot, file)).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

async function pruneCache(keep: string): Promise<void> {
  const entries = await readdir(CACHE_FOLDER, { withFileTypes: true });
  const templates = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && !entry.name.includes('.partial-'))
      .map(async (entry) => ({ folder: path.join(CACHE_FOLDER, entry.name), usedAt: (await stat(path.join(CACHE_FOLDER, entry.name))).mtimeMs })),
  );
  const stale = templates
    .filter(({ folder }) => folder !== keep)
    .sort((a, b) => b.usedAt - a.usedAt)
    .slice(CACHED_TEMPLATES_KEPT - 1);
  await Promise.all(stale.map(({ folder }) => rm(folder, { recursive: true, force: true })));
}

/**
 * A data folder seeded with the demo portfolio by the project's own seed command. Seeding takes
 * minutes, so the folder is kept between runs under the system's temporary folder, keyed by a
 * hash of everything that decides its content; E2E_RESEED=true seeds it again regardless.
 */
export async function seededTemplate(): Promise<{ folder: string; seededNow: boolean }> {
  await mkdir(CACHE_FOLDER, { recursive: true });
  const folder = path.join(CACHE_FOLDER, await seedInputsHash());
  const isCached = existsSync(path.join(folder, COMPLETE_MARKER));
  if (isCached && process.env.E2E_RESEED !== 'true') {
    const now = new Date();
    await utimes(folder, now, now);
    return { folder, seededNow: false };
  }

  const partial = `${folder}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  try {
    await runCommand(tsxBin, [SEED_COMMAND], portalEnvironment(partial, { DEMO_DATA: 'true' }));
    await writeFile(path.join(partial, COMPLETE_MARKER), new Date().toISOString());
    // Another run may have finished the same template meanwhile and be using it: keep theirs.
    if (isCached || !existsSync(path.join(folder, COMPLETE_MARKER))) {
      await rm(folder, { recursive: true, force: true });
      await rename(partial, folder);
    }
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
  await pruneCache(folder);
  return { folder, seededNow: true };
}
