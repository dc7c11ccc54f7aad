import { beforeAll, describe, expect, it } from 'vitest';
import { buildClient, buildDevice, buildDwelling, buildManager, buildResidence, buildResident, buildStaff } from '../../test/factories.ts';
import { signInAs, type SessionHeaders } from '../../test/login-as.ts';
import { readPdf, readQrCodes } from '../../test/pdf-reader.ts';
import { useTestApp } from '../../test/test-app.ts';

describe('manager space routes', () => {
  const harness = useTestApp();
  let admin: SessionHeaders;
  let restricted: SessionHeaders;
  let stranger: SessionHeaders;
  let ids: { seen: string; unseen: string; otherClient: string; documentSeen: string; documentUnseen: string; consentingDwelling: string };

  beforeAll(async () => {
    const testApp = harness();
    const { db } = testApp.context;
    const client = await buildClient(db, { name: 'Syndic du Cap' });
    const seen = await buildResidence(db, { client_id: client.id, name: 'Les Mouettes', street: 'RUE DE LA GARNISON BATIMENT D', postal_code: '34300', city: 'LE CAP D AGDE' });
    const unseen = await buildResidence(db, { client_id: client.id, name: 'Le Phare' });
    const otherClient = await buildResidence(db, { name: 'Ailleurs' });
    for (let index = 0; index < 30; index += 1) await buildResidence(db, { client_id: client.id, name: `Résidence ${index}` });

    const consenting = await buildResident(db, { dwelling_id: (await buildDwelling(db, { residence_id: seen.id })).id, profile: { manager_may_see_daily: true } });
    await buildResident(db, { dwelling_id: (await buildDwelling(db, { residence_id: seen.id })).id, profile: { manager_may_see_daily: false } });
    const itronDwelling = await buildDwelling(db, { residence_id: seen.id });
    await buildDevice(db, { dwelling_id: itronDwelling.id, serial_number: '18IT123456', manufacturer: 'ITRON' });
    await buildDwelling(db, { residence_id: seen.id });

    const adminUser = await buildManager(db, { client_id: client.id, is_portal_admin: true, sees_all_residences: true });
    const restrictedUser = await buildManager(db, { client_id: client.id, residence_ids: [seen.id] });
    const strangerUser = await buildManager(db, { residence_ids: [otherClient.id], client_id: otherClient.client_id });
    admin = await signInAs(testApp, adminUser.user);
    restricted = await signInAs(testApp, restrictedUser.user);
    stranger = await signInAs(testApp, strangerUser.user);

    const document = (residenceId: string) =>
      db
        .insertInto('manager_documents')
        .values({ client_id: client.id, residence_id: residenceId, kind: 'publication_notice', title: 'Votre portail Mes suivis de consommation est prêt', body_text: 'Mes suivis de consommation\n\nVotre portail Mes suivis de consommation est prêt\n\nLes index sont publiés.\n\n--\nPour les gestionnaires.', body_html: '<p>prêt</p>', created_at: '2026-03-01T10:00:00Z' })
        .returning('id')
        .executeTakeFirstOrThrow();
    ids = {
      seen: seen.id,
      unseen: unseen.id,
      otherClient: otherClient.id,
      documentSeen: (await document(seen.id)).id,
      documentUnseen: (await document(unseen.id)).id,
      consentingDwelling: consenting.dwelling.id,
    };
  });

  const get = (url: string, headers?: SessionHeaders) => harness().app.inject({ method: 'GET', url, ...(headers ? { headers } : {}) });

  it('lists only the residences a manager has access to, with dwelling and account counts', async () => {
    const response = await get('/api/manager/residences', restricted);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      page: 1,
      pageSize: 25,
      total: 1,
      residences: [
        expect.objectContaining({ id: ids.seen, name: 'Les Mouettes', dwellingCount: 4, accountCount: 2, accountShare: 0.5, address: { street: 'RUE DE LA GARNISON BATIMENT D', postalCode: '34300', city: 'LE CAP D AGDE' } }),
      ],
    });
  });

  it('searches and paginates the whole portfolio of an administrator', async () => {
    const all = (await get('/api/manager/residences?pageSize=10&page=4', admin)).json();
    expect(all.total).toBe(32);
    expect(all.residences).toHaveLength(2);
    const found = (await get('/api/manager/residences?search=cap%20d%20agde', admin)).json();
    expect(found.residences.map((residence: { id: string }) => residence.id)).toEqual([ids.seen]);
    const literal = (await get('/api/manager/residences?search=%25', admin)).json();
    expect(literal.total).toBe(0);
  });

  it('shows a residence’s dwellings with their references, accounts and consent, and its codes as CSV', async () => {
    const detail = (await get(`/api/manager/residences/${ids.seen}`, restricted)).json();
    expect(detail.dwellings).toHaveLength(4);
    expect(detail.dwellings.filter((dwelling: { hasResidentAccount: boolean }) => dwelling.hasResidentAccount)).toHaveLength(2);
    expect(detail.dwellings.filter((dwelling: { sharesDailyData: boolean }) => dwelling.sharesDailyData).map((dwelling: { id: string }) => dwelling.id)).toEqual([ids.consentingDwelling]);
    expect(detail.dwellings.filter((dwelling: { hasDeviceWithoutNineDigitSerial: boolean }) => dwelling.hasDeviceWithoutNineDigitSerial)).toHaveLength(1);

    const csv = await get(`/api/manager/residences/${ids.seen}/signup-codes.csv`, restricted);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('code_immeuble;code_logement;numero_client;batiment;escalier;etage;reference_logement;compte_resident');
    expect(lines).toHaveLength(5);
    for (const dwelling of detail.dwellings) expect(csv.body).toContain(dwelling.reference);
  });

  it('refuses every residence route outside the manager’s access, the same way whether it exists or not', async () => {
    for (const residenceId of [ids.unseen, ids.otherClient, '00000000-0000-4000-8000-000000000000']) {
      for (const url of [`/api/manager/residences/${residenceId}`, `/api/manager/residences/${residenceId}/signup-codes.csv`]) {
        const response = await get(url, restricted);
        expect(response.statusCode, url).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
      }
    }
    const strangerList = (await get('/api/manager/residences', stranger)).json();
    expect(strangerList.residences.map((residence: { id: string }) => residence.id)).toEqual([ids.otherClient]);
  });

  it('shows « Mes documents » for the residences the manager has access to only', async () => {
    const list = (await get('/api/manager/documents', restricted)).json();
    expect(list.documents.map((document: { id: string }) => document.id)).toEqual([ids.documentSeen]);
    const read = await get(`/api/manager/documents/${ids.documentSeen}`, restricted);
    expect(read.json()).toMatchObject({ title: 'Votre portail Mes suivis de consommation est prêt', html: '<p>prêt</p>' });
    expect((await get(`/api/manager/documents/${ids.documentUnseen}`, restricted)).statusCode).toBe(404);
    expect((await get(`/api/manager/documents/${ids.documentSeen}`, stranger)).statusCode).toBe(404);
    const download = await get(`/api/manager/documents/${ids.documentSeen}/download`, restricted);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="document-${ids.documentSeen}.pdf"`);
    const pdf = readPdf(download.rawPayload);
    expect(pdf.pageCount).toBe(1);
    expect(pdf.text).toContain('Votre portail Mes suivis de consommation est prêt');
    expect(pdf.text).toContain('Les index sont publiés.');
  });

  it('hands out the sign-up kit: address, QR codes and a flyer whose QR code reads the address', async () => {
    const kit = (await get('/api/manager/kit', restricted)).json();
    expect(kit).toMatchObject({ address: 'http://portal.test/inscription', displayAddress: 'portal.test/inscription' });
    const png = await get(kit.qrPngUrl, restricted);
    expect(png.headers['content-type']).toBe('image/png');
    const svg = await get(kit.qrSvgUrl, restricted);
    expect(svg.body).toContain('<svg');
    const flyer = await get(kit.flyerPdfUrl, restricted);
    expect(flyer.headers['content-type']).toBe('application/pdf');
    const content = readPdf(flyer.rawPayload);
    expect(content.text).toContain('portal.test/inscription');
    expect(readQrCodes(content)).toEqual(['http://portal.test/inscription']);
  });

  it('is closed to visitors, residents and staff', async () => {
    const testApp = harness();
    const resident = await signInAs(testApp, (await buildResident(testApp.context.db)).user);
    const staff = await signInAs(testApp, (await buildStaff(testApp.context.db, { staff_role: 'admin' })).user);
    const urls = ['/api/manager/residences', `/api/manager/residences/${ids.seen}`, '/api/manager/documents', '/api/manager/kit', '/api/manager/kit/flyer.pdf'];
    for (const url of urls) {
      expect((await get(url)).statusCode, url).toBe(401);
      expect((await get(url, resident)).statusCode, url).toBe(403);
      expect((await get(url, staff)).statusCode, url).toBe(403);
    }
  });

  it('refuses bad query parameters with a clear code', async () => {
    const response = await get('/api/manager/residences?pageSize=1000', admin);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    expect((await get('/api/manager/residences/not-a-uuid', admin)).statusCode).toBe(400);
  });
});
