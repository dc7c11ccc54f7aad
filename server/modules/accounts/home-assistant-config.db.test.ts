import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDevice, buildDwelling, buildResidence, buildResident } from '../../test/factories.ts';
import { signInAs } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from '../consumption/consumption.service.ts';
import { insertReadings } from '../../test/readings.ts';

/**
 * docs/HOME-ASSISTANT.md's configuration, read as Home Assistant reads it: its one `rest:`
 * resource, called with its headers (the secret being `Bearer <token>`), and each sensor's
 * template evaluated on the answer. The resident moved in on 2026-03-01; today is 2026-03-16.
 */

interface SensorConfig {
  name: string;
  value_template: string;
  unit_of_measurement: string;
  device_class?: string;
  state_class: string;
}

/** The first ```yaml block of the page: the `rest:` configuration (a small, fixed shape, read line by line). */
function homeAssistantConfiguration() {
  const page = readFileSync(new URL('../../../docs/HOME-ASSISTANT.md', import.meta.url), 'utf8');
  const yaml = /```yaml\n([\s\S]*?)```/.exec(page)![1]!;
  const value = (text: string) => text.trim().replace(/^"(.*)"$/, '$1');
  const sensors: SensorConfig[] = [];
  let resource = '';
  let scanInterval = 0;
  let authorization = '';
  for (const line of yaml.split('\n')) {
    const sensorStart = /^\s+- name: (.*)$/.exec(line);
    if (sensorStart) sensors.push({ name: value(sensorStart[1]!) } as SensorConfig);
    const field = /^\s+(?:- )?([a-z_A-Z]+): (.*)$/.exec(line);
    if (!field) continue;
    const [, key, raw] = field as unknown as [string, string, string];
    if (key === 'resource') resource = value(raw);
    else if (key === 'scan_interval') scanInterval = Number(raw);
    else if (key === 'Authorization') authorization = value(raw);
    else if (sensors.length > 0 && key !== 'name') (sensors.at(-1) as unknown as Record<string, string>)[key] = value(raw);
  }
  return { resource, scanInterval, authorization, sensors };
}

/** Evaluates the templates the page uses: `value_json.meters | selectattr(attr, 'eq', v) | map(attribute=a) | sum | round(n)`. */
function evaluateTemplate(template: string, valueJson: { meters: Array<Record<string, unknown>> }): string {
  const match = /^\{\{ value_json\.meters \| selectattr\('(\w+)', 'eq', '(\w+)'\) \| map\(attribute='(\w+)'\) \| sum \| round\((\d)\) \}\}$/.exec(template);
  if (!match) throw new Error(`A template this test cannot read: ${template}`);
  const [, attribute, expected, mapped, digits] = match as unknown as [string, string, string, string, string];
  const sum = valueJson.meters.filter((meter) => meter[attribute] === expected).reduce((total, meter) => total + Number(meter[mapped]), 0);
  const factor = 10 ** Number(digits);
  return String(Math.round(sum * factor) / factor);
}

describe('docs/HOME-ASSISTANT.md', () => {
  const harness = useTestApp();

  it('its REST sensors read hot water, cold water and heating from the meter totals, every 15 minutes at most', async () => {
    const testApp = harness();
    const { db, clock } = testApp.context;
    const residence = await buildResidence(db);
    const dwelling = await buildDwelling(db, { residence_id: residence.id });
    const perDay = { hot_water: 0.05, cold_water: 0.1, heat_cost_allocator: 2 } as const;
    const devices = [];
    for (const kind of ['hot_water', 'cold_water', 'heat_cost_allocator'] as const) {
      const device = await buildDevice(db, { dwelling_id: dwelling.id, kind });
      devices.push(device);
      const readings = Array.from({ length: 30 }, (_, day) => ({
        residence_id: residence.id,
        device_id: device.id,
        read_at: new Date(Date.UTC(2026, 1, 20 + day, 23)),
        index_value: (day * perDay[kind]).toFixed(3),
        source: 'csv' as const,
      })).filter((reading) => reading.read_at <= clock.now());
      await insertReadings(db, readings);
      await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: readings[0]!.read_at }], clock.now());
    }
    await refreshQueuedConsumption(testApp.context);
    const built = await buildResident(db, { dwelling_id: dwelling.id, profile: { moved_in_on: '2026-03-01' } });
    const session = await signInAs(testApp, built.user);
    const { token } = (await testApp.app.inject({ method: 'POST', url: '/api/resident/api-tokens', headers: session, payload: { name: 'Home Assistant', lifetimeDays: 365 } })).json();

    const configuration = homeAssistantConfiguration();
    expect(configuration.scanInterval).toBeGreaterThanOrEqual(15 * 60);
    expect(configuration.authorization).toBe('!secret portal_api_token');
    // The secret, as the page says to write it.
    const secret = `Bearer ${token}`;
    const url = new URL(configuration.resource);
    const response = await testApp.app.inject({ method: 'GET', url: url.pathname + url.search, headers: { authorization: secret } });
    expect(response.statusCode).toBe(200);
    const valueJson = response.json();

    const states = Object.fromEntries(configuration.sensors.map((sensor) => [sensor.name, evaluateTemplate(sensor.value_template, valueJson)]));
    const days = valueJson.meters.find((meter: { kind: string }) => meter.kind === 'hot_water').total / perDay.hot_water;
    expect(days).toBeGreaterThan(10);
    expect(states).toEqual({
      'Eau chaude': String(Math.round(days * perDay.hot_water * 1000) / 1000),
      'Eau froide': String(Math.round(days * perDay.cold_water * 1000) / 1000),
      'Chauffage (répartiteurs)': String(days * perDay.heat_cost_allocator),
    });
    // Each sensor's class and unit are those the API gives for its meters.
    for (const sensor of configuration.sensors) {
      const kindOrFluid = /selectattr\('(\w+)', 'eq', '(\w+)'\)/.exec(sensor.value_template)!;
      const meters = valueJson.meters.filter((meter: Record<string, unknown>) => meter[kindOrFluid[1]!] === kindOrFluid[2]);
      expect(meters.length, sensor.name).toBeGreaterThan(0);
      for (const meter of meters) {
        expect(sensor.unit_of_measurement, sensor.name).toBe(meter.homeAssistantUnit);
        expect(sensor.device_class ?? null, sensor.name).toBe(meter.homeAssistantDeviceClass);
      }
      expect(sensor.state_class).toBe('total_increasing');
    }
  });
});
