import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { SupplyEnergy, TariffComponent } from '#shared/contracts/tariffs.ts';

/** The tariff tables: rates and energy supplies, only ever added to. */
type Db = Kysely<Database>;

export function selectResidenceExists(db: Db, residenceId: string) {
  return db.selectFrom('residences').select('id').where('id', '=', residenceId).executeTakeFirst();
}

export function selectTariffRates(db: Db, residenceId: string) {
  return db
    .selectFrom('tariff_rates')
    .select(['id', 'component', 'valid_from', 'value', 'created_at'])
    .where('residence_id', '=', residenceId)
    .orderBy('component')
    .orderBy('valid_from')
    .execute();
}

export function selectEnergySupplies(db: Db, residenceId: string) {
  return db
    .selectFrom('energy_supplies')
    .select(['id', 'valid_from', 'energy', 'network_name', 'co2_kg_per_kwh', 'factor_source', 'created_at'])
    .where('residence_id', '=', residenceId)
    .orderBy('valid_from')
    .execute();
}

/** Inserts a rate unless one of the component already starts that day; the new id, or undefined. */
export async function insertTariffRate(db: Db, row: { residence_id: string; component: TariffComponent; valid_from: string; value: string; created_by: string; created_at: Date }) {
  const inserted = await db
    .insertInto('tariff_rates')
    .values(row)
    .onConflict((conflict) => conflict.columns(['residence_id', 'component', 'valid_from']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export async function insertEnergySupply(
  db: Db,
  row: { residence_id: string; valid_from: string; energy: SupplyEnergy; network_name: string | null; co2_kg_per_kwh: string; factor_source: string; created_by: string; created_at: Date },
) {
  const inserted = await db
    .insertInto('energy_supplies')
    .values(row)
    .onConflict((conflict) => conflict.columns(['residence_id', 'valid_from']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}
