import { z } from 'zod';
import { DEVICE_KINDS } from '#shared/device-kinds.ts';
import { isoDay, pageOf, pageQuery, searchText } from './backoffice.schemas.ts';

export const deviceKind = z.enum(DEVICE_KINDS);

/** Residences by building code, name or address; dwellings by code, client number or reference; devices by serial or radio id. */
export const inventorySearchQuery = pageQuery.extend({ search: searchText });

export const residenceRow = z.object({
  id: z.uuid(),
  buildingCode: z.string(),
  name: z.string().nullable(),
  address: z.object({ street: z.string(), postalCode: z.string(), city: z.string() }),
  client: z.object({ id: z.uuid(), name: z.string() }),
  publishedAt: z.string().nullable(),
  dwellingCount: z.number().int(),
  deviceCount: z.number().int(),
  /** The latest reading of any of its devices. */
  lastReadingAt: z.string().nullable(),
});
export const residencePage = pageOf(residenceRow);

const residenceRef = z.object({ id: z.uuid(), buildingCode: z.string(), name: z.string().nullable(), city: z.string() });

export const dwellingRow = z.object({
  id: z.uuid(),
  residence: residenceRef,
  clientNumber: z.string(),
  building: z.string(),
  staircase: z.string(),
  floor: z.string(),
  dwellingCode: z.string(),
  reference: z.string(),
  hasResidentAccount: z.boolean(),
});
export const dwellingPage = pageOf(dwellingRow);

export const device = z.object({
  id: z.uuid(),
  kind: deviceKind,
  unit: z.string(),
  serialNumber: z.string(),
  radioId: z.string().nullable(),
  manufacturer: z.string(),
  location: z.string(),
  isInCommonArea: z.boolean(),
  installedOn: z.string(),
  removedOn: z.string().nullable(),
  replacesDeviceId: z.uuid().nullable(),
  lastReadingAt: z.string().nullable(),
});

export const deviceRow = device.extend({
  dwelling: z.object({ id: z.uuid(), dwellingCode: z.string(), clientNumber: z.string() }),
  residence: residenceRef,
});
export const devicePage = pageOf(deviceRow);

export const residenceDetail = residenceRow.extend({
  contract: z.object({ id: z.uuid(), reference: z.string(), bookedOptions: z.array(z.string()) }),
  timeZone: z.string(),
  hasReadings: z.boolean(),
  dwellings: z.array(dwellingRow.omit({ residence: true }).extend({ deviceCount: z.number().int() })),
});

export const occupantChange = z.object({ id: z.uuid(), changedOn: z.string(), note: z.string(), recordedByUserId: z.uuid().nullable(), createdAt: z.string() });

export const dwellingDetail = dwellingRow.extend({
  devices: z.array(device),
  occupantChanges: z.array(occupantChange),
  residentAccounts: z.array(
    z.object({ id: z.uuid(), email: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(), movedInOn: z.string().nullable(), movedOutOn: z.string().nullable(), closedAt: z.string().nullable() }),
  ),
});

export const replacementBody = z.object({
  /** The day the old device is removed and its successor installed. */
  replacedOn: isoDay,
  successor: z.object({
    serialNumber: z.string().trim().regex(/^[0-9A-Za-z-]{1,40}$/),
    radioId: z
      .string()
      .trim()
      .regex(/^[0-9A-Fa-f]{8}$/)
      .nullable()
      .default(null),
    manufacturer: z.string().trim().min(1).max(40).optional(),
    location: z.string().trim().max(100).optional(),
  }),
});
export const replacementResult = z.object({ replaced: device, successor: device, quarantinedMessagesReplayed: z.number().int() });

export const occupantChangeBody = z.object({ changedOn: isoDay, note: z.string().trim().max(500).default('') });

export const publicationResult = z.object({ residenceId: z.uuid(), publishedAt: z.string(), documentId: z.uuid(), notifiedAdministrators: z.number().int() });

export type DeviceView = z.infer<typeof device>;

/** Until when the residence's sign-up look-ups are not budgeted. */
export const signupLookupBudgetLift = z.object({ liftedUntil: z.string() });
