/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process, each on a scratch database
 * it creates on the real PostgreSQL (BENCH_DATABASE_URL, default the local server) and drops
 * afterwards, then prints every figure and whether its target is met. `npm run bench -- NAME`
 * runs the benches whose file name contains NAME. `npm run bench:scale` (`--scale`) runs the
 * scale benches, bench/*.scale.ts, the same way: they build databases of tens of gigabytes, so
 * they are never part of the default list.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { runOnServer, withDatabaseName } from '../server/test/global-setup.ts';
import { formatNumber, meetsTarget, type BenchFigure } from './support/bench-output.ts';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const suffix = args.includes('--scale') ? '.scale.ts' : '.bench.ts';
const filter = args.find((arg) => !arg.startsWith('--')) ?? '';
const files = readdirSync(benchDir).filter((file) => file.endsWith(suffix) && file.includes(filter)).sort();

function runFile(file: string, scratchUrl: string): Promise<{ code: number; figures: BenchFigure[] }> {
  return new Promise((resolve) => {
    const figures: BenchFigure[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, file)], {
      env: { ...process.env, BENCH_SCRATCH_URL: scratchUrl, NODE_ENV: 'production', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('BENCH-RESULT ')) figures.push(JSON.parse(line.slice('BENCH-RESULT '.length)) as BenchFigure);
        else console.log(line);
      }
    });
    child.on('close', (code) => resolve({ code: code ?? 1, figures }));
  });
}

const startedAt = performance.now();
const allFigures: BenchFigure[] = [];
let failures = 0;
for (const file of files) {
  const scratchName = `bench_${path.basename(file, suffix).replace(/\W/g, '_')}_${process.pid}`;
  const scratchUrl = withDatabaseName(serverUrl, scratchName);
  console.log(`\n▶ ${file}`);
  await runOnServer(serverUrl, `create database ${scratchName}`);
  try {
    const database = await openDatabase({ kind: 'postgres', url: scratchUrl });
    await migrateToLatest(database.db);
    await database.close();
    const fileStarted = performance.now();
    const { code, figures } = await runFile(file, scratchUrl);
    allFigures.push(...figures);
    if (code !== 0) failures += 1;
    console.log(`  (${file}: ${code === 0 ? 'done' : `failed, exit ${code}`} in ${((performance.now() - fileStarted) / 1000).toFixed(0)} s)`);
  } finally {
    await runOnServer(serverUrl, `drop database if exists ${scratchName} with (force)`);
  }
}

console.log(`\nSummary (${((performance.now() - startedAt) / 1000).toFixed(0)} s, one run):`);
for (const figure of allFigures) {
  const target = figure.target ? `  target ${figure.target.comparison} ${figure.target.value}: ${meetsTarget(figure) ? 'met' : 'NOT MET'}` : '';
  console.log(`  [${figure.bench}] ${figure.name}: ${formatNumber(figure.value)} ${figure.unit}${target}`);
}
const missed = allFigures.filter((figure) => !meetsTarget(figure)).length;
if (failures > 0 || missed > 0) console.log(`\n${failures} bench file(s) failed, ${missed} target(s) not met.`);
process.exit(failures > 0 ? 1 : 0);
