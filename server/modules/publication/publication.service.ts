import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { composePublicationNotice, PUBLICATION_NOTICE_TITLE } from './publication-notice.ts';
import {
  insertPublicationNotice,
  lockResidenceForPublication,
  residenceHasReadings,
  selectActivePortalAdministrators,
  setResidencePublishedAt,
} from './publication.queries.ts';

export interface PublicationResult {
  residenceId: string;
  publishedAt: Date;
  documentId: string;
  notifiedAdministrators: number;
}

/**
 * Puts a residence's data online: from then on its residents can sign up. Files the notice
 * « Votre portail Mes suivis de consommation est prêt » in « Mes documents » (seen by every
 * manager with access to the residence) and emails it to the client's portal administrators.
 */
export async function publishResidence(context: AppContext, residenceId: string): Promise<PublicationResult> {
  const { db, clock, config, mailer } = context;
  const publication = await db.transaction().execute(async (trx) => {
    const residence = await lockResidenceForPublication(trx, residenceId);
    if (!residence) throw new AppError('residence_not_found');
    if (residence.published_at) throw new AppError('residence_already_published', { publishedAt: residence.published_at.toISOString() });
    if (!(await residenceHasReadings(trx, residenceId))) throw new AppError('residence_has_no_data');

    const publishedAt = clock.now();
    await setResidencePublishedAt(trx, residenceId, publishedAt);
    const notice = composePublicationNotice(residence, config.publicUrl);
    const documentId = await insertPublicationNotice(trx, {
      clientId: residence.client_id,
      residenceId,
      title: notice.title,
      text: notice.document.text,
      html: notice.document.html,
      createdAt: publishedAt,
    });
    return { residence, publishedAt, documentId, notice };
  });

  // After the commit: the outbox's message key makes a retried publication send nothing twice.
  const administrators = await selectActivePortalAdministrators(db, publication.residence.client_id);
  for (const administrator of administrators) {
    await mailer.send({
      messageKey: `publication-notice:${residenceId}:${administrator.userId}`,
      to: administrator.email,
      subject: PUBLICATION_NOTICE_TITLE,
      text: publication.notice.email.text,
      html: publication.notice.email.html,
      residenceId,
    });
  }
  return {
    residenceId,
    publishedAt: publication.publishedAt,
    documentId: publication.documentId,
    notifiedAdministrators: administrators.length,
  };
}

/** Whether the residence has any reading yet: publishing is refused until it has. */
export function hasReadingsFor(db: Kysely<Database>, residenceId: string): Promise<boolean> {
  return residenceHasReadings(db, residenceId);
}
