import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { countStillUnderOtherSecrets, resealStoredSecrets } from '../modules/accounts/secret-reseal.ts';

/** `npm run secrets -- reseal`: run once every node signs with the new SESSION_SECRET (README, "Rotating SESSION_SECRET"). */
const [command] = process.argv.slice(2);
if (command !== 'reseal') {
  console.error('Usage: npm run secrets -- reseal');
  process.exit(2);
}

const config = loadConfig();
const database = await openDatabase(config.database);
try {
  const { secondFactors, outboxMessages } = await resealStoredSecrets(database.db, config);
  console.log(`Staff second factors: ${secondFactors.resealed} resealed, ${secondFactors.unreadable} unreadable.`);
  console.log(`Outbox messages with sealed content: ${outboxMessages.resealed} resealed, ${outboxMessages.unreadable} unreadable.`);
  const remaining = await countStillUnderOtherSecrets(database.db, config, new Date());
  console.log('Still keyed by a secret other than SESSION_SECRET (or an unknown one), live rows only:');
  console.log(`  staff recovery codes: ${remaining.recoveryCodes} (their holders issue a fresh set: « Mes codes de secours »)`);
  console.log(`  gateway tokens: ${remaining.gatewayTokens} (re-keyed at their next use)`);
  console.log(`  password reset codes: ${remaining.resetCodes} (expire within 10 minutes)`);
  console.log(`  sessions: ${remaining.sessions} (end within 24 hours)`);
  console.log('Dropping SESSION_SECRET_PREVIOUS (phase 3) is safe once these are 0, or once their loss is accepted.');
  if (secondFactors.unreadable + outboxMessages.unreadable > 0) {
    console.error('Some values open under no accepted secret: keep SESSION_SECRET_PREVIOUS set to the secret that sealed them and run this again.');
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
