import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { resealStoredSecrets } from '../modules/accounts/secret-reseal.ts';

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
  if (secondFactors.unreadable + outboxMessages.unreadable > 0) {
    console.error('Some values open under no accepted secret: keep SESSION_SECRET_PREVIOUS set to the secret that sealed them and run this again.');
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
