import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../app-context.ts';
import { FixedClock } from '../../clock.ts';
import { loadDemoDataIfEmpty } from '../../demo/demo-loader.ts';
import { planDemoPortfolio } from '../../demo/demo-portfolio.ts';
import { createAppContext } from '../../modules.ts';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.ts';
import { testConfig } from '../../test/test-config.ts';
import { detectAlerts } from './alert-detection.service.ts';

/** A scaled-down demo (the generator's own stories, a shorter history), loaded as the app loads it. */
const SHORT = { historyDays: 40, hourlyDays: 12 };
const REFERENCE_DATE = '2026-03-15';

describe('alert detection on the demo portfolio', () => {
  let database: TestDatabase;
  let context: AppContext;
  const plan = planDemoPortfolio({ referenceDate: REFERENCE_DATE, ...SHORT });

  beforeAll(async () => {
    database = await createTestDatabase();
    context = createAppContext(
      { config: testConfig({ DEMO_REFERENCE_DATE: REFERENCE_DATE }), database, clock: new FixedClock('2026-03-16T09:30:00Z') },
      { maintenance: false },
    );
    await loadDemoDataIfEmpty(context, SHORT);
  });
  afterAll(async () => {
    await context.jobs.stop();
    await database.close();
  });

  const leakEpisodes = () =>
    database.db.selectFrom('alert_episodes').select(['dwelling_id', 'device_id', 'source', 'closed_at', 'started_at']).where('kind', '=', 'leak').execute();

  it('flags exactly the dwellings where the generator planted a leak, open while it still runs', async () => {
    expect(plan.plantedLeaks.length).toBeGreaterThanOrEqual(3);
    const episodes = await leakEpisodes();
    expect([...new Set(episodes.map((episode) => episode.dwelling_id))].sort()).toEqual(plan.plantedLeaks.map((leak) => leak.dwellingId).sort());
    for (const leak of plan.plantedLeaks) {
      const found = episodes.filter((episode) => episode.dwelling_id === leak.dwellingId);
      expect(found).toHaveLength(1);
      expect(found[0]!.device_id).toBe(leak.deviceId);
      expect(found[0]!.closed_at === null).toBe(leak.endsAt === null);
      // The run starts by the hour the leak was planted; the household's own use may carry it a few hours earlier.
      const lead = Date.parse(leak.startsAt) - found[0]!.started_at.getTime();
      expect(lead).toBeGreaterThanOrEqual(-3_600_000);
      expect(lead).toBeLessThanOrEqual(24 * 3_600_000);
    }
  });

  it('finds the same again on the next nightly pass, and opens nothing new', async () => {
    const before = await leakEpisodes();
    const summary = await detectAlerts(context, { residenceIds: null });
    expect(summary).toMatchObject({ opened: 0, closed: 0, recordedClosed: 0 });
    expect((await leakEpisodes()).length).toBe(before.length);
  });
});
