import { beforeAll, describe, expect, it } from 'vitest';
import { buildDevice, buildDwelling, buildResidence, buildResident } from '../../test/factories.ts';
import { signInAs, type SessionHeaders } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from '../consumption/consumption.service.ts';
import { insertReadings } from '../../test/readings.ts';

/**
 * Today is 2026-03-16 (Paris). Two dwellings' cold-water meters are read every day at 05:00 UTC,
 * 100 L and 300 L a day; the resident's meter shows 900 m³ more on 2026-03-05 only, a spike the
 * next reading takes back: the interval from 03-04 05:00 to 03-06 05:00 UTC is estimated.
 */
describe('why a resident’s day is estimated', () => {
  const harness = useTestApp();
  let resident: SessionHeaders;

  beforeAll(async () => {
    const testApp = harness();
    const { db, clock } = testApp.context;
    const residence = await buildResidence(db);
    for (const [litresPerDay, hasSpike] of [
      [100, true],
      [300, false],
    ] as const) {
      const dwelling = await buildDwelling(db, { residence_id: residence.id });
      const device = await buildDevice(db, { dwelling_id: dwelling.id, kind: 'cold_water' });
      const readings = Array.from({ length: 60 }, (_, day) => {
        const readAt = new Date(Date.UTC(2026, 0, 15 + day, 5));
        const spike = hasSpike && readAt.toISOString().startsWith('2026-03-05') ? 900 : 0;
        return { residence_id: residence.id, device_id: device.id, read_at: readAt, index_value: ((day * litresPerDay) / 1000 + spike).toFixed(3), source: 'csv' as const };
      }).filter((reading) => reading.read_at <= clock.now());
      await insertReadings(db, readings);
      await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: readings[0]!.read_at }], clock.now());
      if (hasSpike) resident = await signInAs(testApp, (await buildResident(db, { dwelling_id: dwelling.id, profile: { moved_in_on: '2025-01-01' } })).user);
    }
    await refreshQueuedConsumption(testApp.context);
  });

  const get = async (url: string) => (await harness().app.inject({ method: 'GET', url, headers: resident })).json();

  it('bills the spike’s days from the readings around it and says so, per day and per month', async () => {
    const daily = await get('/api/resident/consumption/daily?fluid=cold_water&from=2026-03-02&to=2026-03-08');
    expect(daily.days).toEqual([
      { day: '2026-03-02', consumption: 0.1, isEstimated: false },
      { day: '2026-03-03', consumption: 0.1, isEstimated: false },
      { day: '2026-03-04', consumption: 0.1, isEstimated: true, estimateReason: 'spike' },
      { day: '2026-03-05', consumption: 0.1, isEstimated: true, estimateReason: 'spike' },
      { day: '2026-03-06', consumption: 0.1, isEstimated: true, estimateReason: 'spike' },
      { day: '2026-03-07', consumption: 0.1, isEstimated: false },
      { day: '2026-03-08', consumption: 0.1, isEstimated: false },
    ]);
    const [coldWater] = (await get('/api/resident/consumption')).fluids;
    const march = coldWater.months.find((month: { month: string }) => month.month === '2026-03');
    expect(march).toMatchObject({ isEstimated: true, estimateReason: 'spike' });
    const february = coldWater.months.find((month: { month: string }) => month.month === '2026-02');
    expect(february.estimateReason).toBeUndefined();
    expect(coldWater.recentDays.days.find((day: { day: string }) => day.day === '2026-03-05')).toMatchObject({ estimateReason: 'spike' });
  });

  it('leaves the month of the spike out of the residence’s average dwelling', async () => {
    const [coldWater] = (await get('/api/resident/consumption')).fluids;
    const march = coldWater.months.find((month: { month: string }) => month.month === '2026-03');
    const february = coldWater.months.find((month: { month: string }) => month.month === '2026-02');
    expect(february.residenceAverage).toBeCloseTo((2.8 + 8.4) / 2, 3);
    // Only the neighbour's March: 15 days of 300 L to the 16th's 05:00 reading, Paris time.
    expect(march.residenceAverage).toBeGreaterThan(march.consumption * 2.5);
  });
});
