import { describe, expect, it } from 'vitest';
import { buildResidence, buildStaff } from '../../test/factories.ts';
import { signInAs } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';

/** Degree days in through the API, a day imported again replaced, and a residence tied to a station. */
describe('degree days and residence stations', () => {
  const harness = useTestApp();
  const db = () => harness().context.db;
  const csv = (lines: string[]) => ['station;day;tmin;tmax;degree_days', ...lines].join('\n');

  it('imports, replaces a day imported again, refuses a bad file whole, and ties a residence', async () => {
    const staff = await signInAs(harness(), (await buildStaff(db(), { staff_role: 'data' })).user);
    const post = (body: string) =>
      harness().app.inject({ method: 'POST', url: '/api/climate/degree-days', headers: { ...staff, 'content-type': 'text/csv' }, payload: body });

    const first = await post(csv(['07156;2025-11-01;2.0;8.0;', '07156;2025-11-02;;;11.5']));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ outcome: 'imported', rowsRead: 2, stations: 1, inserted: 2, replaced: 0 });

    // Day 2 again with temperatures: replaced, not added. 18 − (−1.5 + 4.1) / 2 = 16.7.
    const again = await post(csv(['07156;2025-11-02;-1.5;4.1;', '07156;2025-11-03;;;0']));
    expect(again.json()).toEqual({ outcome: 'imported', rowsRead: 2, stations: 1, inserted: 1, replaced: 1 });
    const stored = await db().selectFrom('station_degree_days').select(['day', 'degree_days', 'minimum_temperature']).orderBy('day').execute();
    expect(stored.map((row) => [row.day, Number(row.degree_days), row.minimum_temperature === null ? null : Number(row.minimum_temperature)])).toEqual([
      ['2025-11-01', 13, 2],
      ['2025-11-02', 16.7, -1.5],
      ['2025-11-03', 0, null],
    ]);

    const refused = await post(csv(['07156;2025-11-04;1;3;', '07156;2025-11-05;abc;3;']));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'degree_days_refused', details: { errorCount: 1, errors: [{ line: 3, problem: 'invalid_temperature', column: 'tmin' }] } });
    expect(await db().selectFrom('station_degree_days').select('day').where('day', '=', '2025-11-04').execute()).toEqual([]);

    const residence = await buildResidence(db(), { building_code: '55700001' });
    const put = (station: string | null) =>
      harness().app.inject({ method: 'PUT', url: `/api/climate/residences/${residence.id}/station`, headers: { ...staff, 'content-type': 'application/json' }, payload: { station } });
    expect((await put('99999')).json().error.code).toBe('weather_station_unknown');
    expect((await put('07156')).json()).toEqual({ residenceId: residence.id, station: '07156' });
    const read = await harness().app.inject({ method: 'GET', url: `/api/climate/residences/${residence.id}/station`, headers: staff });
    expect(read.json()).toEqual({ residenceId: residence.id, station: '07156' });
    const stations = await harness().app.inject({ method: 'GET', url: '/api/climate/stations', headers: staff });
    expect(stations.json()).toEqual({ stations: [{ code: '07156', days: 3, firstDay: '2025-11-01', lastDay: '2025-11-03' }] });
  });
});
