import { encodeCopyText, encodeReadingsForCopy, READING_COPY_COLUMNS, type CopyValue } from './copy-encoding.ts';
import { DAILY_CONSUMPTION_COPY_COLUMNS, encodeDemoDailyConsumption } from './demo-consumption.ts';
import type { BulkLoadSession } from './demo-load.queries.ts';
import type { DemoPasswordKey, DemoPlan } from './demo-plan.ts';

/** Rows written per table, in the order they are filled (parents before children). */
export type DemoRowCounts = Record<string, number>;

/** Readings go in chunks so no buffer grows past some tens of megabytes. */
const READINGS_PER_CHUNK = 200_000;

interface TableRows {
  table: string;
  columns: readonly string[];
  rows: ReadonlyArray<readonly CopyValue[]>;
}

function tablesOf(plan: DemoPlan, passwordHashes: Readonly<Record<DemoPasswordKey, string>>): TableRows[] {
  return [
    { table: 'clients', columns: ['id', 'name', 'kind'], rows: plan.clients.map((c) => [c.id, c.name, c.kind]) },
    {
      table: 'contracts',
      columns: ['id', 'client_id', 'reference', 'booked_options', 'starts_on'],
      rows: plan.contracts.map((c) => [c.id, c.clientId, c.reference, c.bookedOptions, c.startsOn]),
    },
    {
      table: 'residences',
      columns: ['id', 'client_id', 'contract_id', 'building_code', 'name', 'street', 'postal_code', 'city', 'published_at'],
      // Published afterwards through the publication service, so the notices exist as for any residence.
      rows: plan.residences.map((r) => [r.id, r.clientId, r.contractId, r.buildingCode, r.name, r.street, r.postalCode, r.city, null]),
    },
    {
      table: 'dwellings',
      columns: ['id', 'residence_id', 'client_number', 'building', 'staircase', 'floor', 'dwelling_code', 'reference'],
      rows: plan.dwellings.map((d) => [d.id, d.residenceId, d.clientNumber, d.building, d.staircase, d.floor, d.dwellingCode, d.reference]),
    },
    {
      table: 'devices',
      columns: [
        'id', 'residence_id', 'dwelling_id', 'kind', 'unit', 'serial_number', 'radio_id', 'manufacturer', 'location',
        'is_in_common_area', 'installed_on', 'removed_on', 'replaces_device_id',
      ],
      rows: plan.devices.map((d) => [
        d.id, d.residenceId, d.dwellingId, d.kind, d.unit, d.serialNumber, d.radioId, d.manufacturer, d.location,
        d.isInCommonArea, d.installedOn, d.removedOn, d.replacesDeviceId,
      ]),
    },
    {
      table: 'users',
      columns: ['id', 'role', 'email', 'password_hash', 'dwelling_id', 'created_at', 'closed_at'],
      rows: plan.users.map((u) => [u.id, u.role, u.email, passwordHashes[u.passwordKey], u.dwellingId, u.createdAt, u.closedAt]),
    },
    {
      table: 'resident_profiles',
      columns: [
        'user_id', 'residence_id', 'civility', 'last_name', 'first_name', 'mobile_e164', 'is_owner', 'council_member',
        'notify_leak_by_email', 'notify_leak_by_sms', 'notify_overconsumption', 'manager_may_see_daily', 'privacy_consent_at',
        'privacy_policy_version', 'newsletter_consent_at', 'newsletter_policy_version', 'moved_in_on', 'moved_out_on',
      ],
      rows: plan.residentProfiles.map((p) => [
        p.userId, p.residenceId, p.civility, p.lastName, p.firstName, p.mobileE164, p.isOwner, p.councilMember,
        p.notifyLeakByEmail, p.notifyLeakBySms, p.notifyOverconsumption, p.managerMaySeeDaily, p.privacyConsentAt,
        p.privacyPolicyVersion, p.newsletterConsentAt, p.newsletterPolicyVersion, p.movedInOn, p.movedOutOn,
      ]),
    },
    {
      table: 'manager_memberships',
      columns: ['user_id', 'client_id', 'first_name', 'last_name', 'is_portal_admin', 'sees_all_residences'],
      rows: plan.managerMemberships.map((m) => [m.userId, m.clientId, m.firstName, m.lastName, m.isPortalAdmin, m.seesAllResidences]),
    },
    {
      table: 'manager_residence_access',
      columns: ['user_id', 'residence_id', 'granted_at'],
      rows: plan.managerResidenceAccess.map((a) => [a.userId, a.residenceId, a.grantedAt]),
    },
    {
      table: 'staff_members',
      columns: ['user_id', 'staff_role', 'display_name'],
      rows: plan.staffMembers.map((s) => [s.userId, s.staffRole, s.displayName]),
    },
    {
      table: 'occupant_changes',
      columns: ['id', 'residence_id', 'dwelling_id', 'changed_on', 'recorded_by_user_id', 'note'],
      rows: plan.occupantChanges.map((c) => [c.id, c.residenceId, c.dwellingId, c.changedOn, c.recordedByUserId, c.note]),
    },
  ];
}

/** Writes the whole plan through the session's COPY, in one go; the caller owns the transaction. */
export async function writeDemoPlan(
  session: BulkLoadSession,
  plan: DemoPlan,
  passwordHashes: Readonly<Record<DemoPasswordKey, string>>,
): Promise<DemoRowCounts> {
  const counts: DemoRowCounts = {};
  for (const { table, columns, rows } of tablesOf(plan, passwordHashes)) {
    if (rows.length > 0) await session.copy(table, columns, encodeCopyText(rows));
    counts[table] = rows.length;
  }
  // In primary-key order, so the index grows at its right edge.
  const key = (series: DemoPlan['readingSeries'][number]) => `${series.residenceId}/${series.deviceId}`;
  const orderedSeries = [...plan.readingSeries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  // Row-by-row foreign-key checks would take most of the load's time; one query checks them after.
  const isUnchecked = await session.skipRowByRowForeignKeyChecks();
  counts.readings = 0;
  for (const chunk of encodeReadingsForCopy(orderedSeries, READINGS_PER_CHUNK)) {
    await session.copy('readings', READING_COPY_COLUMNS, chunk.bytes);
    counts.readings += chunk.rowCount;
  }
  if (isUnchecked) {
    const orphans = await session.countReadingsWithoutTheirDevice();
    if (orphans > 0) throw new Error(`The demo plan has ${orphans} readings whose device is missing`);
  }
  counts.daily_consumption = 0;
  for (const chunk of encodeDemoDailyConsumption(plan)) {
    await session.copy('daily_consumption', DAILY_CONSUMPTION_COPY_COLUMNS, chunk.text);
    counts.daily_consumption += chunk.rowCount;
  }
  return counts;
}
