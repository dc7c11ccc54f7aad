import type { Kysely } from 'kysely';
import { systemClock } from '../clock.ts';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { revokeApiTokensUnderDroppedSecrets } from '../modules/accounts/api-tokens.service.ts';
import { countStillUnderOtherSecrets, resealStoredSecrets } from '../modules/accounts/secret-reseal.ts';

/**
 * `npm run secrets -- reseal`: run once every node signs with the new SESSION_SECRET (phase 2);
 * `npm run secrets -- revoke-unreachable-api-tokens`: run once SESSION_SECRET_PREVIOUS is dropped
 * from every node (phase 3). README, "Rotating SESSION_SECRET".
 */
const [command] = process.argv.slice(2);
if (command !== 'reseal' && command !== 'revoke-unreachable-api-tokens') {
  console.error('Usage: npm run secrets -- reseal | revoke-unreachable-api-tokens');
  process.exit(2);
}

async function reseal(db: Kysely<Database>, config: Config): Promise<void> {
  const { secondFactors, outboxMessages } = await resealStoredSecrets(db, config);
  console.log(`Staff second factors: ${secondFactors.resealed} resealed, ${secondFactors.unreadable} unreadable.`);
  console.log(`Outbox messages with sealed content: ${outboxMessages.resealed} resealed, ${outboxMessages.unreadable} unreadable.`);
  const remaining = await countStillUnderOtherSecrets(db, config, new Date());
  console.log('Still keyed by a secret other than SESSION_SECRET (or an unknown one), live rows only:');
  console.log(`  staff recovery codes: ${remaining.recoveryCodes} (their holders issue a fresh set: « Mes codes de secours »)`);
  console.log(`  gateway tokens: ${remaining.gatewayTokens} (re-keyed at their next use)`);
  console.log(`  password reset codes: ${remaining.resetCodes} (expire within 10 minutes)`);
  console.log(`  sessions: ${remaining.sessions} (end within 24 hours)`);
  console.log(
    `  residents' personal access tokens: ${remaining.apiTokens} (re-keyed at their next use; any still counted here stop working in phase 3 and are then revoked by « npm run secrets -- revoke-unreachable-api-tokens »)`,
  );
  console.log('Dropping SESSION_SECRET_PREVIOUS (phase 3) is safe once these are 0, or once their loss is accepted.');
  if (secondFactors.unreadable + outboxMessages.unreadable > 0) {
    console.error('Some values open under no accepted secret: keep SESSION_SECRET_PREVIOUS set to the secret that sealed them and run this again.');
    process.exitCode = 1;
  }
}

async function revokeUnreachableApiTokens(db: Kysely<Database>, config: Config): Promise<void> {
  const revoked = await revokeApiTokensUnderDroppedSecrets({ config, db, clock: systemClock });
  console.log(`Residents' personal access tokens keyed by a secret no longer accepted, now revoked: ${revoked}.`);
  if (revoked > 0) console.log('Their holders see them revoked in « Mes données » (reason secret_rotation) and create new ones.');
}

const config = loadConfig();
const database = await openDatabase(config.database);
try {
  await (command === 'reseal' ? reseal : revokeUnreachableApiTokens)(database.db, config);
} finally {
  await database.close();
}
