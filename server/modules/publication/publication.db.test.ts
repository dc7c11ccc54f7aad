import { describe, expect, it, vi } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { buildClient, buildDevice, buildManager, buildResidence } from '../../test/factories.ts';
import { signInAs } from '../../test/login-as.ts';
import { TEST_NOW, useTestAppWithSmtp } from '../../test/test-app.ts';
import { selectDocumentsVisibleToManager } from '../managers/manager-documents.queries.ts';
import { publishResidence } from './publication.service.ts';
import { insertReadings } from '../../test/readings.ts';

async function buildUnpublishedResidenceWithData(db: Kysely<Database>, clientId: string, name: string | null = null) {
  const residence = await buildResidence(db, { client_id: clientId, published_at: null, name });
  const device = await buildDevice(db, { residence_id: residence.id });
  await insertReadings(db, { residence_id: residence.id, device_id: device.id, read_at: '2026-03-15T06:00:00Z', index_value: '12.345', source: 'csv' });
  return residence;
}

describe('publishing a residence', () => {
  const harness = useTestAppWithSmtp();

  it('puts the data online, emails the portal administrators and files the notice for exactly the managers with access', async () => {
    const { db } = harness().context;
    const client = await buildClient(db);
    const residence = await buildUnpublishedResidenceWithData(db, client.id);
    const otherResidence = await buildResidence(db, { client_id: client.id });
    const administrator = await buildManager(db, { client_id: client.id, is_portal_admin: true, sees_all_residences: true, email: 'admin@syndic.test' });
    const withAccess = await buildManager(db, { client_id: client.id, residence_ids: [residence.id] });
    const withoutAccess = await buildManager(db, { client_id: client.id, residence_ids: [otherResidence.id] });
    const otherClientAdministrator = await buildManager(db, { is_portal_admin: true, sees_all_residences: true, email: 'admin@other.test' });

    const result = await publishResidence(harness().context, residence.id);

    expect(result.publishedAt.toISOString()).toBe(TEST_NOW);
    expect(result.notifiedAdministrators).toBe(1);
    const stored = await db.selectFrom('residences').select('published_at').where('id', '=', residence.id).executeTakeFirstOrThrow();
    expect(stored.published_at?.toISOString()).toBe(TEST_NOW);

    const email = await harness().smtp.waitForEmail('admin@syndic.test', { includeEarlier: true });
    expect(email.subject).toBe('Votre portail Mes suivis de consommation est prêt');
    expect(email.text).toContain(residence.building_code);
    expect(email.text).toContain('portal.test/inscription');
    expect(harness().smtp.received.some((received) => received.to.includes('admin@other.test'))).toBe(false);

    const titlesSeenBy = async (manager: { user: { id: string }; membership: { client_id: string; sees_all_residences: boolean } }) =>
      (await selectDocumentsVisibleToManager(db, { userId: manager.user.id, clientId: manager.membership.client_id, seesAllResidences: manager.membership.sees_all_residences })).filter((document) => document.residence_id === residence.id).map((document) => document.title);
    expect(await titlesSeenBy(administrator)).toEqual(['Votre portail Mes suivis de consommation est prêt']);
    expect(await titlesSeenBy(withAccess)).toEqual(['Votre portail Mes suivis de consommation est prêt']);
    expect(await titlesSeenBy(withoutAccess)).toEqual([]);
    expect(await titlesSeenBy(otherClientAdministrator)).toEqual([]);
  });

  it('names a residence once, by its address when it has no name, and tells only administrators why they received the email', async () => {
    const testApp = harness();
    const { db } = testApp.context;
    const client = await buildClient(db);
    const tamaris = await buildUnpublishedResidenceWithData(db, client.id, 'Résidence Les Tamaris');
    const unnamed = await buildUnpublishedResidenceWithData(db, client.id);
    await buildManager(db, { client_id: client.id, is_portal_admin: true, sees_all_residences: true, email: 'admin@tamaris.test' });
    const manager = await buildManager(db, { client_id: client.id, residence_ids: [tamaris.id, unnamed.id] });

    const published = [await publishResidence(testApp.context, tamaris.id), await publishResidence(testApp.context, unnamed.id)];

    const emailedTexts = () => testApp.smtp.received.filter((email) => email.to.includes('admin@tamaris.test')).map((email) => email.text);
    await vi.waitFor(() => expect(emailedTexts()).toHaveLength(2), { timeout: 10_000 });
    const emailed = emailedTexts();
    expect(emailed.join('\n')).toContain(`Les index et consommations de la Résidence Les Tamaris (code immeuble ${tamaris.building_code}), 12 RUE DES TESTS, 75011 PARIS sont publiés en ligne.`);
    expect(emailed.join('\n')).toContain(`Les index et consommations de la résidence située 12 RUE DES TESTS, 75011 PARIS (code immeuble ${unnamed.building_code}) sont publiés en ligne.`);
    expect(emailed.join('\n')).toContain('en tant qu’administrateur');

    const session = await signInAs(testApp, manager.user);
    for (const { documentId } of published) {
      const document = (await testApp.app.inject({ method: 'GET', url: `/api/manager/documents/${documentId}`, headers: session })).json<{ text: string; html: string }>();
      expect(document.text).not.toMatch(/résidence (Résidence|Immeuble)/i);
      expect(document.text).not.toContain('administrateur');
      expect(document.text).toContain('Ce document est mis à disposition de chaque gestionnaire ayant accès à cette résidence');
    }
  });

  it('refuses a residence without any reading, and leaves it unpublished', async () => {
    const { db } = harness().context;
    const residence = await buildResidence(db, { published_at: null });
    await expect(publishResidence(harness().context, residence.id)).rejects.toMatchObject({ code: 'residence_has_no_data' });
    const stored = await db.selectFrom('residences').select('published_at').where('id', '=', residence.id).executeTakeFirstOrThrow();
    expect(stored.published_at).toBeNull();
  });

  it('refuses to publish twice, and files no second notice', async () => {
    const { db } = harness().context;
    const client = await buildClient(db);
    const residence = await buildUnpublishedResidenceWithData(db, client.id);
    await publishResidence(harness().context, residence.id);
    await expect(publishResidence(harness().context, residence.id)).rejects.toMatchObject({ code: 'residence_already_published' });
    const notices = await db.selectFrom('manager_documents').select('id').where('residence_id', '=', residence.id).execute();
    expect(notices).toHaveLength(1);
  });

  it('refuses an unknown residence', async () => {
    await expect(publishResidence(harness().context, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'residence_not_found' });
  });
});
