import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { ManagerScope } from '../../http/caller.ts';
import { selectDocumentsVisibleToManager, selectDocumentVisibleToManager } from './manager-documents.queries.ts';
import { selectResidenceDwellings, selectResidencePage } from './manager-residences.queries.ts';
import { residencesAccessibleNow } from '../accounts/manager-access.service.ts';
import type { DwellingSummary, ResidenceSummary } from '#shared/contracts/managers.ts';

type Context = Pick<AppContext, 'db'>;
type ListContext = Pick<AppContext, 'db' | 'lagTolerantDb'>;

type ResidenceRow = Awaited<ReturnType<typeof selectResidencePage>>['rows'][number];

function toResidenceSummary(row: ResidenceRow): ResidenceSummary {
  const dwellingCount = row.dwelling_count ?? 0;
  const accountCount = row.account_count ?? 0;
  return {
    id: row.id,
    buildingCode: row.building_code,
    name: row.name,
    address: { street: row.street, postalCode: row.postal_code, city: row.city },
    publishedAt: row.published_at ? row.published_at.toISOString() : null,
    dwellingCount,
    accountCount,
    accountShare: dwellingCount === 0 ? 0 : accountCount / dwellingCount,
  };
}

/**
 * A list tolerates a few seconds of lag, so its page may be read on the replica; which of its
 * residences the manager may see is checked again on the primary, so a withdrawn access hides
 * one at once (the total may count it for those seconds).
 */
export async function listManagerResidences(context: ListContext, manager: ManagerScope, query: { search?: string; page: number; pageSize: number }) {
  const reader = context.lagTolerantDb();
  const { rows, total } = await selectResidencePage(reader, manager, {
    search: query.search,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  const accessible = reader === context.db ? undefined : await residencesAccessibleNow(context, manager, rows.map((row) => row.id));
  const shown = accessible ? rows.filter((row) => accessible.has(row.id)) : rows;
  return { residences: shown.map(toResidenceSummary), page: query.page, pageSize: query.pageSize, total };
}

/** One residence with its dwellings; outside the manager's access it does not exist for them. */
export async function getManagerResidence(context: Context, manager: ManagerScope, residenceId: string) {
  return residenceWithDwellings(context, manager, residenceId, context.db);
}

/** The residence and the access check always on the primary; its dwellings from `dwellingsFrom`. */
async function residenceWithDwellings(context: Context, manager: ManagerScope, residenceId: string, dwellingsFrom: Kysely<Database>) {
  const { rows } = await selectResidencePage(context.db, manager, { search: undefined, residenceId, offset: 0, limit: 1 });
  const residence = rows[0];
  if (!residence) throw new AppError('forbidden');
  const dwellings = await selectResidenceDwellings(dwellingsFrom, residenceId);
  return {
    ...toResidenceSummary(residence),
    dwellings: dwellings.map(
      (dwelling): DwellingSummary => ({
        id: dwelling.id,
        clientNumber: dwelling.client_number,
        building: dwelling.building,
        staircase: dwelling.staircase,
        floor: dwelling.floor,
        dwellingCode: dwelling.dwelling_code,
        reference: dwelling.reference,
        hasResidentAccount: dwelling.user_id !== null,
        sharesDailyData: dwelling.user_id !== null && dwelling.manager_may_see_daily === true,
        hasDeviceWithoutNineDigitSerial: Boolean(dwelling.has_device_without_nine_digit_serial),
      }),
    ),
  };
}

type DocumentRow = Awaited<ReturnType<typeof selectDocumentsVisibleToManager>>[number];

function toDocumentSummary(row: DocumentRow) {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    createdAt: row.created_at.toISOString(),
    residence: row.residence_id && row.building_code ? { id: row.residence_id, buildingCode: row.building_code, name: row.residence_name } : null,
  };
}

export async function listManagerDocuments(context: Context, manager: ManagerScope) {
  return (await selectDocumentsVisibleToManager(context.db, manager)).map(toDocumentSummary);
}

export async function getManagerDocument(context: Context, manager: ManagerScope, documentId: string) {
  const row = await selectDocumentVisibleToManager(context.db, manager, documentId);
  if (!row) throw new AppError('not_found');
  return { ...toDocumentSummary(row), text: row.body_text, html: row.body_html };
}

/** The building codes and dwelling references of a residence the manager sees, as CSV: an export, whose dwellings tolerate lag. */
export async function exportSignupCodesCsv(context: ListContext, manager: ManagerScope, residenceId: string): Promise<string> {
  const residence = await residenceWithDwellings(context, manager, residenceId, context.lagTolerantDb());
  const header = ['code_immeuble', 'code_logement', 'numero_client', 'batiment', 'escalier', 'etage', 'reference_logement', 'compte_resident'];
  const lines = residence.dwellings.map((dwelling) =>
    [
      residence.buildingCode,
      dwelling.dwellingCode,
      dwelling.clientNumber,
      dwelling.building,
      dwelling.staircase,
      dwelling.floor,
      dwelling.reference,
      dwelling.hasResidentAccount ? 'oui' : 'non',
    ].map(csvField).join(';'),
  );
  return [header.join(';'), ...lines].join('\r\n') + '\r\n';
}

export function csvField(value: string): string {
  // Quote when needed, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
