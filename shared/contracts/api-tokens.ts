import { z } from 'zod';

/**
 * Personal access tokens (issue 23): a resident's read-only key to their own consumption, for
 * their own tools (Home Assistant). Created, listed and revoked from « Mes données » with the
 * session; the token itself is shown once, at creation.
 */

/** What every token starts with, so that it is recognised (by its holder, by secret scanners). */
export const API_TOKEN_PREFIX = 'rcp_';

/** The lifetimes offered, in days. */
export const API_TOKEN_LIFETIMES_DAYS = [30, 90, 365] as const;

/** How many live tokens a resident may hold at once. */
export const MAX_LIVE_API_TOKENS = 10;

export const apiTokenCreateBody = z.object({
  name: z.string().trim().min(1).max(60),
  lifetimeDays: z.union([z.literal(30), z.literal(90), z.literal(365)]),
});

export const apiTokenSummary = z.object({
  id: z.string(),
  name: z.string(),
  /** The token's first characters, to recognise it; never enough to use it. */
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedReason: z.enum(['resident', 'move_out', 'closure', 'deletion', 'secret_rotation']).nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
  /** Requests per day over the last 7 days (residence's time zone), oldest first; days without use are 0. */
  dailyUses: z.array(z.object({ day: z.string(), count: z.number().int() })),
});

export const apiTokenList = z.object({ tokens: z.array(apiTokenSummary) });

/** The one answer that carries the token itself. */
export const apiTokenCreated = apiTokenSummary.extend({ token: z.string() });

/**
 * Per device, the consumption since move-in (the resident's history start) as a growing total:
 * what Home Assistant's energy dashboard reads (`state_class: total_increasing`).
 */
export const residentMeterTotals = z.object({
  historyStartsOn: z.string(),
  /** The last day counted (today in the residence's time zone). */
  through: z.string(),
  meters: z.array(
    z.object({
      deviceId: z.string(),
      serialNumber: z.string(),
      kind: z.string(),
      fluid: z.enum(['hot_water', 'cold_water', 'heating']),
      location: z.string(),
      /** Consumption since the history start, in `unit`. */
      total: z.number(),
      unit: z.string(),
      isEstimated: z.boolean(),
      /** `water` or `energy` for meters Home Assistant's energy dashboard accepts; null for a plain sensor (allocators without a kWh factor). */
      homeAssistantDeviceClass: z.enum(['water', 'energy']).nullable(),
      /** The unit Home Assistant should be told (`m³` → `m³`, `kWh`, or the allocator's units). */
      homeAssistantUnit: z.string(),
      /** `total` converted with the allocator's kWh-per-unit factor, when one is set; null otherwise. */
      totalKwh: z.number().nullable(),
    }),
  ),
}).meta({
  examples: [
    {
      historyStartsOn: '2025-09-01',
      through: '2026-11-20',
      meters: [
        { deviceId: '5b0d1a52-3c1e-4d8e-9a55-0d6f1e2a7c10', serialNumber: '123456789', kind: 'hot_water', fluid: 'hot_water', location: 'Cuisine', total: 14.532, unit: 'm3', isEstimated: false, homeAssistantDeviceClass: 'water', homeAssistantUnit: 'm³', totalKwh: null },
        { deviceId: '7e2c4b61-8f3a-4b2d-b7c1-2a9e5d3f4b21', serialNumber: '223456789', kind: 'heat_cost_allocator', fluid: 'heating', location: 'Séjour', total: 812, unit: 'units', isEstimated: false, homeAssistantDeviceClass: null, homeAssistantUnit: 'units', totalKwh: null },
      ],
    },
  ],
});
