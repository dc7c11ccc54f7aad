// Builds the React app once, so that `npm start` on a fresh clone serves it; later starts skip it.
// Run `npm run build:web` to rebuild after changing web/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { stdout } from 'node:process';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(repositoryRoot, 'web/dist/index.html');

if (existsSync(builtIndex)) {
  stdout.write('web/dist is already built (npm run build:web rebuilds it).\n');
} else {
  stdout.write('Building the web app into web/dist…\n');
  const { build } = await import('vite');
  await build({ configFile: path.join(repositoryRoot, 'web/vite.config.ts'), logLevel: 'warn' });
}
