import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * Costs and CO₂ (EED Annex VIIa 3(a) and 3(b)): per residence, prices and factors that hold
 * from a day until the next row of the same component, and the energy behind heat and hot
 * water with its CO₂ factor and the factor's source. Rows are only ever added, so a month's
 * figure can always be recomputed with the tariffs it used.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `create table tariff_rates (
      id uuid primary key default gen_random_uuid(),
      residence_id uuid not null references residences(id),
      component text not null check (component in ('cold_water_eur_per_m3', 'hot_water_eur_per_m3', 'heat_eur_per_kwh', 'allocator_eur_per_unit', 'allocator_kwh_per_unit', 'hot_water_kwh_per_m3')),
      valid_from date not null,
      value numeric not null check (value >= 0),
      created_by uuid references users(id),
      created_at timestamptz not null,
      unique (residence_id, component, valid_from)
    )`,
    `create table energy_supplies (
      id uuid primary key default gen_random_uuid(),
      residence_id uuid not null references residences(id),
      valid_from date not null,
      energy text not null check (energy in ('natural_gas', 'fuel_oil', 'heat_network', 'electricity')),
      network_name text check ((energy = 'heat_network') = (network_name is not null)),
      co2_kg_per_kwh numeric not null check (co2_kg_per_kwh >= 0),
      factor_source text not null check (length(factor_source) between 1 and 300),
      created_by uuid references users(id),
      created_at timestamptz not null,
      unique (residence_id, valid_from)
    )`,
  ]);
}
