import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { Database, DeviceUnit, Fluid } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { DEFAULT_HOT_WATER_KWH_PER_M3, type ResidenceTariffs, type CostPeriod } from '#shared/contracts/tariffs.ts';
import type { z } from 'zod';
import type { energySupplyBody, tariffRateBody } from '#shared/contracts/tariffs.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { allocatorEnergyKwh, priceDays, type Tariffs } from './cost-pricing.ts';
import { insertEnergySupply, insertTariffRate, selectEnergySupplies, selectResidenceExists, selectTariffRates } from './tariffs.queries.ts';

type Db = Kysely<Database>;
type Context = Pick<AppContext, 'db' | 'clock'>;

export interface TariffActor {
  userId: string;
  clientAddress: string;
}

async function assertResidence(db: Db, residenceId: string): Promise<void> {
  if (!(await selectResidenceExists(db, residenceId))) throw new AppError('tariff_residence_not_found');
}

/** A residence's rates and energy supplies, as staff see and edit them. */
export async function getResidenceTariffs(context: Pick<AppContext, 'db'>, residenceId: string): Promise<ResidenceTariffs> {
  await assertResidence(context.db, residenceId);
  const [rates, supplies] = await Promise.all([selectTariffRates(context.db, residenceId), selectEnergySupplies(context.db, residenceId)]);
  return {
    residenceId,
    rates: rates.map((row) => ({ id: row.id, component: row.component, validFrom: row.valid_from, value: row.value, createdAt: row.created_at.toISOString() })),
    supplies: supplies.map((row) => ({
      id: row.id,
      validFrom: row.valid_from,
      energy: row.energy,
      networkName: row.network_name,
      co2KgPerKwh: row.co2_kg_per_kwh,
      factorSource: row.factor_source,
      createdAt: row.created_at.toISOString(),
    })),
    defaultHotWaterKwhPerM3: DEFAULT_HOT_WATER_KWH_PER_M3,
  };
}

/**
 * Adds a price or factor from a day on (audited with the same transaction). Rows are never
 * changed: a correction is a new row, and every figure lists the rows it used.
 */
export async function addTariffRate(context: Context, actor: TariffActor, residenceId: string, body: z.infer<typeof tariffRateBody>) {
  return context.db.transaction().execute(async (trx) => {
    await assertResidence(trx, residenceId);
    const id = await insertTariffRate(trx, {
      residence_id: residenceId,
      component: body.component,
      valid_from: body.validFrom,
      value: body.value,
      created_by: actor.userId,
      created_at: context.clock.now(),
    });
    if (!id) throw new AppError('tariff_already_set');
    await recordAuditEvent(trx, {
      occurredAt: context.clock.now(),
      action: 'staff.tariff_rate_added',
      actor: { userId: actor.userId, role: 'staff' },
      target: { type: 'residence', id: residenceId },
      clientAddress: actor.clientAddress,
      details: { component: body.component, validFrom: body.validFrom, value: body.value },
    });
    return getResidenceTariffs({ db: trx }, residenceId);
  });
}

/** Adds the energy behind heat and hot water from a day on, with its CO₂ factor and source (audited). */
export async function addEnergySupply(context: Context, actor: TariffActor, residenceId: string, body: z.infer<typeof energySupplyBody>) {
  return context.db.transaction().execute(async (trx) => {
    await assertResidence(trx, residenceId);
    const id = await insertEnergySupply(trx, {
      residence_id: residenceId,
      valid_from: body.validFrom,
      energy: body.energy,
      network_name: body.networkName,
      co2_kg_per_kwh: body.co2KgPerKwh,
      factor_source: body.factorSource,
      created_by: actor.userId,
      created_at: context.clock.now(),
    });
    if (!id) throw new AppError('tariff_already_set');
    await recordAuditEvent(trx, {
      occurredAt: context.clock.now(),
      action: 'staff.energy_supply_added',
      actor: { userId: actor.userId, role: 'staff' },
      target: { type: 'residence', id: residenceId },
      clientAddress: actor.clientAddress,
      details: { validFrom: body.validFrom, energy: body.energy, networkName: body.networkName, co2KgPerKwh: body.co2KgPerKwh, factorSource: body.factorSource },
    });
    return getResidenceTariffs({ db: trx }, residenceId);
  });
}

async function loadTariffs(db: Db, residenceId: string): Promise<Tariffs> {
  const [rates, supplies] = await Promise.all([selectTariffRates(db, residenceId), selectEnergySupplies(db, residenceId)]);
  return {
    rates: rates.map((row) => ({ component: row.component, validFrom: row.valid_from, value: row.value })),
    supplies: supplies.map((row) => ({ validFrom: row.valid_from, energy: row.energy, networkName: row.network_name, co2KgPerKwh: row.co2_kg_per_kwh, factorSource: row.factor_source })),
  };
}

export interface DayRows {
  fluid: Fluid;
  rows: ReadonlyArray<{ period: string; unit: DeviceUnit; consumption: string }>;
}

/**
 * Estimated costs and CO₂ of a residence's (or one dwelling's) days, per month and per year,
 * each day at the residence's tariffs valid that day. For the residents' and managers' reads.
 */
export async function priceConsumption(db: Db, residenceId: string, days: readonly DayRows[]): Promise<{ months: CostPeriod[]; years: CostPeriod[] }> {
  const tariffs = await loadTariffs(db, residenceId);
  const rows = days.map(({ fluid, rows: dayRows }) => ({ fluid, rows: dayRows.map((row) => ({ day: row.period, unit: row.unit, consumption: row.consumption })) }));
  return {
    months: priceDays(rows, tariffs, (day) => day.slice(0, 7)),
    years: priceDays(rows, tariffs, (day) => day.slice(0, 4)),
  };
}

/**
 * The kWh a heat cost allocator's days stand for in a residence (`allocatorEnergyKwh`: each day at
 * the kWh-per-unit factor valid that day), or null when the residence sets no factor.
 */
export async function allocatorKwhOfDays(
  context: Pick<AppContext, 'db'>,
  input: { residenceId: string; days: ReadonlyArray<{ day: string; units: string }> },
): Promise<number | null> {
  const rates = await selectTariffRates(context.db, input.residenceId);
  const factors = rates.filter((row) => row.component === 'allocator_kwh_per_unit').map((row) => ({ validFrom: row.valid_from, value: row.value }));
  const kwh = allocatorEnergyKwh(input.days, factors);
  return kwh === null ? null : Number(kwh);
}
