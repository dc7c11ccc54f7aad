import { beforeAll, describe, expect, it } from 'vitest';
import type { CostFigure, ResidentCosts } from '#shared/contracts/tariffs.ts';
import { buildDevice, buildDwelling, buildManager, buildResidence, buildResident, buildStaff } from '../../test/factories.ts';
import { signInAs, type SessionHeaders } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from '../consumption/consumption.service.ts';
import { insertReadings } from '../../test/readings.ts';

/**
 * Now is 2026-03-16. The resident's cold and hot water read at midnight Paris each day from
 * 1 February to 15 March: 100 L of cold and 40 L of hot water a day. The cold water price
 * changes on 10 February, so February straddles it.
 */
describe('costs and CO₂', () => {
  const harness = useTestApp();
  let residenceId: string;
  let dataStaff: SessionHeaders;
  let supportStaff: SessionHeaders;
  let resident: SessionHeaders;
  let manager: SessionHeaders;
  let dataStaffId: string;

  beforeAll(async () => {
    const testApp = harness();
    const { db, clock } = testApp.context;
    const residence = await buildResidence(db);
    residenceId = residence.id;
    const dwelling = await buildDwelling(db, { residence_id: residence.id });
    const owner = await buildResident(db, { dwelling_id: dwelling.id, profile: { moved_in_on: '2025-01-01' } });
    for (const [kind, litresPerDay] of [['cold_water', 100], ['hot_water', 40]] as const) {
      const device = await buildDevice(db, { dwelling_id: dwelling.id, kind });
      const readings = Array.from({ length: 44 }, (_, day) => ({
        residence_id: residence.id,
        device_id: device.id,
        read_at: new Date(Date.UTC(2026, 0, 31 + day, 23)),
        index_value: ((day * litresPerDay) / 1000).toFixed(3),
        source: 'csv' as const,
      }));
      await insertReadings(db, readings);
      await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: readings[0]!.read_at }], clock.now());
    }
    await refreshQueuedConsumption(testApp.context);
    const staff = await buildStaff(db, { staff_role: 'data' });
    dataStaffId = staff.user.id;
    dataStaff = await signInAs(testApp, staff.user);
    supportStaff = await signInAs(testApp, (await buildStaff(db, { staff_role: 'support' })).user);
    resident = await signInAs(testApp, owner.user);
    manager = await signInAs(testApp, (await buildManager(db, { client_id: residence.client_id, residence_ids: [residence.id] })).user);
  });

  const inject = (method: 'GET' | 'POST', url: string, headers: SessionHeaders, payload?: object) =>
    harness().app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const rates = '/api/staff/residences/${id}/tariffs/rates';
  const urlOf = (path: string) => path.replace('${id}', residenceId);

  it('lets data staff add prices, factors and the energy supply, audits each, and refuses support staff and a second row on the same day', async () => {
    const add = (body: object, headers = dataStaff) => inject('POST', urlOf(rates), headers, body);
    expect((await add({ component: 'cold_water_eur_per_m3', validFrom: '2026-01-01', value: '4.1' })).statusCode).toBe(201);
    expect((await add({ component: 'cold_water_eur_per_m3', validFrom: '2026-02-10', value: '4.5' })).statusCode).toBe(201);
    expect((await add({ component: 'hot_water_eur_per_m3', validFrom: '2026-01-01', value: '9.8' })).statusCode).toBe(201);
    expect((await add({ component: 'hot_water_kwh_per_m3', validFrom: '2026-03-01', value: '60' })).statusCode).toBe(201);
    const supply = await inject('POST', urlOf('/api/staff/residences/${id}/tariffs/supplies'), dataStaff, {
      validFrom: '2026-01-01',
      energy: 'natural_gas',
      networkName: null,
      co2KgPerKwh: '0.227',
      factorSource: 'Base Empreinte ADEME',
    });
    expect(supply.statusCode).toBe(201);
    expect((await add({ component: 'cold_water_eur_per_m3', validFrom: '2026-02-10', value: '5' })).json()).toMatchObject({ error: { code: 'tariff_already_set' } });
    expect((await add({ component: 'cold_water_eur_per_m3', validFrom: '2026-04-01', value: '5' }, supportStaff)).statusCode).toBe(403);
    const read = await inject('GET', urlOf('/api/staff/residences/${id}/tariffs'), supportStaff);
    expect(read.json().rates).toHaveLength(4);
    expect(read.json().supplies).toEqual([expect.objectContaining({ energy: 'natural_gas', co2KgPerKwh: '0.227', factorSource: 'Base Empreinte ADEME' })]);
    const events = await harness()
      .context.db.selectFrom('audit_events')
      .select(['action', 'actor_user_id', 'details'])
      .where('target_id', '=', residenceId)
      .orderBy('occurred_at')
      .execute();
    expect(events.map((event) => event.action)).toEqual([...Array(4).fill('staff.tariff_rate_added'), 'staff.energy_supply_added']);
    expect(events.every((event) => event.actor_user_id === dataStaffId)).toBe(true);
  });

  it('prices each of the resident’s days at the tariff valid that day: February straddles the change and lists both prices', async () => {
    const response = await inject('GET', '/api/resident/costs', resident);
    expect(response.statusCode).toBe(200);
    const costs = response.json<ResidentCosts>();
    expect(costs.isEstimate).toBe(true);
    const february = costs.months.find((month) => month.period === '2026-02')!;
    const cold = february.fluids.find((figure) => figure.fluid === 'cold_water')!;
    // Days 1 to 9 February at 4.1 €/m³ (0.9 m³), 10 to 28 at 4.5 €/m³ (1.9 m³): 3.69 + 8.55 = 12.24 €.
    expect(cold).toMatchObject<Partial<CostFigure>>({ consumption: '2.8', costEur: '12.24', co2Kg: null, unpricedDays: 0 });
    expect(cold.tariffs.map((tariff) => [tariff.value, tariff.from, tariff.to])).toEqual([
      ['4.1', '2026-02-01', '2026-02-09'],
      ['4.5', '2026-02-10', '2026-02-28'],
    ]);
    const hot = february.fluids.find((figure) => figure.fluid === 'hot_water')!;
    // 1.12 m³ × 9.8 € = 10.976 €; energy 1.12 × 58 kWh (the default) = 64.96 kWh; × 0.227 = 14.746 kg.
    expect(hot).toMatchObject<Partial<CostFigure>>({ consumption: '1.12', costEur: '10.98', energyKwh: '65.0', co2Kg: '14.7', usesDefaultHotWaterEnergy: true });
    expect(february).toMatchObject({ totalCostEur: '23.22', totalCo2Kg: '14.7' });
    const march = costs.months.find((month) => month.period === '2026-03')!;
    expect(march.fluids.find((figure) => figure.fluid === 'hot_water')).toMatchObject({ usesDefaultHotWaterEnergy: false });
    expect(costs.years.map((year) => year.period)).toEqual(['2026']);
  });

  it('puts the estimated € and kg CO₂e in the resident’s monthly CSV export', async () => {
    const csv = (await inject('GET', '/api/resident/export/consumption.csv?period=monthly', resident)).body;
    const lines = csv.replace('\uFEFF', '').split('\r\n');
    expect(lines[0]).toBe('mois;fluide;consommation;unite;estime;mois_partiel;cout_estime_eur;co2_estime_kg');
    expect(lines.find((line) => line.startsWith('2026-02;eau froide'))).toMatch(/;12,24;$/);
    expect(lines.find((line) => line.startsWith('2026-02;eau chaude'))).toMatch(/;10,98;14,7$/);
  });

  it('puts the estimated € and kg CO₂e of each month and year in the personal-data export, labelled as estimates', async () => {
    const exported = await inject('GET', '/api/resident/export/personal-data.json', resident);
    expect(exported.statusCode).toBe(200);
    const { consumption } = exported.json();
    expect(consumption.costsAreEstimates).toBe(true);
    const hot = consumption.fluids.find((series: { fluid: string }) => series.fluid === 'hot_water');
    expect(hot.months.find((month: { month: string }) => month.month === '2026-02')).toMatchObject({ consumption: 1.12, estimatedCostEur: '10.98', estimatedCo2Kg: '14.7' });
    const costs = (await inject('GET', '/api/resident/costs', resident)).json<ResidentCosts>();
    const year = costs.years.find((period) => period.period === '2026')!.fluids.find((figure) => figure.fluid === 'hot_water')!;
    expect(hot.years).toEqual([{ year: '2026', consumption: Number(year.consumption), estimatedCostEur: year.costEur, estimatedCo2Kg: year.co2Kg }]);
    const cold = consumption.fluids.find((series: { fluid: string }) => series.fluid === 'cold_water');
    expect(cold.months.find((month: { month: string }) => month.month === '2026-02')).toMatchObject({ estimatedCostEur: '12.24', estimatedCo2Kg: null });
  });

  it('prices every month of the exports, not only this year’s and last year’s', async () => {
    // Another residence, whose resident has lived there since 2023: November 2024 is before last year.
    const { db, clock } = harness().context;
    const residence = await buildResidence(db);
    const dwelling = await buildDwelling(db, { residence_id: residence.id });
    const owner = await buildResident(db, { dwelling_id: dwelling.id, profile: { moved_in_on: '2023-01-01' } });
    const device = await buildDevice(db, { dwelling_id: dwelling.id, kind: 'cold_water' });
    // 1 m³ a day through November 2024 (readings at midnight Paris, 23:00 UTC in winter).
    const readings = Array.from({ length: 31 }, (_, day) => ({
      residence_id: residence.id,
      device_id: device.id,
      read_at: new Date(Date.UTC(2024, 9, 31 + day, 23)),
      index_value: String(day),
      source: 'csv' as const,
    }));
    await insertReadings(db, readings);
    await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: readings[0]!.read_at }], clock.now());
    await refreshQueuedConsumption(harness().context);
    const rate = { component: 'cold_water_eur_per_m3', validFrom: '2024-01-01', value: '4' };
    expect((await inject('POST', `/api/staff/residences/${residence.id}/tariffs/rates`, dataStaff, rate)).statusCode).toBe(201);
    const oldResident = await signInAs(harness(), owner.user);

    const csv = (await inject('GET', '/api/resident/export/consumption.csv?period=monthly', oldResident)).body;
    expect(csv.replace('\uFEFF', '').split('\r\n')).toContain('2024-11;eau froide;30000;litres;non;non;120,00;');
    const exported = (await inject('GET', '/api/resident/export/personal-data.json', oldResident)).json();
    const cold = exported.consumption.fluids.find((series: { fluid: string }) => series.fluid === 'cold_water');
    expect(cold.months.find((month: { month: string }) => month.month === '2024-11')).toMatchObject({ consumption: 30, estimatedCostEur: '120.00', estimatedCo2Kg: null });
    expect(cold.years).toEqual([{ year: '2024', consumption: 30, estimatedCostEur: '120.00', estimatedCo2Kg: null }]);
  });

  it('shows the residence’s figures to its manager', async () => {
    const response = await inject('GET', urlOf('/api/manager/residences/${id}/costs'), manager);
    expect(response.statusCode).toBe(200);
    const february = response.json<ResidentCosts>().months.find((month) => month.period === '2026-02')!;
    expect(february.totalCostEur).toBe('23.22');
  });

  it('gives Home Assistant’s allocator total in kWh day by day, each day at its factor: a new factor never rewrites the past', async () => {
    const { db, clock } = harness().context;
    const residence = await buildResidence(db);
    const dwelling = await buildDwelling(db, { residence_id: residence.id });
    const owner = await buildResident(db, { dwelling_id: dwelling.id, profile: { moved_in_on: '2026-01-01' } });
    const allocator = await buildDevice(db, { dwelling_id: dwelling.id, kind: 'heat_cost_allocator' });
    // 2 units a day from 1 to 10 March (readings at midnight Paris, 23:00 UTC in winter): 20 units.
    const readings = Array.from({ length: 11 }, (_, day) => ({
      residence_id: residence.id,
      device_id: allocator.id,
      read_at: new Date(Date.UTC(2026, 1, 28 + day, 23)),
      index_value: String(2 * day),
      source: 'csv' as const,
    }));
    await insertReadings(db, readings);
    await queueConsumptionRefresh(db, [{ deviceId: allocator.id, changedFrom: readings[0]!.read_at }], clock.now());
    await refreshQueuedConsumption(harness().context);
    const holder = await signInAs(harness(), owner.user);
    const meter = async () => (await inject('GET', '/api/resident/consumption/meters', holder)).json().meters[0];
    const addFactor = async (validFrom: string, value: string) =>
      expect((await inject('POST', `/api/staff/residences/${residence.id}/tariffs/rates`, dataStaff, { component: 'allocator_kwh_per_unit', validFrom, value })).statusCode).toBe(201);

    expect(await meter()).toMatchObject({ total: 20, totalKwh: null, homeAssistantDeviceClass: null });
    await addFactor('2026-01-01', '8');
    expect(await meter()).toMatchObject({ total: 20, totalKwh: 160, homeAssistantDeviceClass: 'energy', homeAssistantUnit: 'kWh' });
    // From today on, 9.5 kWh a unit: the days already counted keep their 8 kWh (the total stays 160, not 190).
    await addFactor('2026-03-16', '9.5');
    expect((await meter()).totalKwh).toBe(160);
    // Days 6 to 10 March at 4 kWh a unit, days 1 to 5 at 8: 10 × 8 + 10 × 4.
    await addFactor('2026-03-06', '4');
    expect((await meter()).totalKwh).toBe(120);
  });
});
