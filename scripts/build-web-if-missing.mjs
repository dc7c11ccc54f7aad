// Builds the React app once, so that `npm start` on a fresh clone serves it; later starts skip it.
// Run `npm run build:web` to rebuild after changing web/. The build runs in a child process:
// Vite sets NODE_ENV=production in the process it builds in, which would make the portal
// started next in this one refuse the embedded default (no SMTP, demo data).
import { spawnSync } from 'node:child_process';
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
  const built = spawnSync('npm', ['run', '--silent', 'build:web', '--', '--logLevel', 'warn'], { cwd: repositoryRoot, stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`npm run build:web failed (exit code ${built.status ?? built.signal})`);
}
