/**
 * Forgot-password timing: does the answer say whether the address has an account? 40 pairs
 * of requests over real HTTP to a running app instance on PostgreSQL with real SMTP (an
 * in-process server): one known address (each a new account, so each really gets a code) and
 * one unknown, in alternating order. The figure is the median gap, known minus unknown.
 * `npm run bench -- forgot-password`.
 */
import { createAppContext } from '../server/modules.ts';
import { buildApp } from '../server/app.ts';
import { systemClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { settlePasswordResetRequests } from '../server/modules/accounts/password-reset.service.ts';
import { buildResident } from '../server/test/factories.ts';
import { startSmtpTestServer } from '../server/test/smtp-test-server.ts';
import { benchDatabaseUrl, reportFigure } from './support/bench-output.ts';

const BENCH = 'forgot-password';
const PAIRS = Number(process.env.BENCH_FORGOT_PAIRS ?? 40);

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const smtp = await startSmtpTestServer();
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: benchDatabaseUrl(), SMTP_URL: smtp.url, PUBLIC_URL: 'http://portal.bench', DEMO_DATA: 'false', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0' });
const database = await openDatabase({ kind: 'postgres', url: benchDatabaseUrl() });
const context = createAppContext({ config, database, clock: systemClock }, { maintenance: false });
const app = await buildApp(context, { logger: false });
const base = await app.listen({ port: 0, host: '127.0.0.1' });

const ask = async (email: string): Promise<number> => {
  const startedAt = performance.now();
  const response = await fetch(`${base}/api/auth/password-reset/request`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ space: 'resident', email }) });
  await response.arrayBuffer();
  const elapsed = performance.now() - startedAt;
  if (response.status !== 202) throw new Error(`answered ${response.status}`);
  // Lets the background work end between pairs, so it never weighs on the next request.
  await settlePasswordResetRequests();
  return elapsed;
};

try {
  const known = await Promise.all(Array.from({ length: PAIRS + 5 }, () => buildResident(database.db).then(({ user }) => user.email)));
  for (let warmUp = 0; warmUp < 5; warmUp += 1) {
    await ask(known.pop()!);
    await ask(`warm-up-${warmUp}@example.test`);
  }
  const gaps: number[] = [];
  const times = { known: [] as number[], unknown: [] as number[] };
  for (let pair = 0; pair < PAIRS; pair += 1) {
    const knownEmail = known[pair]!;
    const unknownEmail = `nobody-${pair}@example.test`;
    let knownMs: number;
    let unknownMs: number;
    if (pair % 2 === 0) {
      knownMs = await ask(knownEmail);
      unknownMs = await ask(unknownEmail);
    } else {
      unknownMs = await ask(unknownEmail);
      knownMs = await ask(knownEmail);
    }
    times.known.push(knownMs);
    times.unknown.push(unknownMs);
    gaps.push(knownMs - unknownMs);
  }
  console.log(`forgot-password over ${PAIRS} pairs: median known ${median(times.known).toFixed(2)} ms, unknown ${median(times.unknown).toFixed(2)} ms`);
  reportFigure({ bench: BENCH, name: 'median gap, known minus unknown address', value: Math.abs(median(gaps)), unit: 'ms', target: { comparison: '<=', value: 1 } });
  console.log(`  emails delivered: ${smtp.received.length}`);
} finally {
  await app.close();
  context.mailer.close();
  await context.jobs.stop();
  await database.close();
  await smtp.close();
}
