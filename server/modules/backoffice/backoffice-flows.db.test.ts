import { beforeAll, describe, expect, it } from 'vitest';
import { buildDevice, buildDwelling, buildResidence, buildResident, buildStaff } from '../../test/factories.ts';
import { givePassword, signInAs, TEST_PASSWORD, type SessionHeaders } from '../../test/login-as.ts';
import { useTestAppWithSmtp } from '../../test/test-app.ts';
import { INVENTORY_COLUMNS } from '../inventory/inventory-csv.ts';
import { lastCodeSentTo, seedPersonalInfo, signupClient, signUpUntilCode } from '../../test/signup-support.ts';

/**
 * The back office end to end through its API, as staff use it: each screen's main actions,
 * the emails they send over SMTP, and what the audit trail keeps of them (never a secret).
 */
describe('back office flows', () => {
  const harness = useTestAppWithSmtp();
  const as: Record<'admin' | 'data' | 'support', SessionHeaders> = {} as never;
  const staffIds: Record<'admin' | 'data' | 'support', string> = {} as never;
  /** Every secret met during the run: none may appear in the audit trail. */
  const secrets = new Set<string>([TEST_PASSWORD]);

  beforeAll(async () => {
    const { db } = harness().context;
    for (const role of ['admin', 'data', 'support'] as const) {
      const { user } = await buildStaff(db, { staff_role: role });
      staffIds[role] = user.id;
      as[role] = await signInAs(harness(), user);
      secrets.add(as[role].cookie.split('=')[1]!);
    }
  });

  const api = async (headers: SessionHeaders | Record<string, never>, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, contentType = 'application/json') => {
    const response = await harness().app.inject({
      method,
      url,
      headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': contentType }) },
      ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });
    return { status: response.statusCode, body: response.body === '' ? undefined : response.json() };
  };
  const codeIn = (text: string) => {
    const code = /^\s*(\d{6})\s*$/m.exec(text)?.[1];
    if (!code) throw new Error(`no code in: ${text}`);
    secrets.add(code);
    return code;
  };

  it('admins invite a staff member, who sets a password with the emailed code; roles change; the last admin stays', async () => {
    const invited = await api(as.admin, 'POST', '/api/staff/staff-users', { email: 'Nouvelle.Recrue@operator.test', displayName: 'Nouvelle Recrue', role: 'support' });
    expect(invited.status).toBe(201);
    expect(invited.body.user).toMatchObject({ role: 'support', isActive: true, hasPassword: false });
    const email = await harness().smtp.waitForEmail('Nouvelle.Recrue@operator.test', { includeEarlier: true });
    expect(email.text).toContain('/back-office/connexion/mot-de-passe-oublie?invitation=1&email=Nouvelle.Recrue%40operator.test');
    const code = codeIn(email.text);
    const confirmed = await api({}, 'POST', '/api/auth/password-reset/confirm', { space: 'staff', email: 'nouvelle.recrue@operator.test', code, newPassword: 'Equipe-Support-Lyon-77' });
    expect(confirmed.status).toBe(204);
    secrets.add('Equipe-Support-Lyon-77');
    const login = await api({}, 'POST', '/api/auth/login', { space: 'staff', email: 'nouvelle.recrue@operator.test', password: 'Equipe-Support-Lyon-77' });
    expect(login.status).toBe(200);

    const id = invited.body.user.id as string;
    expect((await api(as.admin, 'PATCH', `/api/staff/staff-users/${id}`, { role: 'data' })).body).toMatchObject({ role: 'data' });
    expect((await api(as.admin, 'POST', `/api/staff/staff-users/${id}/deactivate`)).body).toMatchObject({ isActive: false });
    expect((await api({}, 'POST', '/api/auth/login', { space: 'staff', email: 'nouvelle.recrue@operator.test', password: 'Equipe-Support-Lyon-77' })).status).toBe(401);

    const lastAdmin = await api(as.admin, 'PATCH', `/api/staff/staff-users/${staffIds.admin}`, { role: 'support' });
    expect(lastAdmin).toMatchObject({ status: 409, body: { error: { code: 'staff_last_admin' } } });
    expect((await api(as.admin, 'GET', '/api/staff/staff-users')).body.items.map((user: { email: string }) => user.email)).toContain('Nouvelle.Recrue@operator.test');
  });

  it('admins create a client, its contract with « Portail résident », and invite a manager with access to its residences only', async () => {
    const client = await api(as.admin, 'POST', '/api/staff/clients', { name: 'Syndic Back Office', kind: 'syndic' });
    expect(client.status).toBe(201);
    const clientId = client.body.id as string;
    const withContract = await api(as.admin, 'POST', `/api/staff/clients/${clientId}/contracts`, {
      reference: 'CTR-BO-0001',
      bookedOptions: ['resident_portal', 'remote_reading'],
      startsOn: '2026-01-01',
    });
    expect(withContract.body.contracts).toEqual([expect.objectContaining({ reference: 'CTR-BO-0001', bookedOptions: ['resident_portal', 'remote_reading'] })]);
    const { db } = harness().context;
    const residence = await buildResidence(db, { contract_id: withContract.body.contracts[0].id });
    const elsewhere = await buildResidence(db);

    const refused = await api(as.admin, 'POST', `/api/staff/clients/${clientId}/managers`, { email: 'gestion@syndic.test', residenceIds: [elsewhere.id] });
    expect(refused).toMatchObject({ status: 422, body: { error: { code: 'residence_of_another_client' } } });
    const manager = await api(as.admin, 'POST', `/api/staff/clients/${clientId}/managers`, {
      email: 'gestion@syndic.test',
      firstName: 'Gaëlle',
      lastName: 'Gestion',
      isPortalAdmin: true,
      residenceIds: [residence.id],
    });
    expect(manager.status).toBe(201);
    expect(manager.body.manager).toMatchObject({ residenceIds: [residence.id], isPortalAdmin: true, hasPassword: false });
    const email = await harness().smtp.waitForEmail('gestion@syndic.test', { includeEarlier: true });
    expect(email.text).toContain('/moncompte/connexion/mot-de-passe-oublie?invitation=1&email=gestion%40syndic.test');
    codeIn(email.text);

    const list = await api(as.support, 'GET', '/api/staff/clients?search=back%20office');
    expect(list.body).toMatchObject({ total: 1, items: [{ name: 'Syndic Back Office', residenceCount: 1, managerCount: 1, hasResidentPortal: true }] });
    const withoutAccess = await api(as.admin, 'PUT', `/api/staff/managers/${manager.body.manager.id}/residences`, { residenceIds: [] });
    expect(withoutAccess.body.residenceIds).toEqual([]);

    // After the invitation: names and rights change, then the residences seen; the contract gets an end date.
    const managerId = manager.body.manager.id as string;
    const renamed = await api(as.admin, 'PATCH', `/api/staff/managers/${managerId}`, { firstName: 'Gaëlle', lastName: 'Gestion-Martin', isPortalAdmin: false, seesAllResidences: false });
    expect(renamed.body).toMatchObject({ firstName: 'Gaëlle', lastName: 'Gestion-Martin', isPortalAdmin: false, seesAllResidences: false });
    expect((await api(as.support, 'PATCH', `/api/staff/managers/${managerId}`, { isPortalAdmin: true })).status).toBe(403);
    expect((await api(as.admin, 'PUT', `/api/staff/managers/${managerId}/residences`, { residenceIds: [elsewhere.id] })).body.error.code).toBe('residence_of_another_client');
    expect((await api(as.admin, 'PUT', `/api/staff/managers/${managerId}/residences`, { residenceIds: [residence.id] })).body.residenceIds).toEqual([residence.id]);
    const contractId = withContract.body.contracts[0].id as string;
    expect((await api(as.admin, 'PATCH', `/api/staff/contracts/${contractId}`, { endsOn: '2025-12-31' })).body.error.code).toBe('validation_failed');
    const ending = await api(as.admin, 'PATCH', `/api/staff/contracts/${contractId}`, { endsOn: '2027-06-30' });
    expect(ending.body.contracts).toEqual([expect.objectContaining({ endsOn: '2027-06-30', bookedOptions: ['resident_portal', 'remote_reading'] })]);
    expect((await api(as.admin, 'PATCH', `/api/staff/contracts/${contractId}`, { endsOn: null })).body.contracts[0].endsOn).toBeNull();
  });

  const header = INVENTORY_COLUMNS.join(';');
  const inventoryLine = (dwellingCode: string, device: string) =>
    `Régie Aperçu;bailleur;CTR-APERCU-1;resident_portal;63000001;Les Aperçus;5 RUE DU PREVIEW;69002;LYON;Europe/Paris;${dwellingCode};P-${dwellingCode.slice(-3)};;;;${device}`;
  const goodInventory = [header, inventoryLine('71000001', 'cold_water;810000001;0a0b0c0d;ISTA;Cuisine;non;2026-01-01;;'), inventoryLine('71000002', 'hot_water;810000002;;ISTA;;non;2026-01-01;;')].join('\n');
  const readingsFile = ['serial_number;read_at;index', '810000001;2026-03-01T06:00:00Z;10', '810000001;2026-03-02T06:00:00Z;10.5', '810000002;2026-03-02T06:00:00Z;3'].join('\n');

  it('previews an upload with every error (line and reason) and writes nothing; applies only the very file previewed', async () => {
    const { db } = harness().context;
    const upload = (url: string, body: string) => api(as.data, 'POST', url, body, 'text/csv');
    const bad = [header, inventoryLine('7100003', 'cold_water;810000003;;ISTA;;non;2026-01-01;;'), inventoryLine('71000004', 'gas;810000004;;ISTA;;non;2026-02-30;;')].join('\n');
    const badPreview = await upload('/api/staff/uploads/inventory/preview', bad);
    expect(badPreview.status).toBe(200);
    expect(badPreview.body).toMatchObject({ outcome: 'refused', errorCount: 3, created: { residences: 0 } });
    expect(badPreview.body.errors).toEqual([
      { line: 2, problem: 'invalid_value', column: 'dwelling_code', value: '7100003' },
      { line: 3, problem: 'invalid_value', column: 'device_kind', value: 'gas' },
      { line: 3, problem: 'invalid_date', column: 'installed_on', value: '2026-02-30' },
    ]);
    expect((await upload(`/api/staff/uploads/inventory/apply?previewId=${badPreview.body.previewId}`, bad)).body.error.code).toBe('upload_preview_has_errors');

    const preview = await upload('/api/staff/uploads/inventory/preview', goodInventory);
    expect(preview.body).toMatchObject({ outcome: 'clean', errorCount: 0, created: { clients: 1, contracts: 1, residences: 1, dwellings: 2, devices: 2 } });
    expect(await db.selectFrom('residences').select('id').where('building_code', '=', '63000001').execute()).toEqual([]);
    const otherFile = `${goodInventory}\n${inventoryLine('71000009', ';;;;;;;;')}`;
    expect((await upload(`/api/staff/uploads/inventory/apply?previewId=${preview.body.previewId}`, otherFile)).body.error.code).toBe('upload_preview_mismatch');
    const applied = await upload(`/api/staff/uploads/inventory/apply?previewId=${preview.body.previewId}`, goodInventory);
    expect(applied).toMatchObject({ status: 200, body: { created: { residences: 1, dwellings: 2, devices: 2 } } });
    expect((await upload(`/api/staff/uploads/inventory/apply?previewId=${preview.body.previewId}`, goodInventory)).body.error.code).toBe('upload_preview_not_found');

    const readingsPreview = await upload('/api/staff/uploads/readings/preview', readingsFile);
    expect(readingsPreview.body).toMatchObject({ outcome: 'clean', newReadings: 3, duplicates: 0, devices: 2, firstReadingAt: '2026-03-01T06:00:00.000Z' });
    expect(await db.selectFrom('readings').innerJoin('devices', 'devices.id', 'readings.device_id').select('read_at').where('serial_number', '=', '810000001').execute()).toEqual([]);
    const readingsApplied = await upload(`/api/staff/uploads/readings/apply?previewId=${readingsPreview.body.previewId}`, readingsFile);
    expect(readingsApplied.body).toMatchObject({ rowsStored: 3, rowsDuplicate: 0 });
    const again = await upload('/api/staff/uploads/readings/preview', `${readingsFile}\n810000009;2026-03-02T06:00:00Z;1`);
    expect(again.body).toMatchObject({ outcome: 'refused', errors: [{ line: 5, problem: 'unknown_device', value: '810000009' }], newReadings: 0 });
    expect((await upload('/api/staff/uploads/readings/preview', readingsFile)).body).toMatchObject({ outcome: 'clean', newReadings: 0, duplicates: 3 });

    // A utility's export read as it is: mapped columns, litres, French wall-clock times in a declared zone (13:00 in New York is 18:00 UTC, between
    // the readings above, so the residence's latest reading stays the same). The apply reuses the preview's options.
    const utilityExport = ['user key;datetime;meter reading;diff', '810000001;01/03/2026 13:00:00;10250;250'].join('\n');
    expect((await upload('/api/staff/uploads/readings/preview', utilityExport)).body).toMatchObject({
      outcome: 'refused',
      errors: expect.arrayContaining([expect.objectContaining({ line: 1, problem: 'missing_header_column' })]),
    });
    const options = new URLSearchParams({ serialColumn: 'user key', readAtColumn: 'datetime', indexColumn: 'meter reading', unit: 'l', timeZone: 'America/New_York', delimiter: ';' });
    const mapped = await upload(`/api/staff/uploads/readings/preview?${options.toString()}`, utilityExport);
    expect(mapped.body).toMatchObject({ outcome: 'clean', newReadings: 1, devices: 1, firstReadingAt: '2026-03-01T18:00:00.000Z' });
    expect((await upload(`/api/staff/uploads/readings/apply?previewId=${mapped.body.previewId}`, utilityExport)).body).toMatchObject({ rowsStored: 1 });
    const stored = await db
      .selectFrom('readings')
      .innerJoin('devices', 'devices.id', 'readings.device_id')
      .select(['read_at', 'index_value'])
      .where('serial_number', '=', '810000001')
      .where('read_at', '=', new Date('2026-03-01T18:00:00Z'))
      .execute();
    expect(stored.map((row) => Number(row.index_value))).toEqual([10.25]);
    expect((await upload('/api/staff/uploads/readings/preview?unit=gallons', utilityExport)).status).toBe(400);
  });

  it('publishes a residence only once it has data; its managers get the notice by email and in « Mes documents »', async () => {
    const { db } = harness().context;
    const empty = await buildResidence(db, { published_at: null });
    expect((await api(as.data, 'POST', `/api/staff/residences/${empty.id}/publication`)).body.error.code).toBe('residence_has_no_data');

    const residence = await db.selectFrom('residences').select(['id', 'client_id']).where('building_code', '=', '63000001').executeTakeFirstOrThrow();
    const clientId = residence.client_id;
    const manager = await api(as.admin, 'POST', `/api/staff/clients/${clientId}/managers`, { email: 'admin@regie-apercu.test', isPortalAdmin: true, seesAllResidences: true });
    codeIn((await harness().smtp.waitForEmail('admin@regie-apercu.test', { includeEarlier: true })).text);
    const found = await api(as.support, 'GET', '/api/staff/residences?search=preview');
    expect(found.body.items).toEqual([expect.objectContaining({ buildingCode: '63000001', publishedAt: null, dwellingCount: 2, lastReadingAt: '2026-03-02T06:00:00.000Z' })]);

    const published = await api(as.data, 'POST', `/api/staff/residences/${residence.id}/publication`);
    expect(published).toMatchObject({ status: 200, body: { residenceId: residence.id, notifiedAdministrators: 1 } });
    const notice = await harness().smtp.waitForEmail('admin@regie-apercu.test', { includeEarlier: true, timeoutMs: 5000 }).then(() =>
      harness().smtp.received.find((received) => received.to.includes('admin@regie-apercu.test') && received.subject.includes('est prêt')),
    );
    expect(notice?.subject).toBe('Votre portail Mes suivis de consommation est prêt');
    const documents = await db.selectFrom('manager_documents').select(['kind', 'residence_id']).where('client_id', '=', clientId).execute();
    expect(documents).toEqual([{ kind: 'publication_notice', residence_id: residence.id }]);
    expect((await api(as.data, 'POST', `/api/staff/residences/${residence.id}/publication`)).body.error.code).toBe('residence_already_published');
    expect(manager.status).toBe(201);
  });

  it('registers an unknown device from the quarantine and replays its messages into readings', async () => {
    const { db } = harness().context;
    const source = await api(as.data, 'POST', '/api/staff/data-sources', { name: 'passerelle-lyon' });
    expect(source.status).toBe(201);
    const token = source.body.token as string;
    secrets.add(token);
    const telegram = '{"_":"telegram","media":"water","meter":"iperl","name":"t","id":"1f2e3d4c","timestamp":"2026-03-10T08:00:00Z","total_m3":42.125}';
    const ingest = await harness().app.inject({ method: 'POST', url: '/api/ingest/wmbusmeters', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: telegram });
    expect(ingest.json()).toMatchObject({ quarantined: 1, stored: 0 });
    const quarantine = await api(as.support, 'GET', '/api/staff/quarantine');
    expect(quarantine.body.messages).toEqual([expect.objectContaining({ radioId: '1f2e3d4c' })]);

    const dwelling = await db.selectFrom('dwellings').select('id').where('dwelling_code', '=', '71000002').executeTakeFirstOrThrow();
    const registered = await api(as.data, 'POST', '/api/staff/quarantine/devices', {
      dwellingId: dwelling.id,
      kind: 'cold_water',
      serialNumber: '810000077',
      radioId: '1F2E3D4C',
      manufacturer: 'dme',
      installedOn: '2026-01-01',
    });
    expect(registered).toMatchObject({ status: 201, body: { replayed: 1, summary: { stored: 1 }, device: { serialNumber: '810000077', radioId: '1f2e3d4c', manufacturer: 'DME' } } });
    const readings = await db.selectFrom('readings').select(['index_value', 'source']).where('device_id', '=', registered.body.device.id).execute();
    expect(readings).toEqual([{ index_value: '42.125', source: 'wmbusmeters' }]);
    expect((await api(as.support, 'GET', '/api/staff/quarantine')).body.total).toBe(0);

    const sources = await api(as.data, 'GET', '/api/staff/data-sources');
    expect(JSON.stringify(sources.body)).not.toContain(token);
    await api(as.data, 'POST', `/api/staff/data-sources/${source.body.id}/revoke`);
    const refused = await harness().app.inject({ method: 'POST', url: '/api/ingest/wmbusmeters', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: telegram });
    expect(refused.statusCode).toBe(401);
  });

  it('replaces a device the same day and records a change of occupant', async () => {
    const { db } = harness().context;
    const devices = await api(as.support, 'GET', '/api/staff/devices?search=8100000');
    const old = devices.body.items.find((device: { serialNumber: string }) => device.serialNumber === '810000001');
    expect(old).toMatchObject({ removedOn: null, residence: { buildingCode: '63000001' } });
    const replaced = await api(as.data, 'POST', `/api/staff/devices/${old.id}/replacement`, { replacedOn: '2026-03-05', successor: { serialNumber: '810000011', radioId: '0A0B0C0D' } });
    expect(replaced.body).toMatchObject({ replaced: { removedOn: '2026-03-05' }, successor: { installedOn: '2026-03-05', replacesDeviceId: old.id, kind: 'cold_water', radioId: '0a0b0c0d' } });
    expect((await api(as.data, 'POST', `/api/staff/devices/${old.id}/replacement`, { replacedOn: '2026-03-06', successor: { serialNumber: '810000012' } })).body.error.code).toBe(
      'device_already_removed',
    );
    const dwellingId = (await db.selectFrom('devices').select('dwelling_id').where('id', '=', old.id).executeTakeFirstOrThrow()).dwelling_id;
    const change = await api(as.data, 'POST', `/api/staff/dwellings/${dwellingId}/occupant-changes`, { changedOn: '2026-03-01', note: 'Nouveau locataire' });
    expect(change.body.occupantChanges).toEqual([expect.objectContaining({ changedOn: '2026-03-01', note: 'Nouveau locataire', recordedByUserId: staffIds.data })]);
    expect(change.body.devices.map((device: { serialNumber: string }) => device.serialNumber).sort()).toEqual(['810000001', '810000011']);
  });

  it('answers an assistance request by email, with the building code and dwelling reference drafted from its serial number', async () => {
    const { db } = harness().context;
    const submitted = await harness().app.inject({
      method: 'POST',
      url: '/api/assistance-requests',
      payload: { name: 'Léa Martin', email: 'lea.martin@example.test', message: 'Mon compteur n’est pas reconnu.', serialNumber: '810000002', page: 'identify' },
    });
    expect(submitted.statusCode).toBe(201);
    const inbox = await api(as.support, 'GET', '/api/staff/assistance-requests?status=new');
    const request = inbox.body.items.find((item: { email: string }) => item.email === 'lea.martin@example.test');
    expect(request).toMatchObject({ status: 'new', reference: submitted.json().reference });
    const draft = await api(as.support, 'GET', `/api/staff/assistance-requests/${request.id}/code-reply`);
    const dwelling = await db.selectFrom('dwellings').select('reference').where('dwelling_code', '=', '71000002').executeTakeFirstOrThrow();
    expect(draft.body.dwelling).toMatchObject({ buildingCode: '63000001', reference: dwelling.reference });
    expect(draft.body.body).toContain(dwelling.reference);

    const replied = await api(as.support, 'POST', `/api/staff/assistance-requests/${request.id}/replies`, { body: draft.body.body });
    expect(replied.body).toMatchObject({ status: 'answered', replies: [{ staffUserId: staffIds.support, delivery: 'sent' }] });
    const email = await harness().smtp.waitForEmail('lea.martin@example.test', { includeEarlier: true });
    const reply = harness().smtp.received.find((received) => received.to.includes('lea.martin@example.test') && received.text.includes('63000001'));
    expect(reply?.text).toContain(dwelling.reference);
    expect(email).toBeDefined();
    expect((await api(as.support, 'GET', '/api/staff/assistance-requests?status=answered')).body.countsByStatus.answered).toBe(1);
    const closed = await api(as.support, 'PATCH', `/api/staff/assistance-requests/${request.id}`, { status: 'closed' });
    expect(closed.body.status).toBe('closed');
  });

  it('finds resident accounts, lifts a lockout, closes an account on move-out and resends a sign-up code', async () => {
    const { db } = harness().context;
    const device = await buildDevice(db, { serial_number: '810000050', radio_id: '5A0B0C0D' });
    const { user } = await buildResident(db, { dwelling_id: device.dwelling_id, user: { email: 'habitant@example.test' }, profile: { moved_in_on: '2025-01-01' } });
    const dwelling = await db.selectFrom('dwellings').select(['dwelling_code', 'reference', 'client_number']).where('id', '=', device.dwelling_id).executeTakeFirstOrThrow();
    // Every way the quick search finds a dwelling or a meter also finds its resident accounts.
    for (const search of [dwelling.dwelling_code, dwelling.reference.toLowerCase(), dwelling.client_number.toLowerCase(), '5a0b0c0d', '810 000 050']) {
      const found = await api(as.support, 'GET', `/api/staff/resident-accounts?search=${encodeURIComponent(search)}`);
      expect({ search, ids: found.body.items.map((item: { id: string }) => item.id) }).toEqual({ search, ids: [user.id] });
    }
    await givePassword(harness(), user.id);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await api({}, 'POST', '/api/auth/login', { space: 'resident', email: 'habitant@example.test', password: 'not-the-password-1A' });
    }
    const bySerial = await api(as.support, 'GET', '/api/staff/resident-accounts?search=810000050');
    expect(bySerial.body.items).toEqual([expect.objectContaining({ id: user.id, email: 'habitant@example.test', lockedUntil: expect.any(String) })]);
    const byEmail = await api(as.support, 'GET', '/api/staff/resident-accounts?search=HABITANT@');
    expect(byEmail.body.items.map((item: { id: string }) => item.id)).toEqual([user.id]);
    const lifted = await api(as.support, 'POST', `/api/staff/resident-accounts/${user.id}/lockout/lift`);
    expect(lifted.body.lockedUntil).toBeNull();
    expect((await api({}, 'POST', '/api/auth/login', { space: 'resident', email: 'habitant@example.test', password: TEST_PASSWORD })).status).toBe(200);

    const closed = await api(as.support, 'POST', `/api/staff/resident-accounts/${user.id}/move-out`, { movedOutOn: '2026-03-01' });
    expect(closed.body).toMatchObject({ isClosed: true, account: { movedOutOn: '2026-03-01', closedAt: expect.any(String) } });
    expect((await api(as.support, 'GET', '/api/staff/resident-accounts?search=habitant')).body.total).toBe(0);
    expect((await api(as.support, 'GET', '/api/staff/resident-accounts?search=habitant&includeClosed=true')).body.total).toBe(1);

    const signupDevice = await buildDevice(db, { serial_number: '810000060' });
    const client = signupClient(harness().app);
    // Mail goes over SMTP here: once delivered, the outbox no longer holds the code at all.
    const codeIn = (email: { text: string }) => /^(\d{6})$/m.exec(email.text)![1]!;
    const firstEmail = harness().smtp.waitForEmail('inscription@example.test');
    await signUpUntilCode(client, signupDevice.serial_number, seedPersonalInfo({ email: 'inscription@example.test' }));
    const firstCode = codeIn(await firstEmail);
    secrets.add(firstCode);
    await expect(lastCodeSentTo(db, 'inscription@example.test')).rejects.toThrow(/no longer holds its code/);
    harness().clock.advance(61_000);
    const secondEmail = harness().smtp.waitForEmail('inscription@example.test');
    const resent = await api(as.support, 'POST', '/api/staff/signup-codes/resend', { email: 'Inscription@example.test' });
    expect(resent.body).toEqual({ resent: 1 });
    const secondCode = codeIn(await secondEmail);
    secrets.add(secondCode);
    expect((await api(as.support, 'POST', '/api/staff/signup-codes/resend', { email: 'personne@example.test' })).body.error.code).toBe('no_signup_in_progress');
  });

  it('lists every email with its delivery, and sends a failed one again', async () => {
    harness().smtp.setAccepting(false);
    const { db } = harness().context;
    const request = await db
      .insertInto('assistance_requests')
      .values({ created_at: harness().clock.now(), name: 'Paul', email: 'paul@example.test', message: 'Bonjour' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await api(as.support, 'POST', `/api/staff/assistance-requests/${request.id}/replies`, { body: 'Bonjour Paul' });
    const failed = await api(as.support, 'GET', '/api/staff/outbox?status=failed&search=paul@');
    expect(failed.body.items).toEqual([expect.objectContaining({ recipient: 'paul@example.test', status: 'failed', attempts: 1 })]);
    harness().smtp.setAccepting(true);
    const retried = await api(as.support, 'POST', `/api/staff/outbox/${failed.body.items[0].id}/retry`);
    expect(retried.body).toMatchObject({ status: 'sent', attempts: 2, bodyText: expect.stringContaining('Bonjour Paul') });
    expect((await api(as.support, 'POST', `/api/staff/outbox/${failed.body.items[0].id}/retry`)).body.error.code).toBe('outbox_message_not_retryable');
    await harness().smtp.waitForEmail('paul@example.test', { includeEarlier: true });
  });

  it('keeps every staff action in the audit trail, searchable, in UTC, and never a password, code or token', async () => {
    const { db } = harness().context;
    const trail = await api(as.admin, 'GET', `/api/staff/audit-events?action=staff.&pageSize=100`);
    const actions = new Set(trail.body.items.map((event: { action: string }) => event.action));
    for (const action of [
      'staff.staff_user_invited',
      'staff.staff_role_changed',
      'staff.staff_user_deactivated',
      'staff.client_created',
      'staff.contract_created',
      'staff.manager_invited',
      'staff.manager_residences_set',
      'staff.upload_previewed',
      'staff.inventory_imported',
      'staff.readings_imported',
      'staff.residence_published',
      'staff.data_source_created',
      'staff.data_source_revoked',
      'staff.device_registered',
      'staff.quarantine_replayed',
      'staff.device_replaced',
      'staff.occupant_change_recorded',
      'staff.assistance_replied',
      'staff.assistance_status_changed',
      'staff.lockout_lifted',
      'staff.resident_move_out_recorded',
      'staff.signup_code_resent',
      'staff.outbox_retried',
    ]) {
      expect(actions, action).toContain(action);
    }
    for (const event of trail.body.items) expect(event.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const bySupport = await api(as.admin, 'GET', `/api/staff/audit-events?actorUserId=${staffIds.support}&action=staff.assistance_replied`);
    expect(bySupport.body.items.every((event: { actor: { userId: string } }) => event.actor.userId === staffIds.support)).toBe(true);
    expect(bySupport.body.total).toBe(2);
    const logins = await api(as.admin, 'GET', `/api/staff/audit-events?action=auth.&to=2100-01-01T00:00:00Z`);
    expect(logins.body.items.map((event: { action: string }) => event.action)).toContain('auth.login_failed');
    expect((await api(as.admin, 'GET', '/api/staff/audit-events?from=2100-01-01T00:00:00Z')).body.total).toBe(0);

    const rows = await db.selectFrom('audit_events').selectAll().execute();
    const text = JSON.stringify(rows);
    expect(secrets.size).toBeGreaterThan(8);
    for (const secret of secrets) expect(text.includes(secret), `a secret in the audit trail`).toBe(false);
    for (const row of rows) for (const key of Object.keys(row.details)) expect(key).not.toMatch(/pass(word)?|secret|token|otp|code|hash|cookie/i);
    await expect(db.updateTable('audit_events').set({ action: 'staff.rewritten' }).execute()).rejects.toThrow(/append-only/);
  });
});

describe('a dwelling without a 9-digit serial', () => {
  const harness = useTestAppWithSmtp();
  it('drafts the code reply for the dwelling staff picked when the request names none', async () => {
    const { db } = harness().context;
    const { user } = await buildStaff(db, { staff_role: 'support' });
    const headers = await signInAs(harness(), user);
    const dwelling = await buildDwelling(db);
    const request = await db.insertInto('assistance_requests').values({ created_at: harness().clock.now(), name: 'Ana', email: 'ana@example.test', message: 'ITRON' }).returning('id').executeTakeFirstOrThrow();
    const unknown = await harness().app.inject({ method: 'GET', url: `/api/staff/assistance-requests/${request.id}/code-reply`, headers });
    expect(unknown.json().error.code).toBe('assistance_dwelling_unknown');
    const draft = await harness().app.inject({ method: 'GET', url: `/api/staff/assistance-requests/${request.id}/code-reply?dwellingId=${dwelling.id}`, headers });
    expect(draft.json().dwelling).toMatchObject({ id: dwelling.id, reference: dwelling.reference });
  });
});
