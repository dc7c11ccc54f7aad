import { describe, expect, it } from 'vitest';
import { DEVICE_KIND_CHOICES, DEVICE_KINDS, fluidOf, isDeviceKind, kindsOfFluid, restartsFromZero, unitOf } from '#shared/device-kinds.ts';

describe('device kinds', () => {
  it('gives each kind its fluid, unit and reset', () => {
    expect(DEVICE_KINDS.map((kind) => [kind, fluidOf(kind), unitOf(kind), restartsFromZero(kind)])).toEqual([
      ['hot_water', 'hot_water', 'm3', false],
      ['cold_water', 'cold_water', 'm3', false],
      ['heat_cost_allocator', 'heating', 'units', true],
      ['heat_meter', 'heating', 'kWh', false],
    ]);
  });

  it('lists the kinds of each fluid', () => {
    expect(kindsOfFluid('hot_water')).toEqual(['hot_water']);
    expect(kindsOfFluid('cold_water')).toEqual(['cold_water']);
    expect(kindsOfFluid('heating')).toEqual(['heat_cost_allocator', 'heat_meter']);
  });

  it('offers every kind to choose from, cold water first', () => {
    expect(DEVICE_KIND_CHOICES).toEqual(['cold_water', 'hot_water', 'heat_cost_allocator', 'heat_meter']);
  });

  it('tells a kind from any other text', () => {
    expect(isDeviceKind('heat_meter')).toBe(true);
    expect(isDeviceKind('heating')).toBe(false);
    expect(isDeviceKind('')).toBe(false);
  });
});
