import type { DeviceUnit, Fluid } from '../../db/schema.ts';
import { DEFAULT_HOT_WATER_KWH_PER_M3, type CostFigure, type CostPeriod, type SupplyEnergy, type TariffComponent } from '#shared/contracts/tariffs.ts';
import { FIXED_POINT_DECIMALS, fromFixedPoint, toFixedPoint } from '../../kernel/fixed-point.ts';

/**
 * Prices and CO₂ of consumption, day by day: each day is priced at the tariff valid that day,
 * so a month that straddles a change is split, and the figure lists every tariff it used.
 * Everything is integer arithmetic on fixed-point values (10⁻⁹): a product of two is in 10⁻¹⁸,
 * of three in 10⁻²⁷; only the period's sum is rounded, half up, to cents and tenths of a kg.
 *
 * - cold water: m³ × €/m³; no CO₂ (the energy to pump it is not counted);
 * - hot water: m³ × €/m³; energy = m³ × kWh/m³ (`hot_water_kwh_per_m3`, else
 *   DEFAULT_HOT_WATER_KWH_PER_M3), CO₂ = energy × the supply's kg CO₂e/kWh;
 * - heating, heat meter: kWh × €/kWh; CO₂ = kWh × the supply's factor;
 * - heating, allocators: units × €/unit; energy = units × kWh/unit, CO₂ = energy × the factor.
 */

interface TariffRate {
  component: TariffComponent;
  validFrom: string;
  value: string;
}

interface EnergySupply {
  validFrom: string;
  energy: SupplyEnergy;
  networkName: string | null;
  co2KgPerKwh: string;
  factorSource: string;
}

export interface PricedDay {
  day: string;
  unit: DeviceUnit;
  consumption: string;
}

const SCALE = 10n ** BigInt(FIXED_POINT_DECIMALS);

/** The row valid on `day`: the latest whose validFrom is on or before it. `rows` sorted by validFrom. */
function validOn<T extends { validFrom: string }>(rows: readonly T[], day: string): T | undefined {
  let found: T | undefined;
  for (const row of rows) {
    if (row.validFrom > day) break;
    found = row;
  }
  return found;
}

/** `value` in units of 10^-`decimals` rounded half up (away from zero) to 10^-`keep`, as decimal text. */
export function roundedText(value: bigint, decimals: number, keep: number): string {
  const divisor = 10n ** BigInt(decimals - keep);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const rounded = (magnitude + divisor / 2n) / divisor;
  const text = rounded.toString().padStart(keep + 1, '0');
  const whole = text.slice(0, text.length - keep);
  const fraction = text.slice(text.length - keep);
  return `${negative && rounded !== 0n ? '-' : ''}${whole}${keep > 0 ? `.${fraction}` : ''}`;
}

const PRICE_COMPONENT: Record<Fluid | 'allocator', TariffComponent> = {
  cold_water: 'cold_water_eur_per_m3',
  hot_water: 'hot_water_eur_per_m3',
  heating: 'heat_eur_per_kwh',
  allocator: 'allocator_eur_per_unit',
};

interface Accumulator {
  consumption: bigint;
  /** 10⁻¹⁸ €. */
  cost: bigint;
  pricedDays: number;
  unpricedDays: number;
  /** 10⁻¹⁸ kWh. */
  energy: bigint;
  /** 10⁻²⁷ kg. */
  co2: bigint;
  co2Days: number;
  /** Days of heat or hot water with no CO₂: no supply set, or an allocator without a kWh-per-unit factor. */
  daysWithoutCo2: number;
  tariffs: Map<string, { component: TariffComponent; value: string; validFrom: string; from: string; to: string }>;
  supplies: Map<string, EnergySupply & { from: string; to: string }>;
  usesDefaultHotWaterEnergy: boolean;
}

const emptyAccumulator = (): Accumulator => ({
  consumption: 0n,
  cost: 0n,
  pricedDays: 0,
  unpricedDays: 0,
  energy: 0n,
  co2: 0n,
  co2Days: 0,
  daysWithoutCo2: 0,
  tariffs: new Map(),
  supplies: new Map(),
  usesDefaultHotWaterEnergy: false,
});

function noteUse<T extends { from: string; to: string }>(uses: Map<string, T>, key: string, day: string, entry: () => T): void {
  const use = uses.get(key);
  if (!use) uses.set(key, entry());
  else {
    if (day < use.from) use.from = day;
    if (day > use.to) use.to = day;
  }
}

export interface Tariffs {
  rates: readonly TariffRate[];
  supplies: readonly EnergySupply[];
}

/** Adds one day to `into`. */
function addDay(into: Accumulator, fluid: Fluid, row: PricedDay, byComponent: Map<TariffComponent, TariffRate[]>, supplies: readonly EnergySupply[]): void {
  const consumption = toFixedPoint(row.consumption);
  into.consumption += consumption;
  const rateOn = (component: TariffComponent) => {
    const rate = validOn(byComponent.get(component) ?? [], row.day);
    if (rate) noteUse(into.tariffs, `${component}:${rate.validFrom}`, row.day, () => ({ ...rate, from: row.day, to: row.day }));
    return rate;
  };
  const isAllocator = fluid === 'heating' && row.unit === 'units';
  const price = rateOn(PRICE_COMPONENT[isAllocator ? 'allocator' : fluid]);
  if (price) {
    into.cost += consumption * toFixedPoint(price.value);
    into.pricedDays += 1;
  } else into.unpricedDays += 1;
  if (fluid === 'cold_water') return;

  // Energy in 10⁻¹⁸ kWh.
  let energy: bigint | null;
  if (fluid === 'hot_water') {
    const factor = rateOn('hot_water_kwh_per_m3');
    if (!factor) into.usesDefaultHotWaterEnergy = true;
    energy = consumption * toFixedPoint(factor?.value ?? DEFAULT_HOT_WATER_KWH_PER_M3);
  } else if (isAllocator) {
    const factor = rateOn('allocator_kwh_per_unit');
    energy = factor ? consumption * toFixedPoint(factor.value) : null;
  } else energy = consumption * SCALE;
  const supply = validOn(supplies, row.day);
  if (energy === null || !supply) into.daysWithoutCo2 += 1;
  if (energy === null) return;
  into.energy += energy;
  if (!supply) return;
  noteUse(into.supplies, supply.validFrom, row.day, () => ({ ...supply, from: row.day, to: row.day }));
  into.co2 += energy * toFixedPoint(supply.co2KgPerKwh);
  into.co2Days += 1;
}

function figureOf(fluid: Fluid, unit: DeviceUnit, sum: Accumulator): CostFigure {
  const hasEnergy = fluid !== 'cold_water' && sum.co2Days > 0;
  return {
    fluid,
    unit,
    consumption: fromFixedPoint(sum.consumption),
    costEur: sum.pricedDays > 0 ? roundedText(sum.cost, 18, 2) : null,
    energyKwh: hasEnergy ? roundedText(sum.energy, 18, 1) : null,
    co2Kg: hasEnergy ? roundedText(sum.co2, 27, 1) : null,
    unpricedDays: sum.unpricedDays,
    daysWithoutCo2: sum.daysWithoutCo2,
    tariffs: [...sum.tariffs.values()].sort((left, right) => left.component.localeCompare(right.component) || left.from.localeCompare(right.from)),
    supplies: [...sum.supplies.values()].sort((left, right) => left.from.localeCompare(right.from)),
    usesDefaultHotWaterEnergy: fluid === 'hot_water' && sum.usesDefaultHotWaterEnergy,
  };
}

const sortedByValidity = <T extends { validFrom: string }>(rows: readonly T[]) => [...rows].sort((left, right) => left.validFrom.localeCompare(right.validFrom));

/**
 * The kWh an allocator's days stand for, each day's units at the kWh-per-unit factor valid that
 * day (days before the first factor count none), rounded once to 3 decimals; null when no factor
 * is set. Day by day, so a new factor never rewrites the energy of days already counted.
 */
export function allocatorEnergyKwh(days: ReadonlyArray<{ day: string; units: string }>, factors: ReadonlyArray<{ validFrom: string; value: string }>): string | null {
  if (factors.length === 0) return null;
  const sorted = sortedByValidity(factors);
  let energy = 0n;
  for (const { day, units } of days) {
    const factor = validOn(sorted, day);
    if (factor) energy += toFixedPoint(units) * toFixedPoint(factor.value);
  }
  return roundedText(energy, 2 * FIXED_POINT_DECIMALS, 3);
}

/** Sums of figures' rounded amounts (what is shown adds up), null when none has one. */
function totalOf(figures: readonly CostFigure[], field: 'costEur' | 'co2Kg', keep: number): string | null {
  const values = figures.map((figure) => figure[field]).filter((value): value is string => value !== null);
  if (values.length === 0) return null;
  return roundedText(values.reduce((total, value) => total + toFixedPoint(value), 0n), FIXED_POINT_DECIMALS, keep);
}

/**
 * Priced periods of days of several fluids: `periodOf` maps a day to its period key (a month
 * `YYYY-MM` or a year `YYYY`); periods come out in order, fluids in the order given.
 */
export function priceDays(days: ReadonlyArray<{ fluid: Fluid; rows: readonly PricedDay[] }>, tariffs: Tariffs, periodOf: (day: string) => string): CostPeriod[] {
  const byComponent = new Map<TariffComponent, TariffRate[]>();
  for (const rate of sortedByValidity(tariffs.rates)) byComponent.set(rate.component, [...(byComponent.get(rate.component) ?? []), rate]);
  const supplies = sortedByValidity(tariffs.supplies);
  const periods = new Map<string, Map<string, { fluid: Fluid; unit: DeviceUnit; sum: Accumulator }>>();
  for (const { fluid, rows } of days) {
    for (const row of rows) {
      const key = periodOf(row.day);
      const figures = periods.get(key) ?? new Map();
      periods.set(key, figures);
      const figureKey = `${fluid}:${row.unit}`;
      const entry = figures.get(figureKey) ?? { fluid, unit: row.unit, sum: emptyAccumulator() };
      figures.set(figureKey, entry);
      addDay(entry.sum, fluid, row, byComponent, supplies);
    }
  }
  return [...periods.keys()].sort().map((period) => {
    const fluids = [...periods.get(period)!.values()].map((entry) => figureOf(entry.fluid, entry.unit, entry.sum));
    return { period, fluids, totalCostEur: totalOf(fluids, 'costEur', 2), totalCo2Kg: totalOf(fluids, 'co2Kg', 1) };
  });
}
