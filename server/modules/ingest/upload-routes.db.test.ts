import { beforeAll, describe, expect, it } from 'vitest';
import { buildDevice, buildStaff } from '../../test/factories.ts';
import { signInAs, type SessionHeaders } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';
import { INVENTORY_COLUMNS } from '../inventory/inventory-csv.ts';

describe('CSV upload routes (staff)', () => {
  const harness = useTestApp();
  let dataStaff: SessionHeaders;
  let supportStaff: SessionHeaders;

  beforeAll(async () => {
    const { db } = harness().context;
    dataStaff = await signInAs(harness(), (await buildStaff(db, { staff_role: 'data' })).user);
    supportStaff = await signInAs(harness(), (await buildStaff(db, { staff_role: 'support' })).user);
    await buildDevice(db, { serial_number: '800000001', installed_on: '2026-01-01' });
  });

  const upload = (url: string, body: string, headers: Record<string, string>) =>
    harness().app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'text/csv' }, payload: body });
  const readingsFile = ['serial_number;read_at;index', '800000001;2026-02-01T10:00:00Z;4,25', '800000001;2026-02-02T10:00:00Z;4.5'].join('\n');

  it('lets data staff upload readings, with options as query parameters', async () => {
    const response = await upload('/api/ingest/readings-csv?origin=releves.csv', readingsFile, dataStaff);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ outcome: 'imported', rowsRead: 2, rowsStored: 2, rowsDuplicate: 0 });
  });

  it('answers a refused file with import_refused, its lines and reasons', async () => {
    const response = await upload('/api/ingest/readings-csv', 'serial_number;read_at;index\n800000001;hier;1', dataStaff);
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'import_refused',
      details: { errorCount: 1, errors: [{ line: 2, problem: 'invalid_moment', value: 'hier' }] },
    });
  });

  it('keeps the uploads and the quarantine from anyone but the staff roles allowed', async () => {
    expect((await upload('/api/ingest/readings-csv', readingsFile, {})).statusCode).toBe(401);
    expect((await upload('/api/ingest/readings-csv', readingsFile, supportStaff)).statusCode).toBe(403);
    expect((await upload('/api/inventory/import', INVENTORY_COLUMNS.join(';'), supportStaff)).statusCode).toBe(403);
    const quarantine = await harness().app.inject({ method: 'GET', url: '/api/ingest/quarantine', headers: supportStaff });
    expect(quarantine.statusCode).toBe(200);
    expect(quarantine.json()).toEqual({ total: 0, messages: [] });
  });

  it('lets data staff upload an inventory file', async () => {
    const line = 'Régie Upload;bailleur;CTR-UP-1;;62000001;;1 RUE HAUTE;13001;MARSEILLE;;70000001;U1;;;;hot_water;800000002;;ISTA;;non;2026-01-01;;';
    const response = await upload('/api/inventory/import?origin=parc.csv', [INVENTORY_COLUMNS.join(';'), line].join('\n'), dataStaff);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ outcome: 'imported', created: { residences: 1, dwellings: 1, devices: 1 } });
  });
});
