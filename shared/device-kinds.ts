/**
 * The kinds of device the portal reads, and what each one is: the fluid it counts (the
 * resident's pages, the sign-up's meter type and the consumption totals are per fluid), the
 * unit of its index (as stored and in CSV files: `m3`, the web app prints m³), and whether
 * its index restarts from zero. One table for the server and the web app.
 */
export const DEVICE_KINDS = ['hot_water', 'cold_water', 'heat_cost_allocator', 'heat_meter'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** The kinds as the operator picks one (a form, the command line), cold water first: it is the default. */
export const DEVICE_KIND_CHOICES: readonly DeviceKind[] = ['cold_water', ...DEVICE_KINDS.filter((kind) => kind !== 'cold_water')];

/** In the order the portal lists them: hot water first. */
export const FLUIDS = ['hot_water', 'cold_water', 'heating'] as const;
export type Fluid = (typeof FLUIDS)[number];

export const DEVICE_UNITS = ['m3', 'units', 'kWh'] as const;
export type DeviceUnit = (typeof DEVICE_UNITS)[number];

interface DeviceKindFacts {
  fluid: Fluid;
  unit: DeviceUnit;
  /** A heat cost allocator starts counting again from zero on its yearly reset day. */
  restartsFromZero: boolean;
}

const DEVICE_KIND_FACTS = {
  hot_water: { fluid: 'hot_water', unit: 'm3', restartsFromZero: false },
  cold_water: { fluid: 'cold_water', unit: 'm3', restartsFromZero: false },
  heat_cost_allocator: { fluid: 'heating', unit: 'units', restartsFromZero: true },
  heat_meter: { fluid: 'heating', unit: 'kWh', restartsFromZero: false },
} as const satisfies Record<DeviceKind, DeviceKindFacts>;

export function isDeviceKind(value: string): value is DeviceKind {
  return (DEVICE_KINDS as readonly string[]).includes(value);
}

export function fluidOf(kind: DeviceKind): Fluid {
  return DEVICE_KIND_FACTS[kind].fluid;
}

export function unitOf(kind: DeviceKind): DeviceUnit {
  return DEVICE_KIND_FACTS[kind].unit;
}

export function restartsFromZero(kind: DeviceKind): boolean {
  return DEVICE_KIND_FACTS[kind].restartsFromZero;
}

/** The kinds that count a fluid, in the order of DEVICE_KINDS. */
export function kindsOfFluid(fluid: Fluid): DeviceKind[] {
  return DEVICE_KINDS.filter((kind) => fluidOf(kind) === fluid);
}
