import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app-context.ts';
import { createAppContext } from '../modules.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from '../modules/consumption/consumption.service.ts';
import { FixedClock } from '../clock.ts';
import { verifyPassword } from '../modules/accounts/password-hashing.ts';
import { createTestDatabase, type TestDatabase } from '../test/test-database.ts';
import { testConfig } from '../test/test-config.ts';
import { demoReferenceDate, DemoDataInProductionError, describeLoadedDemo, loadDemoDataIfEmpty, type DemoLoadResult } from './demo-loader.ts';
import { planDemoPortfolio } from './demo-portfolio.ts';

/** A short history keeps the load quick; the full plan's shape is tested in demo-portfolio.test.ts. */
const SHORT = { historyDays: 15, hourlyDays: 10 };
const REFERENCE_DATE = '2026-03-15';

describe('loadDemoDataIfEmpty', () => {
  let database: TestDatabase;
  let context: AppContext;
  let result: DemoLoadResult | undefined;
  const plan = planDemoPortfolio({ referenceDate: REFERENCE_DATE, ...SHORT });

  beforeAll(async () => {
    database = await createTestDatabase();
    context = createAppContext(
      { config: testConfig({ DEMO_REFERENCE_DATE: REFERENCE_DATE }), database, clock: new FixedClock('2026-03-16T09:30:00Z') },
      { maintenance: false },
    );
    result = await loadDemoDataIfEmpty(context, SHORT);
  });
  afterAll(async () => {
    await context?.jobs.stop();
    await database?.close();
  });

  const countRows = async (table: string) =>
    Number((await sql<{ count: string }>`select count(*) as count from ${sql.table(table)}`.execute(database.db)).rows[0]!.count);

  it('loads the plan into an empty database: every table holds the planned rows', async () => {
    expect(result).toBeDefined();
    const readings = plan.readingSeries.reduce((total, series) => total + series.readAtMs.length, 0);
    const expected: Record<string, number> = {
      clients: plan.clients.length,
      contracts: plan.contracts.length,
      residences: plan.residences.length,
      dwellings: plan.dwellings.length,
      devices: plan.devices.length,
      users: plan.users.length,
      resident_profiles: plan.residentProfiles.length,
      manager_memberships: plan.managerMemberships.length,
      manager_residence_access: plan.managerResidenceAccess.length,
      staff_members: plan.staffMembers.length,
      occupant_changes: plan.occupantChanges.length,
      readings,
    };
    expect(result!.counts).toMatchObject(expected);
    for (const [table, count] of Object.entries(expected)) expect(await countRows(table), table).toBe(count);
  });

  it('leaves the portal ready: consumption computed by the engine, monthly totals and averages built, nothing left to refresh', async () => {
    expect(result!.counts.daily_consumption).toBeGreaterThan(0);
    expect(await countRows('daily_consumption')).toBe(result!.counts.daily_consumption);
    expect(await countRows('monthly_dwelling_consumption')).toBeGreaterThan(0);
    expect(await countRows('monthly_residence_average')).toBeGreaterThan(0);
    expect(await countRows('consumption_refresh_queue')).toBe(0);

    // The bulk path agrees with the engine's own refresh of one device.
    const device = plan.devices.find((candidate) => candidate.kind === 'cold_water')!;
    const before = await database.db.selectFrom('daily_consumption').select(['day', 'consumption']).where('device_id', '=', device.id).orderBy('day').execute();
    await queueConsumptionRefresh(database.db, [{ deviceId: device.id, changedFrom: new Date(0) }], context.clock.now());
    await refreshQueuedConsumption(context);
    const after = await database.db.selectFrom('daily_consumption').select(['day', 'consumption']).where('device_id', '=', device.id).orderBy('day').execute();
    expect(after.map((row) => [row.day, Number(row.consumption)])).toEqual(before.map((row) => [row.day, Number(row.consumption)]));
  });

  it('publishes the residences planned as published through the publication service, on their planned day', async () => {
    const planned = plan.residences.filter((residence) => residence.publishedAt);
    const notices = await database.db.selectFrom('manager_documents').select(['residence_id', 'created_at', 'title']).execute();
    expect(notices).toHaveLength(planned.length);
    for (const residence of planned) {
      const notice = notices.find((candidate) => candidate.residence_id === residence.id)!;
      expect(notice.title).toBe('Votre portail Mes suivis de consommation est prêt');
      expect(notice.created_at.toISOString()).toBe(new Date(residence.publishedAt!).toISOString());
    }
    const unpublished = await database.db.selectFrom('residences').select('id').where('published_at', 'is', null).execute();
    expect(unpublished.map((residence) => residence.id)).toEqual(plan.residences.filter((residence) => !residence.publishedAt).map((residence) => residence.id));
  });

  it('stores indexes and moments exactly as planned', async () => {
    const series = plan.readingSeries.find((candidate) => candidate.indexThousandths.some((value) => value % 1000 !== 0))!;
    const rows = await database.db
      .selectFrom('readings')
      .select(['read_at', 'index_value', 'is_estimated', 'source'])
      .where('device_id', '=', series.deviceId)
      .orderBy('read_at')
      .execute();
    expect(rows).toHaveLength(series.readAtMs.length);
    rows.forEach((row, index) => {
      expect(row.read_at.getTime()).toBe(series.readAtMs[index]);
      expect(Number(row.index_value) * 1000).toBeCloseTo(series.indexThousandths[index]!, 6);
      expect(row.source).toBe('demo');
    });
  });

  it("leaves the seed's dwelling 01030001 without an account and hashes the printed passwords", async () => {
    const seedDwelling = await database.db
      .selectFrom('dwellings')
      .innerJoin('residences', 'residences.id', 'dwellings.residence_id')
      .leftJoin('users', 'users.dwelling_id', 'dwellings.id')
      .select(['dwellings.client_number', 'dwellings.reference', 'users.id as user_id'])
      .where('residences.building_code', '=', '50001369')
      .where('dwellings.dwelling_code', '=', '01030001')
      .executeTakeFirstOrThrow();
    expect(seedDwelling).toMatchObject({ client_number: '5151 0008', user_id: null });
    expect(result!.freeDwelling.reference).toBe(seedDwelling.reference);

    const staffAdmin = result!.logins.find((login) => login.label.includes('admin') && login.passwordKey === 'staff')!;
    const user = await database.db.selectFrom('users').select('password_hash').where('email', '=', staffAdmin.email).executeTakeFirstOrThrow();
    expect(await verifyPassword(user.password_hash!, staffAdmin.password)).toBe(true);
    expect(staffAdmin.password).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*[\d\W]).{10,}$/);
    const lines = result!.describe().join('\n');
    for (const login of result!.logins) expect(lines).toContain(login.email);
    expect(lines).toContain(result!.freeDwelling.reference);
  });

  it('does nothing the second time: the database is no longer empty', async () => {
    const before = await countRows('readings');
    expect(await loadDemoDataIfEmpty(context, SHORT)).toBeUndefined();
    expect(await countRows('readings')).toBe(before);
    expect(await countRows('residences')).toBe(plan.residences.length);
  });

  it('never runs in production', async () => {
    const production = { ...testConfig(), nodeEnv: 'production' as const, isProduction: true };
    await expect(loadDemoDataIfEmpty({ ...context, config: production }, SHORT)).rejects.toBeInstanceOf(DemoDataInProductionError);
  });
});

describe('describeLoadedDemo', () => {
  it('prints the logins of a warm start as the first start did, with the dwelling left free', () => {
    const full = planDemoPortfolio({ referenceDate: REFERENCE_DATE });
    const lines = describeLoadedDemo(testConfig({ DEMO_REFERENCE_DATE: REFERENCE_DATE }), new FixedClock('2026-03-16T09:30:00Z')).join('\n');
    for (const login of full.logins) expect(lines).toMatch(new RegExp(`${login.email} +\\S+  ${login.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const seedResidence = full.residences.find((residence) => residence.buildingCode === '50001369')!;
    const free = full.dwellings.find((dwelling) => dwelling.residenceId === seedResidence.id && dwelling.dwellingCode === '01030001')!;
    expect(lines).toContain(`dwelling reference ${free.reference}`);
    expect(lines).toContain('authenticator app');
  });
});

describe('demoReferenceDate', () => {
  const unset = { demo: { enabled: true, referenceDate: undefined } };

  it('is the configured day when there is one', () => {
    expect(demoReferenceDate({ demo: { enabled: true, referenceDate: '2025-02-03' } }, new FixedClock('2026-03-16T09:30:00Z'))).toBe('2025-02-03');
  });

  it('is today in Paris, or yesterday before 2 a.m. so that no daily index lies in the future', () => {
    expect(demoReferenceDate(unset, new FixedClock('2026-03-16T09:30:00Z'))).toBe('2026-03-16');
    expect(demoReferenceDate(unset, new FixedClock('2026-03-15T23:30:00Z'))).toBe('2026-03-15');
    expect(demoReferenceDate(unset, new FixedClock('2026-07-16T00:30:00Z'))).toBe('2026-07-16');
    expect(demoReferenceDate(unset, new FixedClock('2026-07-15T23:30:00Z'))).toBe('2026-07-15');
  });
});
