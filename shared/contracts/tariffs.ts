import { z } from 'zod';

/**
 * Costs and CO₂ (`/api/staff/residences/:id/tariffs`, `/api/resident/costs`,
 * `/api/manager/residences/:id/costs`). Amounts travel as decimal texts computed in fixed point
 * on the server (`"12.34"` euros, `"5.6"` kg CO₂e), never as floats.
 */

/** What a residence's price or factor applies to. Each holds from its day until the next row of the same component. */
export const TARIFF_COMPONENTS = [
  'cold_water_eur_per_m3',
  'hot_water_eur_per_m3',
  'heat_eur_per_kwh',
  'allocator_eur_per_unit',
  'allocator_kwh_per_unit',
  'hot_water_kwh_per_m3',
] as const;
export type TariffComponent = (typeof TARIFF_COMPONENTS)[number];

/** The energy behind heat and hot water. */
export const SUPPLY_ENERGIES = ['natural_gas', 'fuel_oil', 'heat_network', 'electricity'] as const;
export type SupplyEnergy = (typeof SUPPLY_ENERGIES)[number];

/**
 * Energy to heat one m³ of hot water when staff set none: 58 kWh/m³, i.e. water warmed from
 * 10 °C to 60 °C (50 K × 1.163 kWh/(m³·K)), distribution losses not counted.
 */
export const DEFAULT_HOT_WATER_KWH_PER_M3 = '58';

const day = z.iso.date();
const decimalText = z.string().regex(/^\d{1,6}(\.\d{1,9})?$/);

export const tariffRateBody = z.object({
  component: z.enum(TARIFF_COMPONENTS),
  validFrom: day,
  value: decimalText,
});

export const energySupplyBody = z
  .object({
    validFrom: day,
    energy: z.enum(SUPPLY_ENERGIES),
    networkName: z.string().trim().min(1).max(120).nullable(),
    co2KgPerKwh: decimalText,
    factorSource: z.string().trim().min(1).max(300),
  })
  .refine((body) => (body.energy === 'heat_network') === (body.networkName !== null), { path: ['networkName'], message: 'A heat network, and only it, is named' });

const tariffRate = tariffRateBody.extend({ id: z.uuid(), createdAt: z.string() });
const energySupply = z.object({
  id: z.uuid(),
  validFrom: day,
  energy: z.enum(SUPPLY_ENERGIES),
  networkName: z.string().nullable(),
  co2KgPerKwh: z.string(),
  factorSource: z.string(),
  createdAt: z.string(),
});

export const residenceTariffs = z.object({
  residenceId: z.uuid(),
  rates: z.array(tariffRate),
  supplies: z.array(energySupply),
  defaultHotWaterKwhPerM3: z.string(),
});
export type ResidenceTariffs = z.infer<typeof residenceTariffs>;

/** One tariff a figure used, over the days it applied. */
const appliedTariff = z.object({
  component: z.enum(TARIFF_COMPONENTS),
  value: z.string(),
  validFrom: day,
  from: day,
  to: day,
});

const appliedSupply = z.object({
  energy: z.enum(SUPPLY_ENERGIES),
  networkName: z.string().nullable(),
  co2KgPerKwh: z.string(),
  factorSource: z.string(),
  validFrom: day,
  from: day,
  to: day,
});

/** One fluid's month (or year): its volume, its estimated cost and CO₂, and what they were computed with. */
const costFigure = z.object({
  fluid: z.enum(['hot_water', 'cold_water', 'heating']),
  unit: z.enum(['m3', 'units', 'kWh']),
  consumption: z.string(),
  /** Euros, 2 decimals; null when a day had no price. */
  costEur: z.string().nullable(),
  /** kWh behind the figure (heat and hot water); null for cold water or when a factor is missing. */
  energyKwh: z.string().nullable(),
  /** kg CO₂e, 1 decimal; null for cold water or when a factor is missing. */
  co2Kg: z.string().nullable(),
  /** Days of consumption no price covered. */
  unpricedDays: z.number().int(),
  /**
   * Days of heat or hot water left out of the CO₂ (no energy supply set that day, or allocator
   * units without a kWh-per-unit factor): the kg CO₂e covers the other days only. 0 for cold water.
   */
  daysWithoutCo2: z.number().int(),
  tariffs: z.array(appliedTariff),
  supplies: z.array(appliedSupply),
  /** The hot water energy used the documented default (no kWh/m³ set for some days). */
  usesDefaultHotWaterEnergy: z.boolean(),
});
export type CostFigure = z.infer<typeof costFigure>;

const costPeriod = z.object({
  /** YYYY-MM, or YYYY for a year. */
  period: z.string(),
  fluids: z.array(costFigure),
  /** Sums of the fluids' figures that have one. */
  totalCostEur: z.string().nullable(),
  totalCo2Kg: z.string().nullable(),
});
export type CostPeriod = z.infer<typeof costPeriod>;

export const residentCosts = z.object({
  /** Always an estimate from the residence's tariffs, never a bill. */
  isEstimate: z.literal(true),
  months: z.array(costPeriod),
  years: z.array(costPeriod),
});
export type ResidentCosts = z.infer<typeof residentCosts>;

export const managerResidenceCosts = residentCosts.extend({ residenceId: z.uuid() });
export type ManagerResidenceCosts = z.infer<typeof managerResidenceCosts>;
