import { describe, expect, it } from 'vitest';
import { buildDevice, buildDwelling, buildResidence, buildResident } from '../../test/factories.ts';
import { useTestApp } from '../../test/test-app.ts';
import { alertDetectionJobs, queueDetectionAfterIngest } from './alert-detection.jobs.ts';
import { selectContinuousFlowRuns } from './alert-detection.queries.ts';
import { detectAlerts } from './alert-detection.service.ts';
import { DEFAULT_FLOW_THRESHOLDS, findContinuousFlowRuns } from './leak-detection.ts';
import { insertReadings } from '../../test/readings.ts';

const harness = useTestApp();
const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-16T09:30:00Z');

/** Hourly (or any step) readings of a water meter: `litresAt(position)` litres flow in the interval ending at each reading. */
async function writeReadings(
  device: { id: string; residence_id: string },
  options: { startMs: number; count: number; stepMs?: number; litresAt: (position: number) => number; skip?: (position: number) => boolean; startIndex?: number },
) {
  const rows: Array<{ residence_id: string; device_id: string; read_at: Date; index_value: string; source: 'csv' }> = [];
  let litres = (options.startIndex ?? 1000) * 1000;
  for (let position = 0; position < options.count; position += 1) {
    if (position > 0) litres += options.litresAt(position);
    if (options.skip?.(position)) continue;
    rows.push({
      residence_id: device.residence_id,
      device_id: device.id,
      read_at: new Date(options.startMs + position * (options.stepMs ?? HOUR)),
      index_value: (litres / 1000).toFixed(6),
      source: 'csv',
    });
  }
  await insertReadings(harness().context.db, rows);
}

async function meterIn(residenceId?: string, overrides: Parameters<typeof buildDevice>[1] = {}) {
  const residence = residenceId ?? (await buildResidence(harness().context.db)).id;
  return buildDevice(harness().context.db, { residence_id: residence, kind: 'cold_water', ...overrides });
}

async function episodesOf(where: { deviceId?: string; dwellingId?: string }) {
  let query = harness().context.db.selectFrom('alert_episodes').selectAll().orderBy('started_at');
  if (where.deviceId) query = query.where('device_id', '=', where.deviceId);
  if (where.dwellingId) query = query.where('dwelling_id', '=', where.dwellingId);
  return query.execute();
}

const detectIn = (residenceId: string) => detectAlerts(harness().context, { residenceIds: [residenceId] });
const detectEverywhere = () => detectAlerts(harness().context, { residenceIds: null });

describe('leak detection from the readings', () => {
  it('flags 48 h at exactly the minimum flow, and neither 47 h nor a flow just below it', async () => {
    const exact = await meterIn();
    const slow = await meterIn(exact.residence_id);
    const short = await meterIn(exact.residence_id);
    const start = NOW - 60 * HOUR;
    await writeReadings(exact, { startMs: start, count: 49, litresAt: () => 0.5 });
    await writeReadings(slow, { startMs: start, count: 49, litresAt: (position) => (position === 20 ? 0.49 : 0.5) });
    await writeReadings(short, { startMs: start, count: 48, litresAt: () => 5 });
    await detectIn(exact.residence_id);
    const [episode] = await episodesOf({ deviceId: exact.id });
    expect(episode).toMatchObject({ kind: 'leak', source: 'readings', fluid: 'cold_water', closed_at: null });
    expect(episode!.started_at.getTime()).toBe(start);
    expect(episode!.last_seen_at.getTime()).toBe(start + 48 * HOUR);
    expect(await episodesOf({ deviceId: slow.id })).toEqual([]);
    expect(await episodesOf({ deviceId: short.id })).toEqual([]);
  });

  it('lets an interval of 3 h carry the run, and breaks it at a gap of more than 3 h', async () => {
    const bridged = await meterIn();
    const broken = await meterIn(bridged.residence_id);
    const start = NOW - 100 * HOUR;
    // Readings at hours 0…30, then none until 33 (a 3 h interval) or 34 (4 h), then on to 64.
    await writeReadings(bridged, { startMs: start, count: 65, litresAt: () => 2, skip: (position) => position === 31 || position === 32 });
    await writeReadings(broken, { startMs: start, count: 65, litresAt: () => 2, skip: (position) => position >= 31 && position <= 33 });
    await detectIn(bridged.residence_id);
    expect(await episodesOf({ deviceId: bridged.id })).toHaveLength(1);
    expect(await episodesOf({ deviceId: broken.id })).toEqual([]);
  });

  it('opens an episode once, keeps it open while the flow goes on, and closes it when the flow stops', async () => {
    const resident = await buildResident(harness().context.db);
    const meter = await meterIn(resident.dwelling.residence_id, { dwelling_id: resident.dwelling.id });
    const start = NOW - 72 * HOUR;
    await writeReadings(meter, { startMs: start, count: 61, litresAt: () => 3 });
    const first = await detectIn(meter.residence_id);
    expect(first).toMatchObject({ opened: 1, noticesScheduled: 1 });
    const [opened] = await episodesOf({ deviceId: meter.id });
    const notices = await harness().context.db.selectFrom('alert_notices').select('channel').where('episode_id', '=', opened!.id).execute();
    expect(notices.map((notice) => notice.channel).sort()).toEqual(['email', 'sms']);

    // More flow: the same episode, seen later; no second notice.
    await writeReadings(meter, { startMs: start + 61 * HOUR, count: 5, litresAt: () => 3, startIndex: 1000 + (61 * 3) / 1000 });
    const second = await detectIn(meter.residence_id);
    expect(second).toMatchObject({ opened: 0, closed: 0, noticesScheduled: 0 });
    const [kept] = await episodesOf({ deviceId: meter.id });
    expect(kept!.id).toBe(opened!.id);
    expect(kept!.last_seen_at.getTime()).toBe(start + 65 * HOUR);

    // An hour without flow closes it; a further pass changes nothing.
    const index = 1000 + (64 * 3) / 1000;
    await insertReadings(harness().context.db, { residence_id: meter.residence_id, device_id: meter.id, read_at: new Date(start + 66 * HOUR), index_value: index.toFixed(4), source: 'csv' });
    expect(await detectIn(meter.residence_id)).toMatchObject({ opened: 0, closed: 1 });
    expect(await detectIn(meter.residence_id)).toMatchObject({ opened: 0, closed: 0, recordedClosed: 0 });
    const episodes = await episodesOf({ deviceId: meter.id });
    expect(episodes).toHaveLength(1);
    expect(episodes[0]!.closed_at).not.toBeNull();
    expect(episodes[0]!.last_seen_at.getTime()).toBe(start + 65 * HOUR);
  });

  it('records a leak that ended long ago as closed history, without notices, once', async () => {
    const meter = await meterIn();
    const start = NOW - 90 * 24 * HOUR;
    await writeReadings(meter, { startMs: start, count: 24 * 10, litresAt: (position) => (position < 24 * 4 ? 10 : 0) });
    const summary = await detectEverywhere();
    expect(summary.recordedClosed).toBeGreaterThanOrEqual(1);
    await detectEverywhere();
    const episodes = await episodesOf({ deviceId: meter.id });
    expect(episodes).toHaveLength(1);
    expect(episodes[0]!.closed_at).not.toBeNull();
    expect(episodes[0]!.notices_scheduled_at).toBeNull();
    expect(episodes[0]!.last_seen_at.getTime() - episodes[0]!.started_at.getTime()).toBe(24 * 4 * HOUR - HOUR);
  });

  it('tells no one of a leak seen only in readings over three days old, and sends its notices once fresh readings show it still going', async () => {
    // An archive of past readings: the flow goes on to the meter's last reading, 4 days ago.
    const { db } = harness().context;
    const resident = await buildResident(db);
    const meter = await meterIn(resident.dwelling.residence_id, { dwelling_id: resident.dwelling.id });
    const start = NOW - 7 * 24 * HOUR;
    await writeReadings(meter, { startMs: start, count: 24 * 3 + 1, litresAt: () => 4 });
    expect(await detectIn(meter.residence_id)).toMatchObject({ opened: 1, noticesScheduled: 0 });
    const [episode] = await episodesOf({ deviceId: meter.id });
    expect(episode).toMatchObject({ closed_at: null, notices_scheduled_at: null });
    const noticesOf = () => db.selectFrom('alert_notices').select('channel').where('episode_id', '=', episode!.id).orderBy('channel').execute();
    expect(await noticesOf()).toEqual([]);

    // The meter's next readings, up to now, show the flow still going: now it is news.
    await writeReadings(meter, { startMs: start + 75 * HOUR, count: 24 * 4 - 2, litresAt: () => 4, startIndex: 1000 + (72 * 4 + 12) / 1000 });
    expect(await detectIn(meter.residence_id)).toMatchObject({ opened: 0, noticesScheduled: 1 });
    expect((await noticesOf()).map((notice) => notice.channel)).toEqual(['email', 'sms']);
  });

  it('treats a replacement as two meters: the removed one leaked until it was removed, the new one does not', async () => {
    const dwelling = await buildDwelling(harness().context.db);
    const old = await meterIn(dwelling.residence_id, { dwelling_id: dwelling.id, removed_on: '2026-03-15' });
    const replacement = await meterIn(dwelling.residence_id, { dwelling_id: dwelling.id, installed_on: '2026-03-15', replaces_device_id: old.id });
    const removal = Date.parse('2026-03-15T00:00:00Z');
    await writeReadings(old, { startMs: removal - 60 * HOUR, count: 61, litresAt: () => 4 });
    await writeReadings(replacement, { startMs: removal, count: 30, litresAt: (position) => (position % 6 === 0 ? 20 : 0), startIndex: 0 });
    await detectIn(dwelling.residence_id);
    const [leak] = await episodesOf({ deviceId: old.id });
    expect(leak?.closed_at).not.toBeNull();
    expect(await episodesOf({ deviceId: replacement.id })).toEqual([]);
  });

  it('finds the same runs in SQL as the pure rule, on random series', async () => {
    const meter = await meterIn();
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const samples: Array<{ at: number; litres: number }> = [];
    let at = NOW - 200 * 24 * HOUR;
    let litres = 0;
    let flowing = false;
    for (let position = 0; position < 3000; position += 1) {
      if (random() < 0.01) flowing = !flowing;
      const step = random() < 0.004 ? 4 * HOUR : random() < 0.05 ? 3 * HOUR : random() < 0.3 ? 15 * 60_000 : HOUR;
      at += step;
      litres += flowing ? (random() < 0.004 ? 0.4 : 0.6 + random() * 5) * (step / HOUR) : random() < 0.5 ? 0 : random() * 30;
      samples.push({ at, litres: Math.round(litres * 10) / 10 });
    }
    const rows = samples.map((sample) => ({ residence_id: meter.residence_id, device_id: meter.id, read_at: new Date(sample.at), index_value: (sample.litres / 1000).toFixed(4), source: 'csv' as const }));
    await insertReadings(harness().context.db, rows);
    const expected = findContinuousFlowRuns(samples, DEFAULT_FLOW_THRESHOLDS);
    const found = await selectContinuousFlowRuns(harness().context.db, { residenceIds: [meter.residence_id], from: null }, DEFAULT_FLOW_THRESHOLDS);
    expect(expected.length).toBeGreaterThan(2);
    expect(found.map((run) => [run.started_at.getTime(), run.last_seen_at.getTime()])).toEqual(expected.map((run) => [run.startAt, run.endAt]));
  });

  it('runs after an ingest batch through the job queue, once per residence however many batches wait', async () => {
    const meter = await meterIn();
    await writeReadings(meter, { startMs: NOW - 50 * HOUR, count: 51, litresAt: () => 1 });
    const today = new Date(NOW).toISOString().slice(0, 10);
    await queueDetectionAfterIngest(harness().context, [{ residenceId: meter.residence_id }, { residenceId: meter.residence_id, changedFromDay: today }]);
    await queueDetectionAfterIngest(harness().context, [{ residenceId: meter.residence_id, changedFromDay: today }]);
    expect(await harness().context.jobs.runWaiting(harness().context, alertDetectionJobs)).toBe(1);
    expect(await episodesOf({ deviceId: meter.id })).toHaveLength(1);
  });

  it('rescans a late batch from its first changed day, so a past leak it reveals is in the history at once', async () => {
    const meter = await meterIn();
    const startMs = NOW - 40 * 24 * HOUR;
    await writeReadings(meter, { startMs, count: 51, litresAt: () => 1 });
    await queueDetectionAfterIngest(harness().context, [{ residenceId: meter.residence_id }]);
    await harness().context.jobs.runWaiting(harness().context, alertDetectionJobs);
    expect(await episodesOf({ deviceId: meter.id })).toHaveLength(0);

    const changedFromDay = new Date(startMs).toISOString().slice(0, 10);
    await queueDetectionAfterIngest(harness().context, [{ residenceId: meter.residence_id, changedFromDay }, { residenceId: meter.residence_id }]);
    expect(await harness().context.jobs.runWaiting(harness().context, alertDetectionJobs)).toBe(1);
    const [episode] = await episodesOf({ deviceId: meter.id });
    expect(episode).toMatchObject({ source: 'readings' });
    expect(episode!.started_at.getTime()).toBe(startMs);
  });
});

describe('leak detection from the meter and from daily readings', () => {
  it('opens on a LEAK or BURST status and closes on the first telegram without it', async () => {
    const meter = await meterIn();
    const telegram = (hoursAgo: number, alarmKinds: Array<'leak' | 'burst' | 'battery'>) => ({
      residence_id: meter.residence_id,
      device_id: meter.id,
      read_at: new Date(NOW - hoursAgo * HOUR),
      driver: 'multical21',
      status_flags: alarmKinds.map((kind) => kind.toUpperCase()),
      alarm_kinds: alarmKinds,
      raw_message: '{}',
    });
    await harness().context.db.insertInto('device_telegrams').values([telegram(5, ['battery']), telegram(4, ['leak']), telegram(3, ['leak', 'burst'])]).execute();
    await detectIn(meter.residence_id);
    const [opened] = await episodesOf({ deviceId: meter.id });
    expect(opened).toMatchObject({ source: 'meter_flag', closed_at: null, details: { alarmKinds: ['burst', 'leak'] } });
    expect(opened!.started_at.getTime()).toBe(NOW - 4 * HOUR);
    await harness().context.db.insertInto('device_telegrams').values(telegram(1, [])).execute();
    await detectIn(meter.residence_id);
    const [closed] = await episodesOf({ deviceId: meter.id });
    expect(closed!.id).toBe(opened!.id);
    expect(closed!.closed_at).not.toBeNull();
  });

  it('applies the daily rule to a meter read once a day: a steady rise over 7 days, not over 6', async () => {
    const residence = await buildResidence(harness().context.db);
    const steady = await meterIn(residence.id);
    const brief = await meterIn(residence.id);
    const firstDay = Date.parse('2026-01-20T00:00:00Z');
    for (const [meter, risingDays] of [
      [steady, 7],
      [brief, 6],
    ] as const) {
      const days = 56 - 28 + 28;
      const daily = (position: number) => (position >= days - risingDays ? 150 : 90 + (position % 3) * 10);
      await writeReadings(meter, { startMs: firstDay, count: days + 1, stepMs: 24 * HOUR, litresAt: (position) => daily(position - 1) });
      await harness()
        .context.db.insertInto('daily_consumption')
        .values(
          Array.from({ length: days }, (_, position) => ({
            residence_id: meter.residence_id,
            dwelling_id: meter.dwelling_id,
            device_id: meter.id,
            fluid: 'cold_water' as const,
            unit: 'm3' as const,
            day: new Date(firstDay + position * 24 * HOUR).toISOString().slice(0, 10),
            consumption: (daily(position) / 1000).toFixed(3),
            is_estimated: false,
          })),
        )
        .execute();
    }
    await detectEverywhere();
    const [leak] = await episodesOf({ deviceId: steady.id });
    expect(leak).toMatchObject({ source: 'daily_rule', closed_at: null, details: { days: 7 } });
    expect(await episodesOf({ deviceId: brief.id })).toEqual([]);
  });
});

describe('over-consumption detection', () => {
  async function writeMonths(
    dwelling: { id: string; residence_id: string },
    fluid: 'cold_water' | 'heating',
    months: Record<string, number>,
    averages: Record<string, number> = {},
  ) {
    const unit = fluid === 'heating' ? 'units' : 'm3';
    await harness()
      .context.db.insertInto('monthly_dwelling_consumption')
      .values(
        Object.entries(months).map(([month, consumption]) => ({
          residence_id: dwelling.residence_id,
          dwelling_id: dwelling.id,
          fluid,
          unit,
          month: `${month}-01`,
          consumption: String(consumption),
          days_covered: new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate(),
          estimated_days: 0,
        })),
      )
      .execute();
    if (Object.keys(averages).length > 0) {
      await harness()
        .context.db.insertInto('monthly_residence_average')
        .values(
          Object.entries(averages).map(([month, average]) => ({
            residence_id: dwelling.residence_id,
            fluid,
            unit,
            month: `${month}-01`,
            average_consumption: String(average),
            dwelling_count: 10,
          })),
        )
        .execute();
    }
  }

  const yearOf = (year: number, value: (month: number) => number) =>
    Object.fromEntries(Array.from({ length: 12 }, (_, index) => [`${year}-${String(index + 1).padStart(2, '0')}`, value(index + 1)]));

  it('compares a month with the same month of the resident’s own previous years, and closes when a month is normal again', async () => {
    const resident = await buildResident(harness().context.db, { profile: { moved_in_on: '2024-01-01' } });
    // February 2026 (the last month over on 16 March) is above twice February 2025.
    await writeMonths(resident.dwelling, 'cold_water', { ...yearOf(2024, () => 5), ...yearOf(2025, () => 5), '2026-01': 5, '2026-02': 10.5 });
    await detectIn(resident.dwelling.residence_id);
    const [episode] = await episodesOf({ dwellingId: resident.dwelling.id });
    expect(episode).toMatchObject({ kind: 'overconsumption', fluid: 'cold_water', device_id: null, closed_at: null });
    expect(episode!.details).toMatchObject({ months: [{ month: '2026-02', basis: 'own_history', reference: 5 }] });

    harness().clock.set('2026-04-02T08:00:00Z');
    try {
      await writeMonths(resident.dwelling, 'cold_water', { '2026-03': 6 });
      await detectIn(resident.dwelling.residence_id);
      const [closed] = await episodesOf({ dwellingId: resident.dwelling.id });
      expect(closed!.id).toBe(episode!.id);
      expect(closed!.closed_at).not.toBeNull();
    } finally {
      harness().clock.set('2026-03-16T09:30:00Z');
    }
  });

  it('never reaches past the privacy boundary: with under a year of the resident’s own months, the residence average decides', async () => {
    const dwelling = await buildDwelling(harness().context.db);
    // The previous occupant used a lot; the resident moved in on 10 June 2025.
    await writeMonths(dwelling, 'cold_water', { ...yearOf(2024, () => 30), '2025-01': 30, '2025-02': 30, '2025-06': 6, '2025-07': 6, '2026-01': 8, '2026-02': 9 }, { '2026-02': 4 });
    await buildResident(harness().context.db, { dwelling_id: dwelling.id, profile: { moved_in_on: '2025-06-10' } });
    await detectIn(dwelling.residence_id);
    const [episode] = await episodesOf({ dwellingId: dwelling.id });
    // Had the 2024 and 2025 months of the previous occupant counted, February 2025 (30) would be the reference.
    expect(episode?.details).toMatchObject({ months: [{ month: '2026-02', basis: 'residence_average', reference: 4 }] });
  });

  it('leaves out months the data does not cover day by day', async () => {
    const resident = await buildResident(harness().context.db, { profile: { moved_in_on: '2024-01-01' } });
    await writeMonths(resident.dwelling, 'cold_water', { ...yearOf(2024, () => 5), ...yearOf(2025, () => 5), '2026-01': 5, '2026-02': 10.5 });
    // February 2025 was covered for 10 days only (1 m³): it is no reference, February 2024 (5 m³) is.
    await harness().context.db.updateTable('monthly_dwelling_consumption').set({ days_covered: 10, consumption: '1' }).where('dwelling_id', '=', resident.dwelling.id).where('month', '=', '2025-02-01').execute();
    await detectIn(resident.dwelling.residence_id);
    const [episode] = await episodesOf({ dwellingId: resident.dwelling.id });
    expect(episode!.details).toMatchObject({ months: [{ month: '2026-02', basis: 'own_history', reference: 5 }] });
    await harness().context.db.updateTable('monthly_dwelling_consumption').set({ consumption: '2' }).where('dwelling_id', '=', resident.dwelling.id).where('month', '=', '2024-02-01').execute();
    await detectIn(resident.dwelling.residence_id);
    const [again] = await episodesOf({ dwellingId: resident.dwelling.id });
    // Only February 2024 (2 m³) remains as February reference now.
    expect(again!.details).toMatchObject({ months: [{ month: '2026-02', basis: 'own_history', reference: 2 }] });
  });

  it('assesses no vacant dwelling, and compares heating with the resident’s own history only', async () => {
    const vacant = await buildDwelling(harness().context.db);
    await writeMonths(vacant, 'cold_water', { '2026-02': 50 }, { '2026-02': 4 });
    const heated = await buildResident(harness().context.db, { profile: { moved_in_on: '2025-09-01' } });
    await writeMonths(heated.dwelling, 'heating', { '2025-10': 100, '2026-01': 300, '2026-02': 400 }, { '2026-02': 100 });
    await detectEverywhere();
    expect(await episodesOf({ dwellingId: vacant.id })).toEqual([]);
    expect(await episodesOf({ dwellingId: heated.dwelling.id })).toEqual([]);
  });
});
