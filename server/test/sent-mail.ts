import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { openContent } from '../notifications/secret-content.ts';
import { testConfig } from './test-config.ts';

/**
 * The last code mailed to an address, as its reader gets it: the outbox shows it masked, so
 * this opens the sealed content with the test app's SESSION_SECRET (which staff do not hold), or
 * with `secrets` when the sending node had others (a rotation). `kind`: the message key's prefix.
 */
export async function lastCodeSentTo(
  db: Kysely<Database>,
  email: string,
  { kind = 'signup-code', secrets = testConfig().acceptedSessionSecrets }: { kind?: string; secrets?: readonly string[] } = {},
): Promise<string> {
  const message = await db
    .selectFrom('outbox_messages')
    .select('sealed_content')
    .where('recipient', '=', email)
    .where('message_key', 'like', `${kind}:%`)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  if (!message.sealed_content) throw new Error('The email no longer holds its code');
  const code = /^\s*(\d{6})\s*$/m.exec(openContent(secrets, message.sealed_content).text)?.[1];
  if (!code) throw new Error('No code in the email');
  return code;
}

export async function emailsSentTo(db: Kysely<Database>, email: string) {
  return db.selectFrom('outbox_messages').select(['message_key', 'subject', 'body_text']).where('recipient', '=', email).orderBy('created_at').execute();
}
