import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * « Mes documents »: what the operator sends a client's managers. A document about a
 * residence is seen by every manager user with access to that residence; one without a
 * residence by every manager of the client.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `create table manager_documents (
      id uuid primary key default gen_random_uuid(),
      client_id uuid not null references clients(id),
      residence_id uuid references residences(id),
      kind text not null check (kind in ('publication_notice', 'operator_document')),
      title text not null check (length(title) between 1 and 200),
      body_text text not null,
      body_html text not null,
      created_at timestamptz not null
    )`,
    `create index manager_documents_client_idx on manager_documents (client_id, created_at desc)`,
    `create index manager_documents_residence_idx on manager_documents (residence_id, created_at desc)`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore from a backup instead of rolling back.');
}
