import { z } from 'zod';
import { DEVICE_KINDS } from '../device-kinds.ts';
import { fluid } from './consumption.ts';

/**
 * Request bodies and responses of the back office's API (`/api/staff/...`), one section per
 * screen. The routes' parameters and query strings are the server's
 * (`server/modules/backoffice/backoffice.schemas.ts`).
 */

function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });
}

const isoDay = z.iso.date();

// Inventory: residences, dwellings, devices

export const deviceKind = z.enum(DEVICE_KINDS);

const residenceRow = z.object({
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

const dwellingRow = z.object({
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

const device = z.object({
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

const deviceRow = device.extend({
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

const occupantChange = z.object({ id: z.uuid(), changedOn: z.string(), note: z.string(), recordedByUserId: z.uuid().nullable(), createdAt: z.string() });

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

// Clients, contracts and their managers

export const clientKind = z.enum(['syndic', 'bailleur']);
export const contractOption = z.enum(['resident_portal', 'remote_reading']);

const clientSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: clientKind,
  contractCount: z.number().int(),
  residenceCount: z.number().int(),
  managerCount: z.number().int(),
  /** A running contract books « Portail résident ». */
  hasResidentPortal: z.boolean(),
});
export const clientPage = pageOf(clientSummary);

const contract = z.object({
  id: z.uuid(),
  reference: z.string(),
  bookedOptions: z.array(contractOption),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
});

export const managerUser = z.object({
  id: z.uuid(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  isPortalAdmin: z.boolean(),
  seesAllResidences: z.boolean(),
  residenceIds: z.array(z.uuid()),
  isActive: z.boolean(),
  hasPassword: z.boolean(),
});

export const clientDetail = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: clientKind,
  contracts: z.array(contract),
  residences: z.array(
    z.object({ id: z.uuid(), buildingCode: z.string(), name: z.string().nullable(), city: z.string(), contractId: z.uuid(), publishedAt: z.string().nullable() }),
  ),
  managers: z.array(managerUser),
});

export const clientBody = z.object({ name: z.string().trim().min(1).max(200), kind: clientKind });
export const clientPatchBody = clientBody.partial();

export const contractBody = z
  .object({
    reference: z.string().trim().min(1).max(50),
    bookedOptions: z.array(contractOption).max(2),
    startsOn: isoDay,
    endsOn: isoDay.nullable().default(null),
  })
  .refine((value) => value.endsOn === null || value.endsOn >= value.startsOn, { path: ['endsOn'], message: 'ends_before_start' });
export const contractPatchBody = z.object({ bookedOptions: z.array(contractOption).max(2).optional(), endsOn: isoDay.nullable().optional() });

export const managerInviteBody = z.object({
  email: z.email().max(254),
  firstName: z.string().trim().max(100).default(''),
  lastName: z.string().trim().max(100).default(''),
  isPortalAdmin: z.boolean().default(false),
  seesAllResidences: z.boolean().default(false),
  residenceIds: z.array(z.uuid()).max(10_000).default([]),
});
export const managerPatchBody = z.object({
  firstName: z.string().trim().max(100).optional(),
  lastName: z.string().trim().max(100).optional(),
  isPortalAdmin: z.boolean().optional(),
  seesAllResidences: z.boolean().optional(),
});
export const managerResidencesBody = z.object({ residenceIds: z.array(z.uuid()).max(10_000) });
export const managerInvitationSent = z.object({ manager: managerUser, invitationExpiresAt: z.string() });

export type ClientDetail = z.infer<typeof clientDetail>;
export type ManagerUser = z.infer<typeof managerUser>;

// Resident accounts

export const residentAccount = z.object({
  id: z.uuid(),
  email: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  movedInOn: z.string().nullable(),
  movedOutOn: z.string().nullable(),
  dwelling: z.object({ id: z.uuid(), dwellingCode: z.string(), reference: z.string(), clientNumber: z.string() }),
  residence: z.object({ id: z.uuid(), buildingCode: z.string(), name: z.string().nullable(), city: z.string() }),
  /** A login lockout is running on the account. */
  lockedUntil: z.string().nullable(),
});
export const residentAccountPage = pageOf(residentAccount);

export const closeOnMoveOutBody = z.object({ movedOutOn: isoDay, note: z.string().trim().max(500).default('') });
export const closeOnMoveOutResult = z.object({ account: residentAccount, isClosed: z.boolean() });

export const resendCodeBody = z.object({ email: z.email().max(254) });
export const resendCodeResult = z.object({ resent: z.number().int() });

// Staff users

export const staffRole = z.enum(['support', 'data', 'admin']);

export const staffUser = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: staffRole,
  isActive: z.boolean(),
  /** Chose a password (accepted the invitation). */
  hasPassword: z.boolean(),
  hasSecondFactor: z.boolean(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});

export const staffUserList = z.object({ items: z.array(staffUser) });

export const inviteStaffBody = z.object({
  email: z.email().max(254),
  displayName: z.string().trim().min(1).max(100),
  role: staffRole,
});

export const changeStaffRoleBody = z.object({ role: staffRole });

export const invitationSent = z.object({ user: staffUser, invitationExpiresAt: z.string() });

export type StaffUser = z.infer<typeof staffUser>;

// Assistance inbox

export const assistanceStatus = z.enum(['new', 'in_progress', 'answered', 'closed']);

const assistanceSummary = z.object({
  id: z.uuid(),
  /** What the person was told to quote. */
  reference: z.string(),
  createdAt: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  status: assistanceStatus,
  messageExcerpt: z.string(),
  serialNumber: z.string().nullable(),
  buildingCode: z.string().nullable(),
  dwellingReference: z.string().nullable(),
  page: z.string(),
  handledAt: z.string().nullable(),
  handledByUserId: z.uuid().nullable(),
});
export const assistancePage = pageOf(assistanceSummary).extend({ countsByStatus: z.record(assistanceStatus, z.number()) });

const assistanceReply = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  staffUserId: z.uuid(),
  staffDisplayName: z.string(),
  bodyText: z.string(),
  delivery: z.enum(['pending', 'sending', 'sent', 'failed', 'outbox']).nullable(),
});

export const assistanceDetail = assistanceSummary.extend({ message: z.string(), replies: z.array(assistanceReply) });

export const replyBody = z.object({
  body: z.string().trim().min(1).max(8000),
  /** The request's status once the reply is sent: « answered » unless said otherwise. */
  status: z.enum(['answered', 'closed', 'in_progress']).default('answered'),
});

export const statusBody = z.object({ status: assistanceStatus });

export const codeReplyDraft = z.object({
  dwelling: z.object({ id: z.uuid(), buildingCode: z.string(), reference: z.string(), residenceName: z.string().nullable(), dwellingCode: z.string(), city: z.string() }),
  body: z.string(),
});

// CSV uploads

/**
 * CSV uploads in two steps: a preview (every error with its line and reason, or what the file
 * would change), then an apply that sends the same file with the preview's id. Bodies are
 * `text/csv`.
 */
const counts = z.object({ clients: z.number(), contracts: z.number(), residences: z.number(), dwellings: z.number(), devices: z.number() });

const uploadLineError = z.object({ line: z.number(), problem: z.string(), column: z.string().optional(), value: z.string().optional() });

export const inventoryPreview = z.object({
  previewId: z.uuid(),
  kind: z.literal('inventory_csv'),
  outcome: z.enum(['clean', 'refused']),
  rowsRead: z.number(),
  errorCount: z.number(),
  errors: z.array(uploadLineError),
  created: counts,
  updated: counts,
  expiresAt: z.string(),
});

export const readingsPreview = z.object({
  previewId: z.uuid(),
  kind: z.literal('readings_csv'),
  outcome: z.enum(['clean', 'refused']),
  rowsRead: z.number(),
  errorCount: z.number(),
  errors: z.array(uploadLineError),
  /** Readings that would be stored, that are already stored, and that disagree with a stored index. */
  newReadings: z.number(),
  duplicates: z.number(),
  conflicting: z.number(),
  devices: z.number(),
  firstReadingAt: z.string().nullable(),
  lastReadingAt: z.string().nullable(),
  expiresAt: z.string(),
});

export const inventoryApplied = z.object({
  batchId: z.string(),
  rowsRead: z.number(),
  created: counts,
  updated: counts,
  quarantinedMessagesReplayed: z.number(),
});

export const readingsApplied = z.object({
  batchId: z.string(),
  rowsRead: z.number(),
  rowsStored: z.number(),
  rowsDuplicate: z.number(),
  rowsConflicting: z.number(),
  devices: z.number(),
});

// Data health and quarantine

/** Registers the unknown device in a dwelling, then replays its quarantined messages. */
export const registerDeviceBody = z.object({
  dwellingId: z.uuid(),
  kind: deviceKind,
  serialNumber: z.string().trim().regex(/^[0-9A-Za-z-]{1,40}$/),
  radioId: z
    .string()
    .trim()
    .regex(/^[0-9A-Fa-f]{8}$/)
    .nullable()
    .default(null),
  manufacturer: z.string().trim().min(1).max(40),
  location: z.string().trim().max(100).default(''),
  installedOn: isoDay,
});

const ingestSummary = z.object({ received: z.number(), stored: z.number(), duplicate: z.number(), conflict: z.number(), quarantined: z.number(), refused: z.number() });

export const registerDeviceResult = z.object({ device, replayed: z.number().int(), summary: ingestSummary });

export const replayBody = z
  .object({ radioIds: z.array(z.string().regex(/^[0-9A-Fa-f]{8}$/)).max(1000).default([]), serialNumbers: z.array(z.string().min(1).max(40)).max(1000).default([]) })
  .refine((value) => value.radioIds.length + value.serialNumbers.length > 0, { message: 'nothing_to_replay' });
export const replayResult = z.object({ replayed: z.number().int(), summary: ingestSummary });

const residenceHealth = z.object({
  id: z.uuid(),
  buildingCode: z.string(),
  name: z.string().nullable(),
  city: z.string(),
  publishedAt: z.string().nullable(),
  devicesInService: z.number().int(),
  lastReadingAt: z.string().nullable(),
  /** Devices in service without a reading in the last 48 hours. */
  silentDevices: z.number().int(),
});
export const residenceHealthPage = pageOf(residenceHealth);

export const dataSource = z.object({ id: z.uuid(), name: z.string(), createdAt: z.string(), revokedAt: z.string().nullable(), lastBatchAt: z.string().nullable() });
export const dataSourceList = z.object({ items: z.array(dataSource) });
export const createDataSourceBody = z.object({ name: z.string().trim().min(1).max(100) });
/** The token is in this answer only: it is stored as a keyed hash. */
export const createdDataSource = z.object({ id: z.uuid(), name: z.string(), token: z.string() });

/** Staff items (consumption/data-health-items.ts): filtered by residence (building code) and device (serial number). */
export const dataHealthItemKind = z.enum(['excursion', 'over_limit_rate', 'lasting_decrease']);
export const dataHealthItemStatus = z.enum(['open', 'real', 'glitch']);
const dataHealthItem = z.object({
  id: z.uuid(),
  kind: dataHealthItemKind,
  status: dataHealthItemStatus,
  residence: z.object({ id: z.uuid(), buildingCode: z.string(), name: z.string().nullable() }),
  device: z.object({ id: z.uuid(), serialNumber: z.string(), kind: deviceKind, unit: z.string(), dwellingCode: z.string() }),
  startedAt: z.string(),
  endedAt: z.string(),
  /** In the device's unit: what was not billed (excursion), the volume over the limit, or the fall. */
  magnitude: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export const dataHealthItemsPage = pageOf(dataHealthItem);
export const dataHealthDecisionBody = z.object({ status: z.enum(['real', 'glitch']) });
export const dataHealthDecisionResult = z.object({ id: z.uuid(), status: z.enum(['real', 'glitch']), devicesRefreshed: z.number().int() });

// Outbox and alert notices

/** Every email and SMS the portal sent (outbox_messages), and the alert notices with their delivery. */
export const outboxStatus = z.enum(['pending', 'sending', 'sent', 'failed', 'outbox']);

const outboxMessage = z.object({
  id: z.uuid(),
  messageKey: z.string(),
  channel: z.enum(['email', 'sms']),
  recipient: z.string(),
  subject: z.string(),
  status: outboxStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  residenceId: z.uuid().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  /** Set when the message carries a one-time code: shown masked, valid until then. */
  codeExpiresAt: z.string().nullable(),
});
export const outboxPage = pageOf(outboxMessage).extend({ countsByStatus: z.record(outboxStatus, z.number()) });
export const outboxDetail = outboxMessage.extend({ bodyText: z.string(), bodyHtml: z.string().nullable() });

export const alertNoticeStatus = z.enum(['pending', 'sending', 'sent', 'failed', 'skipped']);
const alertNotice = z.object({
  id: z.uuid(),
  episodeId: z.uuid(),
  kind: z.enum(['leak', 'overconsumption']),
  fluid,
  episodeStartedAt: z.string(),
  channel: z.enum(['email', 'sms']),
  messageId: z.string(),
  recipient: z.string().nullable(),
  status: alertNoticeStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  skipReason: z.enum(['no_resident', 'option_off', 'no_mobile']).nullable(),
  provider: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  createdAt: z.string(),
  sendingAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  dwelling: z.object({ id: z.uuid(), code: z.string() }),
  residence: z.object({ id: z.uuid(), buildingCode: z.string(), name: z.string().nullable() }),
});
export const alertNoticePage = z.object({ items: z.array(alertNotice), page: z.number().int(), pageSize: z.number().int(), summary: z.record(alertNoticeStatus, z.number()) });
export const alertNoticeRetryResult = z.object({ outcome: z.string(), notice: alertNotice.nullable() });

// Audit trail

const auditEvent = z.object({
  id: z.string(),
  /** UTC, ISO 8601. */
  occurredAt: z.string(),
  actor: z.object({ userId: z.uuid().nullable(), role: z.string().nullable(), email: z.string().nullable() }),
  action: z.string(),
  target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
  clientAddress: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const auditPage = pageOf(auditEvent);
