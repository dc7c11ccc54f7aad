// `npm start`: builds the React app if it is missing, bundles the server into one JavaScript
// file when a source changed since the last bundle (esbuild, a fraction of a second), then runs
// it in this process. Starting the bundle skips compiling ~200 TypeScript files at every start;
// type-checking is `npm run typecheck` (CI). `npm run dev` runs the sources through tsx instead.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Beside server/main.ts, so that the paths the server takes from import.meta.url (../web/dist) hold.
const bundle = path.join(repositoryRoot, 'server/main.bundle.mjs');
const inputsFile = `${bundle}.inputs.json`;

await import('./build-web-if-missing.mjs');

/** True when the bundle is older than one of the files it was built from (or than package-lock.json). */
function isBundleStale() {
  if (!existsSync(bundle) || !existsSync(inputsFile)) return true;
  const builtAt = statSync(bundle).mtimeMs;
  const inputs = [...JSON.parse(readFileSync(inputsFile, 'utf8')), 'package-lock.json'];
  return inputs.some((input) => {
    const file = path.join(repositoryRoot, input);
    return !existsSync(file) || statSync(file).mtimeMs > builtAt;
  });
}

if (isBundleStale()) {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: repositoryRoot,
    entryPoints: ['server/main.ts'],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies stay in node_modules: only this repository's TypeScript is bundled.
    packages: 'external',
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
}

await import(pathToFileURL(bundle).href);
