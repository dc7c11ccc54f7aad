import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEED_BUILDING_CODE, SEED_DWELLING_CODE } from './demo-catalogue.ts';
import type { DemoPlan, ReadingSeries } from './demo-plan.ts';
import { planDemoPortfolio } from './demo-portfolio.ts';
import { dayNumberOf, DAY_MS, HOUR_MS, parisDayNumberAt, parisMidnightUtc } from './paris-calendar.ts';

const REFERENCE_DATE = '2026-11-20';

function digest(plan: DemoPlan): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ ...plan, readingSeries: undefined }));
  for (const series of plan.readingSeries) {
    hash.update(series.deviceId);
    hash.update(Buffer.from(series.readAtMs.buffer));
    hash.update(Buffer.from(series.indexThousandths.buffer));
    hash.update(Buffer.from(series.isEstimated.buffer));
  }
  return hash.digest('hex');
}

const isNonDecreasing = (values: Float64Array) => values.every((value, index) => index === 0 || value >= values[index - 1]!);
const isDaily = (moment: number) => new Date(moment).getUTCMinutes() !== 0 || new Date(moment).getUTCSeconds() !== 0;

function dailyIndexes(series: ReadingSeries): Array<{ day: number; value: number; moment: number }> {
  const result: Array<{ day: number; value: number; moment: number }> = [];
  series.readAtMs.forEach((moment, index) => {
    if (isDaily(moment)) result.push({ day: parisDayNumberAt(moment), value: series.indexThousandths[index]!, moment });
  });
  return result;
}

describe('planDemoPortfolio', () => {
  let plan: DemoPlan;
  beforeAll(() => {
    plan = planDemoPortfolio({ referenceDate: REFERENCE_DATE });
  });
  const seriesOf = (deviceId: string) => plan.readingSeries.find((series) => series.deviceId === deviceId)!;

  it('is deterministic: the same reference date gives the same plan, ids and readings included', () => {
    const options = { referenceDate: '2025-06-15', historyDays: 60, hourlyDays: 12 };
    expect(digest(planDemoPortfolio(options))).toBe(digest(planDemoPortfolio(options)));
    expect(digest(planDemoPortfolio(options))).not.toBe(digest(planDemoPortfolio({ ...options, referenceDate: '2025-06-16' })));
  });

  it('builds its readings up to the reference date it is given, and not beyond', () => {
    for (const referenceDate of ['2025-06-15', '2026-01-03']) {
      const shortPlan = planDemoPortfolio({ referenceDate, historyDays: 40, hourlyDays: 10 });
      const referenceDay = dayNumberOf(referenceDate);
      const moments = shortPlan.readingSeries.flatMap((series) => [...series.readAtMs]);
      expect(Math.max(...moments)).toBeLessThan(parisMidnightUtc(referenceDay + 1));
      expect(Math.min(...moments)).toBeGreaterThanOrEqual(parisMidnightUtc(referenceDay - 39));
      const inService = shortPlan.readingSeries.filter((series) =>
        shortPlan.devices.some((device) => device.id === series.deviceId && device.removedOn === null),
      );
      const lastDailyDays = inService.map((series) => dailyIndexes(series).at(-1)!.day);
      expect(new Set(lastDailyDays)).toEqual(new Set([referenceDay]));
      const lastInstant = parisMidnightUtc(referenceDay + 1);
      for (const user of shortPlan.users) expect(Date.parse(user.createdAt)).toBeLessThan(lastInstant);
      for (const residence of shortPlan.residences) {
        if (residence.publishedAt) expect(Date.parse(residence.publishedAt)).toBeLessThan(lastInstant);
      }
    }
  });

  it('meets the portfolio minimums: clients, residences, dwellings, makes, three years of daily readings', () => {
    expect(new Set(plan.clients.map((client) => client.kind))).toEqual(new Set(['syndic', 'bailleur']));
    expect(plan.residences.length).toBeGreaterThanOrEqual(5);
    expect(plan.residences.filter((residence) => residence.publishedAt === null)).toHaveLength(1);
    const contractOf = (contractId: string) => plan.contracts.find((contract) => contract.id === contractId)!;
    expect(plan.residences.filter((residence) => !contractOf(residence.contractId).bookedOptions.includes('resident_portal'))).toHaveLength(1);
    expect(plan.dwellings.length).toBeGreaterThanOrEqual(150);
    expect(plan.dwellings.every((dwelling) => /^\d{8}$/.test(dwelling.dwellingCode))).toBe(true);
    expect(new Set(plan.dwellings.map((dwelling) => dwelling.reference)).size).toBe(plan.dwellings.length);
    expect(plan.dwellings.every((dwelling) => /^[A-Z0-9]{10}$/.test(dwelling.reference))).toBe(true);

    const otherMakes = plan.devices.filter((device) => device.manufacturer !== 'ISTA');
    expect(new Set(otherMakes.map((device) => device.manufacturer))).toEqual(new Set(['ITRON', 'KAMSTRUP']));
    expect(otherMakes.every((device) => !/^\d{9}$/.test(device.serialNumber) && device.radioId !== null)).toBe(true);
    expect(new Set(otherMakes.map((device) => device.residenceId)).size).toBe(1);
    expect(plan.devices.filter((device) => device.manufacturer === 'ISTA').every((device) => /^\d{9}$/.test(device.serialNumber))).toBe(true);
    expect(new Set(plan.devices.map((device) => `${device.manufacturer}/${device.serialNumber}`)).size).toBe(plan.devices.length);

    const days = dayNumberOf(plan.referenceDate) - dayNumberOf(plan.historyStartDate) + 1;
    expect(days).toBeGreaterThanOrEqual(3 * 365 + 1);
    expect(dayNumberOf(plan.referenceDate) - dayNumberOf(plan.hourlyStartDate) + 1).toBe(60);
    const rows = plan.readingSeries.reduce((total, series) => total + series.readAtMs.length, 0);
    expect(rows).toBeGreaterThan(1_000_000);
  });

  it("contains the seed's residence and its free dwelling 01030001 exactly as in the source document", () => {
    const residence = plan.residences.find((candidate) => candidate.buildingCode === SEED_BUILDING_CODE)!;
    expect(residence).toMatchObject({ name: null, street: 'RUE DE LA GARNISON BATIMENT D', postalCode: '34300', city: 'LE CAP D AGDE' });
    expect(residence.publishedAt).not.toBeNull();
    expect(plan.contracts.find((contract) => contract.id === residence.contractId)!.bookedOptions).toContain('resident_portal');
    const dwelling = plan.dwellings.find((candidate) => candidate.residenceId === residence.id && candidate.dwellingCode === SEED_DWELLING_CODE)!;
    expect(dwelling).toMatchObject({ clientNumber: '5151 0008', building: '01', staircase: '03', floor: '00' });
    const devices = plan.devices.filter((device) => device.dwellingId === dwelling.id);
    expect(devices.filter((device) => device.kind === 'cold_water')).toMatchObject([{ serialNumber: '542361524', manufacturer: 'ISTA' }]);
    expect(devices.filter((device) => device.kind === 'hot_water')).toHaveLength(1);
    expect(devices.filter((device) => device.kind === 'heat_cost_allocator').length).toBeGreaterThanOrEqual(2);
    expect(devices.every((device) => /^\d{9}$/.test(device.serialNumber))).toBe(true);
    expect(plan.users.filter((user) => user.dwellingId === dwelling.id)).toEqual([]);
  });

  it('keeps every water index non-decreasing; the replaced meter hands over to a new one starting near 0', () => {
    const waterMeters = plan.devices.filter((candidate) => candidate.unit === 'm3');
    expect(waterMeters.filter((device) => !isNonDecreasing(seriesOf(device.id).indexThousandths))).toEqual([]);
    const { removedDeviceId, newDeviceId, replacedOn } = plan.plantedReplacement;
    const removed = plan.devices.find((device) => device.id === removedDeviceId)!;
    const replacement = plan.devices.find((device) => device.id === newDeviceId)!;
    expect(removed.removedOn).toBe(replacedOn);
    expect(replacement).toMatchObject({ installedOn: replacedOn, removedOn: null, replacesDeviceId: removedDeviceId, dwellingId: removed.dwellingId });
    const replacedDay = dayNumberOf(replacedOn);
    expect(dailyIndexes(seriesOf(removedDeviceId)).at(-1)!.day).toBe(replacedDay);
    const firstNew = dailyIndexes(seriesOf(newDeviceId))[0]!;
    expect(firstNew.day).toBe(replacedDay + 1);
    expect(firstNew.value).toBeLessThan(1000);
    expect(dailyIndexes(seriesOf(removedDeviceId)).at(-1)!.value).toBeGreaterThan(10_000);
  });

  it('restarts heat cost allocators from 0 every 1 January, and they barely move in summer', () => {
    const allocators = plan.devices.filter((device) => device.kind === 'heat_cost_allocator');
    expect(allocators.length).toBeGreaterThan(100);
    const newYearDays = [2024, 2025, 2026].map((year) => Date.UTC(year, 0, 1) / DAY_MS);
    for (const device of allocators.slice(0, 60)) {
      const daily = dailyIndexes(seriesOf(device.id));
      // The reading shortly after midnight on 1 January shows what was counted since: a unit or two.
      const restarts = daily.filter((reading, index) => index > 0 && reading.value < daily[index - 1]!.value);
      expect(restarts.map((reading) => reading.day)).toEqual(newYearDays.filter((day) => restarts.some((reading) => reading.day === day)));
      expect(restarts).toHaveLength(newYearDays.filter((day) => daily.some((reading) => reading.day === day)).length);
      expect(restarts.every((reading) => reading.value <= 3000)).toBe(true);
      const julyFirst = daily.find((reading) => new Date(reading.day * DAY_MS).toISOString().endsWith('-07-01T00:00:00.000Z'))!;
      const augustFirst = daily.find((reading) => reading.day === julyFirst.day + 31)!;
      expect(augustFirst.value - julyFirst.value).toBe(0);
    }
  });

  it('plants leaks with a continuous hourly flow of at least 0.5 L/h over 48 h or more, and nowhere else', () => {
    expect(plan.plantedLeaks.length).toBeGreaterThanOrEqual(3);
    const longestRunOfFlow = (series: ReadingSeries): number => {
      let longest = 0;
      let current = 0;
      let previous: { moment: number; value: number } | undefined;
      series.readAtMs.forEach((moment, index) => {
        if (isDaily(moment)) return;
        const value = series.indexThousandths[index]!;
        const isFlowing = previous !== undefined && moment - previous.moment === HOUR_MS && value - previous.value >= 0.5;
        current = isFlowing ? current + 1 : 0;
        longest = Math.max(longest, current);
        previous = { moment, value };
      });
      return longest;
    };
    for (const leak of plan.plantedLeaks) expect(longestRunOfFlow(seriesOf(leak.deviceId))).toBeGreaterThanOrEqual(48);
    const leakDevices = new Set(plan.plantedLeaks.map((leak) => leak.deviceId));
    const waterMeters = plan.devices.filter((device) => device.unit === 'm3' && !leakDevices.has(device.id));
    const flowingElsewhere = waterMeters.filter((device) => longestRunOfFlow(seriesOf(device.id)) >= 24);
    expect(flowingElsewhere).toEqual([]);
  });

  it('has hourly readings for the water meters only, consistent with the daily indexes', () => {
    const hourlyCountOf = (deviceId: string) => seriesOf(deviceId).readAtMs.filter((moment) => !isDaily(moment)).length;
    expect(plan.devices.filter((device) => device.unit !== 'm3' && hourlyCountOf(device.id) > 0)).toEqual([]);
    const inService = plan.devices.filter((device) => device.unit === 'm3' && device.removedOn === null);
    expect(inService.filter((device) => hourlyCountOf(device.id) < 58 * 24)).toEqual([]);
    const isStrictlyIncreasing = (values: Float64Array) => values.every((value, index) => index === 0 || value > values[index - 1]!);
    expect(plan.readingSeries.filter((series) => !isStrictlyIncreasing(series.readAtMs))).toEqual([]);
  });

  it('shapes water use like households: about 148 L a person, a quarter to a third hot, more at weekends', () => {
    const hotShare: number[] = [];
    let weekendTotal = 0;
    let weekdayTotal = 0;
    let weekendDays = 0;
    let weekdayDays = 0;
    for (const dwelling of plan.dwellings) {
      const cold = plan.devices.find((device) => device.dwellingId === dwelling.id && device.kind === 'cold_water' && device.removedOn === null);
      const hot = plan.devices.find((device) => device.dwellingId === dwelling.id && device.kind === 'hot_water')!;
      if (!cold || cold.replacesDeviceId) continue;
      const coldDaily = dailyIndexes(seriesOf(cold.id));
      const hotDaily = dailyIndexes(seriesOf(hot.id));
      const coldUse = coldDaily.at(-1)!.value - coldDaily[0]!.value;
      const hotUse = hotDaily.at(-1)!.value - hotDaily[0]!.value;
      if (coldUse + hotUse > 100_000) hotShare.push(hotUse / (coldUse + hotUse));
      for (let index = 1; index < coldDaily.length; index += 1) {
        const use = coldDaily[index]!.value - coldDaily[index - 1]!.value;
        const weekday = (coldDaily[index - 1]!.day + 4) % 7;
        if (coldDaily[index]!.day !== coldDaily[index - 1]!.day + 1) continue;
        if (weekday === 0 || weekday === 6) [weekendTotal, weekendDays] = [weekendTotal + use, weekendDays + 1];
        else [weekdayTotal, weekdayDays] = [weekdayTotal + use, weekdayDays + 1];
      }
    }
    const medianShare = hotShare.sort((a, b) => a - b)[Math.floor(hotShare.length / 2)]!;
    expect(medianShare).toBeGreaterThan(0.22);
    expect(medianShare).toBeLessThan(0.36);
    expect(weekendTotal / weekendDays).toBeGreaterThan((weekdayTotal / weekdayDays) * 1.05);
    const averageDailyLitres = (weekendTotal + weekdayTotal) / (weekendDays + weekdayDays) / (1 - medianShare);
    expect(averageDailyLitres).toBeGreaterThan(200);
    expect(averageDailyLitres).toBeLessThan(600);
  });

  it('has some gaps, some estimated values, recorded changes of occupant and vacant dwellings', () => {
    const historyDays = dayNumberOf(plan.referenceDate) - dayNumberOf(plan.historyStartDate) + 1;
    const withGaps = plan.readingSeries.filter((series) => {
      const device = plan.devices.find((candidate) => candidate.id === series.deviceId)!;
      return device.removedOn === null && !device.replacesDeviceId && dailyIndexes(series).length < historyDays;
    });
    expect(withGaps.length).toBeGreaterThan(5);
    const withEstimates = plan.readingSeries.filter((series) => series.isEstimated.includes(1));
    expect(withEstimates.length).toBeGreaterThan(3);
    expect(plan.occupantChanges.length).toBeGreaterThanOrEqual(5);
  });

  it('has the demo logins and residents consistent with the changes of occupant', () => {
    const loginOf = (email: string) => plan.users.find((user) => user.email === email)!;
    const staffRoles = plan.staffMembers.map((member) => member.staffRole);
    expect(staffRoles).toEqual(expect.arrayContaining(['admin', 'support']));
    const firstClient = plan.clients[0]!;
    const managers = plan.managerMemberships.filter((membership) => membership.clientId === firstClient.id);
    expect(managers.some((membership) => membership.isPortalAdmin)).toBe(true);
    const restricted = managers.find((membership) => !membership.isPortalAdmin && !membership.seesAllResidences)!;
    expect(plan.managerResidenceAccess.filter((access) => access.userId === restricted.userId).length).toBeGreaterThan(0);
    for (const login of plan.logins) expect(loginOf(login.email)).toBeDefined();

    const activeResidents = plan.residentProfiles.filter((profile) => profile.movedOutOn === null);
    const featured = activeResidents.filter((profile) => plan.logins.some((login) => loginOf(login.email).id === profile.userId));
    expect(featured.length).toBeGreaterThanOrEqual(3);
    expect(new Set(featured.map((profile) => profile.managerMaySeeDaily))).toEqual(new Set([true, false]));
    expect(plan.residentProfiles.every((profile) => profile.privacyPolicyVersion === '2026-11')).toBe(true);
    expect(plan.users.every((user) => user.email.endsWith('@demo.example'))).toBe(true);

    const dwellingOfUser = new Map(plan.users.map((user) => [user.id, user.dwellingId]));
    const activePerDwelling = new Map<string, number>();
    for (const user of plan.users.filter((candidate) => candidate.role === 'resident' && candidate.closedAt === null)) {
      activePerDwelling.set(user.dwellingId!, (activePerDwelling.get(user.dwellingId!) ?? 0) + 1);
    }
    expect(Math.max(...activePerDwelling.values())).toBe(1);
    for (const profile of activeResidents) {
      const changes = plan.occupantChanges.filter((change) => change.dwellingId === dwellingOfUser.get(profile.userId));
      const latest = changes.map((change) => change.changedOn).sort().at(-1);
      if (latest) expect(profile.movedInOn).toBe(latest);
      expect(Date.parse(profile.privacyConsentAt)).toBeGreaterThan(Date.parse(profile.movedInOn));
    }
  });
});
