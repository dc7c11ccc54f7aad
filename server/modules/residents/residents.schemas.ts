import { z } from 'zod';

const fluid = z.enum(['hot_water', 'cold_water', 'heating']);
const unit = z.enum(['m3', 'units', 'kWh']);
const isoDay = z.iso.date();

const period = z.object({ consumption: z.number(), isEstimated: z.boolean(), from: z.string(), to: z.string() });

const monthEntry = z.object({
  month: z.string(),
  consumption: z.number().nullable(),
  isEstimated: z.boolean(),
  isPartial: z.boolean(),
  sameMonthLastYear: z.number().nullable(),
  residenceAverage: z.number().nullable(),
});

export const residentDashboard = z.object({
  dwelling: z.object({ clientNumber: z.string(), building: z.string(), staircase: z.string(), floor: z.string(), dwellingCode: z.string() }),
  residence: z.object({ name: z.string().nullable(), buildingCode: z.string(), street: z.string(), postalCode: z.string(), city: z.string() }),
  historyStartsOn: z.string(),
  today: z.string(),
  fluids: z.array(
    z.object({
      fluid,
      unit,
      dataUntil: z.string().nullable(),
      currentMonth: period.nullable(),
      lastMonth: monthEntry.nullable(),
      year: period.nullable(),
      months: z.array(monthEntry),
    }),
  ),
});

export const dailyQuery = z.object({ fluid, from: isoDay.optional(), to: isoDay.optional() });
export const residentDaily = z.object({
  fluid,
  unit,
  from: z.string(),
  to: z.string(),
  days: z.array(z.object({ day: z.string(), consumption: z.number(), isEstimated: z.boolean() })),
});

export const hourlyQuery = z.object({ fluid, day: isoDay });
export const residentHourly = z.object({
  fluid,
  unit,
  day: z.string(),
  hours: z.array(z.object({ startsAt: z.string(), consumption: z.number(), isEstimated: z.boolean() })),
});
