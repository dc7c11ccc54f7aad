import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findAccountProfile } from './accounts.queries.ts';

/** What a password must not be built on: the address and the person's names, whatever the role. */
export async function personalWordsOf(db: Kysely<Database>, userId: string): Promise<string[]> {
  const profile = await findAccountProfile(db, userId);
  if (!profile) return [];
  return [
    profile.email,
    profile.resident_first_name,
    profile.resident_last_name,
    profile.manager_first_name,
    profile.manager_last_name,
    profile.staff_display_name,
  ].filter((word): word is string => Boolean(word));
}
