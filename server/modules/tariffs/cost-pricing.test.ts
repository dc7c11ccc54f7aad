import { describe, expect, it } from 'vitest';
import { priceDays, roundedText, type PricedDay, type Tariffs } from './cost-pricing.ts';

const month = (day: string) => day.slice(0, 7);
const days = (from: number, to: number, unit: PricedDay['unit'], consumption: string, prefix = '2026-10-') =>
  Array.from({ length: to - from + 1 }, (_, index) => ({ day: `${prefix}${String(from + index).padStart(2, '0')}`, unit, consumption }));

const gas = { energy: 'natural_gas' as const, networkName: null, factorSource: 'Base Empreinte ADEME 2024' };

describe('priceDays', () => {
  it('prices each day at the tariff valid that day, splitting a month that straddles a change, and lists both tariffs', () => {
    const tariffs: Tariffs = {
      rates: [
        { component: 'cold_water_eur_per_m3', validFrom: '2026-10-16', value: '4.5' },
        { component: 'cold_water_eur_per_m3', validFrom: '2026-01-01', value: '4' },
      ],
      supplies: [],
    };
    const [october] = priceDays([{ fluid: 'cold_water', rows: days(1, 31, 'm3', '0.1') }], tariffs, month);
    const [figure] = october!.fluids;
    // 15 days × 0.1 m³ × 4 € + 16 days × 0.1 m³ × 4.5 € = 6 + 7.2.
    expect(figure).toMatchObject({ consumption: '3.1', costEur: '13.20', co2Kg: null, energyKwh: null, unpricedDays: 0 });
    expect(figure!.tariffs).toEqual([
      { component: 'cold_water_eur_per_m3', value: '4', validFrom: '2026-01-01', from: '2026-10-01', to: '2026-10-15' },
      { component: 'cold_water_eur_per_m3', value: '4.5', validFrom: '2026-10-16', from: '2026-10-16', to: '2026-10-31' },
    ]);
    expect(october!.totalCostEur).toBe('13.20');
  });

  it('leaves days before the first tariff unpriced and says how many', () => {
    const tariffs: Tariffs = { rates: [{ component: 'hot_water_eur_per_m3', validFrom: '2026-10-21', value: '10' }], supplies: [] };
    const [october] = priceDays([{ fluid: 'hot_water', rows: days(1, 31, 'm3', '0.05') }], tariffs, month);
    expect(october!.fluids[0]).toMatchObject({ costEur: '5.50', unpricedDays: 20, co2Kg: null, usesDefaultHotWaterEnergy: true });
  });

  it('turns allocator units into kWh with the factor valid that day and weighs them with the supply valid that day', () => {
    const tariffs: Tariffs = {
      rates: [
        { component: 'allocator_eur_per_unit', validFrom: '2026-01-01', value: '0.85' },
        { component: 'allocator_kwh_per_unit', validFrom: '2026-01-01', value: '8' },
        { component: 'allocator_kwh_per_unit', validFrom: '2026-10-11', value: '9' },
      ],
      supplies: [
        { ...gas, validFrom: '2026-01-01', co2KgPerKwh: '0.227' },
        { energy: 'heat_network', networkName: 'Réseau Ouest', factorSource: 'Arrêté DPE 2024', validFrom: '2026-10-21', co2KgPerKwh: '0.1' },
      ],
    };
    const [october] = priceDays([{ fluid: 'heating', rows: days(1, 30, 'units', '1') }], tariffs, month);
    const figure = october!.fluids[0]!;
    // Energy: 10 × 8 + 20 × 9 = 260 kWh; CO₂: 10 × 8 × 0.227 + 10 × 9 × 0.227 + 10 × 9 × 0.1 = 18.16 + 20.43 + 9 = 47.59.
    expect(figure).toMatchObject({ unit: 'units', consumption: '30', costEur: '25.50', energyKwh: '260.0', co2Kg: '47.6' });
    expect(figure.tariffs.map((tariff) => [tariff.component, tariff.value, tariff.from, tariff.to])).toEqual([
      ['allocator_eur_per_unit', '0.85', '2026-10-01', '2026-10-30'],
      ['allocator_kwh_per_unit', '8', '2026-10-01', '2026-10-10'],
      ['allocator_kwh_per_unit', '9', '2026-10-11', '2026-10-30'],
    ]);
    expect(figure.supplies.map((supply) => [supply.energy, supply.from, supply.to])).toEqual([
      ['natural_gas', '2026-10-01', '2026-10-20'],
      ['heat_network', '2026-10-21', '2026-10-30'],
    ]);
  });

  it('says how many days the CO₂ leaves out: before the energy supply is set, or allocator units without a kWh-per-unit factor', async () => {
    const supplies = [{ ...gas, validFrom: '2026-10-21', co2KgPerKwh: '0.2' }];
    const [october] = priceDays(
      [
        { fluid: 'hot_water', rows: days(1, 31, 'm3', '0.1') },
        { fluid: 'heating', rows: days(1, 31, 'units', '1') },
        { fluid: 'cold_water', rows: days(1, 31, 'm3', '0.1') },
      ],
      { rates: [], supplies },
      month,
    );
    const [hot, allocator, cold] = october!.fluids;
    // 11 days from the 21st: 11 × 0.1 m³ × 58 kWh × 0.2 kg = 12.76 kg, the first 20 days left out.
    expect(hot).toMatchObject({ co2Kg: '12.8', daysWithoutCo2: 20 });
    expect(allocator).toMatchObject({ co2Kg: null, energyKwh: null, daysWithoutCo2: 31 });
    expect(cold).toMatchObject({ co2Kg: null, daysWithoutCo2: 0 });
  });

  it('uses the documented 58 kWh/m³ for hot water until staff set a value, and the set value after', () => {
    const tariffs: Tariffs = {
      rates: [{ component: 'hot_water_kwh_per_m3', validFrom: '2026-10-02', value: '70' }],
      supplies: [{ ...gas, validFrom: '2020-01-01', co2KgPerKwh: '0.2' }],
    };
    const [october] = priceDays([{ fluid: 'hot_water', rows: days(1, 2, 'm3', '0.1') }], tariffs, month);
    // 0.1 × 58 + 0.1 × 70 = 12.8 kWh; × 0.2 = 2.56 kg.
    expect(october!.fluids[0]).toMatchObject({ energyKwh: '12.8', co2Kg: '2.6', costEur: null, unpricedDays: 2, usesDefaultHotWaterEnergy: true });
  });

  it('sums exactly and rounds once per period: a thousand days of 0.001 m³ at 1.005 €/m³ make 1.01 €', () => {
    const rows = Array.from({ length: 1000 }, (_, index) => ({ day: `2026-${index < 500 ? '01' : '02'}-01`, unit: 'm3' as const, consumption: '0.001' }));
    const [year] = priceDays([{ fluid: 'cold_water', rows }], { rates: [{ component: 'cold_water_eur_per_m3', validFrom: '2026-01-01', value: '1.005' }], supplies: [] }, (day) => day.slice(0, 4));
    expect(year!.fluids[0]!.costEur).toBe('1.01');
    expect(roundedText(5n, 1, 0)).toBe('1');
    expect(roundedText(1234n, 3, 2)).toBe('1.23');
    expect(roundedText(1235n, 3, 2)).toBe('1.24');
  });
});
