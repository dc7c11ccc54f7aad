import { z } from 'zod';
import { consumptionUnit as unit, estimateReasonSchema, fluid } from './consumption.ts';
import { CIVILITIES, COUNCIL_MEMBER_ANSWERS, emailSchema, mobileInputSchema, optionsBody, personNameSchema, verificationBody } from './signup.ts';

/** Request bodies and responses of the resident portal's API (`/api/resident/...`). */

const isoDay = z.iso.date();

/** Why an estimated period is estimated: a spike or dip left out, a gap between readings, an estimated reading. Absent when measured. */
const estimateReason = estimateReasonSchema.optional();
/** `isPartial`: a handover day, counted only from the boundary instant (see occupancy/handover-day.ts). */
const dayEntry = z.object({ day: z.string(), consumption: z.number(), isEstimated: z.boolean(), estimateReason, isPartial: z.boolean().optional() });

const period = z.object({ consumption: z.number(), isEstimated: z.boolean(), from: z.string(), to: z.string() });

const monthEntry = z.object({
  month: z.string(),
  consumption: z.number().nullable(),
  isEstimated: z.boolean(),
  estimateReason,
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
      /** The device sends hourly profiles: the daily view can open a day hour by hour. */
      hasHourlyData: z.boolean(),
      /** The last 30 days (the daily chart's default range), so the dashboard needs one call. */
      recentDays: z.object({ from: z.string(), to: z.string(), days: z.array(dayEntry) }),
    }),
  ),
});

export const residentDaily = z.object({
  fluid,
  unit,
  from: z.string(),
  to: z.string(),
  days: z.array(dayEntry),
});

export const residentHourly = z.object({
  fluid,
  unit,
  day: z.string(),
  hours: z.array(z.object({ startsAt: z.string(), consumption: z.number(), isEstimated: z.boolean() })),
});

/** Options chosen at sign-up, changed at any time (`PUT` takes the same shape it answers). */
export const residentOptionsBody = optionsBody;
export const residentOptions = z.object({
  notifyLeakByEmail: z.boolean(),
  notifyLeakBySms: z.boolean(),
  notifyOverconsumption: z.boolean(),
  managerMaySeeDaily: z.boolean(),
});

/**
 * `mobile: null` removes the number (and with it the SMS notice); any typed form is normalised to
 * E.164. « Propriétaire » and the conseil-syndical answer of sign-up step 3 are corrected here
 * too; the move-in date is not (it bounds the history: assistance changes it).
 */
export const residentProfileBody = z.strictObject({
  civility: z.enum(CIVILITIES, 'civility_required'),
  lastName: personNameSchema,
  firstName: personNameSchema,
  mobile: mobileInputSchema.nullable(),
  isOwner: z.boolean('boolean_required'),
  councilMember: z.enum(COUNCIL_MEMBER_ANSWERS, 'council_member_required'),
});
export const residentProfile = z.object({
  civility: z.enum(CIVILITIES),
  lastName: z.string(),
  firstName: z.string(),
  mobile: z.string().nullable(),
  email: z.string(),
  isOwner: z.boolean(),
  councilMember: z.enum(COUNCIL_MEMBER_ANSWERS),
  movedInOn: z.string(),
  movedOutOn: z.string().nullable(),
});

export const emailChangeRequestBody = z.strictObject({
  newEmail: emailSchema,
  currentPassword: z.string().min(1, 'password_required').max(200, 'password_too_long'),
});
export const emailChangeRequested = z.object({ sentTo: z.string(), validMinutes: z.number(), resendAfterSeconds: z.number() });
export const emailChangeConfirmBody = verificationBody;
export const emailChangeConfirmed = z.object({ email: z.string() });

export const currentPasswordBody = z.strictObject({ currentPassword: z.string().min(1, 'password_required').max(200, 'password_too_long') });

export const moveOutBody = z.strictObject({
  movedOutOn: isoDay,
  currentPassword: z.string().min(1, 'password_required').max(200, 'password_too_long'),
});
export const moveOutDeclared = z.object({ movedOutOn: z.string(), accessEndsAt: z.string(), hasAccessEnded: z.boolean() });

/** The personal data export (GDPR art. 15 and 20): everything held about the resident, no secret. */
/** Estimated euros (2 decimals) and kg CO₂e (1 decimal) as decimal texts; null without a tariff or a CO₂ factor. */
const costEstimates = { estimatedCostEur: z.string().nullable(), estimatedCo2Kg: z.string().nullable() };

export const personalDataExport = z.object({
  exportedAt: z.string(),
  account: z.object({ email: z.string(), language: z.enum(['fr', 'en']), createdAt: z.string() }),
  profile: residentProfile,
  options: residentOptions,
  consents: z.object({
    privacyPolicy: z.object({ acceptedAt: z.string(), version: z.string() }),
    newsletter: z.object({ acceptedAt: z.string(), version: z.string().nullable() }).nullable(),
  }),
  dwelling: z.object({
    clientNumber: z.string(),
    building: z.string(),
    staircase: z.string(),
    floor: z.string(),
    dwellingCode: z.string(),
    residence: z.object({ name: z.string().nullable(), buildingCode: z.string(), street: z.string(), postalCode: z.string(), city: z.string() }),
  }),
  sessions: z.array(
    z.object({ createdAt: z.string(), lastSeenAt: z.string(), expiresAt: z.string(), clientAddress: z.string(), userAgent: z.string(), isThisSession: z.boolean() }),
  ),
  auditEvents: z.array(
    z.object({ occurredAt: z.string(), action: z.string(), actorRole: z.string().nullable(), clientAddress: z.string().nullable(), details: z.unknown() }),
  ),
  consumption: z.object({
    historyStartsOn: z.string(),
    /** The € and kg CO₂e are estimates from the residence's tariffs, never a bill (`/api/resident/costs`). */
    costsAreEstimates: z.literal(true),
    fluids: z.array(
      z.object({
        fluid,
        unit,
        dataUntil: z.string().nullable(),
        months: z.array(
          z.object({
            month: z.string(),
            consumption: z.number().nullable(),
            isEstimated: z.boolean(),
            isPartial: z.boolean(),
            ...costEstimates,
          }),
        ),
        /** Each calendar year of the history: the volume and its estimates. */
        years: z.array(z.object({ year: z.string(), consumption: z.number(), ...costEstimates })),
      }),
    ),
  }),
});
