/**
 * Accounts figures for the docs: argon2id cost, and whether a login failure's timing tells
 * its cause. `npx tsx bench/accounts.bench.ts [rounds]` on an in-memory PGlite database.
 */
import { createAppContext } from '../server/modules.ts';
import argon2 from 'argon2';
import { buildApp } from '../server/app.ts';
import { systemClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { updatePasswordHash } from '../server/modules/accounts/accounts.queries.ts';
import { accountThrottleKey, forgetFailures, throttleSchedules } from '../server/modules/accounts/login-throttle.ts';
import { hashPassword, PASSWORD_HASH_PARAMETERS } from '../server/modules/accounts/password-hashing.ts';
import { buildResident } from '../server/test/factories.ts';

const rounds = Number(process.argv[2] ?? 30);
const PASSWORD = 'Releve-Compteur-2026';

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const startedAt = performance.now();
  await action();
  return performance.now() - startedAt;
}

async function benchArgon2(): Promise<void> {
  const hashTimes: number[] = [];
  const verifyTimes: number[] = [];
  let hash = '';
  for (let round = 0; round < rounds; round += 1) {
    hashTimes.push(await timed(async () => (hash = await hashPassword(PASSWORD))));
    verifyTimes.push(await timed(() => argon2.verify(hash, PASSWORD)));
  }
  const { memoryCost, timeCost, parallelism } = PASSWORD_HASH_PARAMETERS;
  console.log(`argon2id m=${memoryCost} KiB t=${timeCost} p=${parallelism}: median hash ${median(hashTimes).toFixed(1)} ms, median verify ${median(verifyTimes).toFixed(1)} ms (${rounds} rounds)`);
}

async function benchLoginFailures(): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://portal.test', DEMO_DATA: 'false' });
  const database = await openDatabase({ kind: 'pglite-memory' });
  await migrateToLatest(database.db);
  const context = createAppContext({ config, database, clock: systemClock });
  const app = await buildApp(context, { logger: false });
  const passwordHash = await hashPassword(PASSWORD);
  const known = (await buildResident(database.db)).user;
  const locked = (await buildResident(database.db)).user;
  await updatePasswordHash(database.db, known.id, passwordHash);
  await updatePasswordHash(database.db, locked.id, passwordHash);

  let addressCounter = 0;
  const attempt = (email: string, password: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      // A new address each time: the address throttle is not what is measured here.
      remoteAddress: `10.${Math.floor(addressCounter / 250) % 250}.${(addressCounter += 1) % 250}.1`,
      payload: { space: 'resident', email, password },
    });
  for (let failure = 0; failure < throttleSchedules.account.failuresBeforeLock; failure += 1) await attempt(locked.email, 'Mauvais-Mot-2026');
  await attempt('warm-up@example.test', PASSWORD);

  const times = { unknownEmail: [] as number[], wrongPassword: [] as number[], locked: [] as number[] };
  for (let round = 0; round < rounds; round += 1) {
    times.unknownEmail.push(await timed(() => attempt(`nobody${round}@example.test`, PASSWORD)));
    times.wrongPassword.push(await timed(() => attempt(known.email, 'Mauvais-Mot-2026')));
    // Keeps the known account below its lockout, so that each try is a plain wrong password.
    await forgetFailures(context, accountThrottleKey('resident', known.email));
    times.locked.push(await timed(() => attempt(locked.email, PASSWORD)));
  }
  const medians = Object.fromEntries(Object.entries(times).map(([cause, values]) => [cause, median(values)]));
  const spread = Math.max(...Object.values(medians)) - Math.min(...Object.values(medians));
  console.log(
    `login failure, median of ${rounds}: ${Object.entries(medians)
      .map(([cause, value]) => `${cause} ${value.toFixed(1)} ms`)
      .join(', ')}; largest difference ${spread.toFixed(1)} ms`,
  );
  await app.close();
  context.mailer.close();
  await database.close();
}

await benchArgon2();
await benchLoginFailures();
