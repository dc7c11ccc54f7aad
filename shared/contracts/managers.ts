import { z } from 'zod';
import { consumptionUnit, estimateReasonSchema, fluid } from './consumption.ts';

/** Responses of the manager space's API (`/api/manager/...`). */

const residenceSummary = z.object({
  id: z.uuid(),
  buildingCode: z.string(),
  name: z.string().nullable(),
  address: z.object({ street: z.string(), postalCode: z.string(), city: z.string() }),
  publishedAt: z.string().nullable(),
  dwellingCount: z.number().int(),
  accountCount: z.number().int(),
  /** Share of dwellings with a resident account, 0 to 1. */
  accountShare: z.number(),
});

export const residencePage = z.object({
  residences: z.array(residenceSummary),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

const dwellingSummary = z.object({
  id: z.uuid(),
  clientNumber: z.string(),
  building: z.string(),
  staircase: z.string(),
  floor: z.string(),
  dwellingCode: z.string(),
  /** For residents whose devices have no 9-digit serial number: the two-step sign-up. */
  reference: z.string(),
  hasResidentAccount: z.boolean(),
  /** The resident allowed the manager to see daily consumption. */
  sharesDailyData: z.boolean(),
  hasDeviceWithoutNineDigitSerial: z.boolean(),
});

export const residenceDetail = residenceSummary.extend({ dwellings: z.array(dwellingSummary) });

export const documentSummary = z.object({
  id: z.uuid(),
  kind: z.enum(['publication_notice', 'operator_document']),
  title: z.string(),
  createdAt: z.string(),
  residence: z.object({ id: z.uuid(), buildingCode: z.string(), name: z.string().nullable() }).nullable(),
});

export const documentList = z.object({ documents: z.array(documentSummary) });
export const documentDetail = documentSummary.extend({ text: z.string(), html: z.string() });

export const signupKit = z.object({
  address: z.string(),
  displayAddress: z.string(),
  qrPngUrl: z.string(),
  qrSvgUrl: z.string(),
  flyerPdfUrl: z.string(),
});

export type ResidenceSummary = z.infer<typeof residenceSummary>;
export type DwellingSummary = z.infer<typeof dwellingSummary>;

export const consentedDaily = z.object({
  dwelling: z.object({
    id: z.uuid(),
    buildingCode: z.string(),
    clientNumber: z.string(),
    dwellingCode: z.string(),
    building: z.string(),
    staircase: z.string(),
    floor: z.string(),
  }),
  from: z.string(),
  to: z.string(),
  fluids: z.array(
    z.object({
      fluid,
      // `estimateReason`: why an estimated day is estimated (a spike the next reading took back, a gap, an estimated reading).
      // `isPartial`: the resident's handover day, counted only from their boundary instant.
      days: z.array(
        z.object({
          day: z.string(),
          unit: consumptionUnit,
          consumption: z.number(),
          isEstimated: z.boolean(),
          estimateReason: estimateReasonSchema.optional(),
          isPartial: z.boolean().optional(),
        }),
      ),
    }),
  ),
});
