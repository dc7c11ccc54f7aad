import { createHash } from 'node:crypto';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import type { ReadingsCsvOptions } from '../ingest/readings-csv.ts';
import { importReadingsCsv, MAX_REPORTED_PROBLEMS, previewReadingsCsv } from '../ingest/readings-import.service.ts';
import { importInventoryCsv, previewInventoryCsv } from '../inventory/inventory-import.service.ts';
import { recordStaffAction, type StaffActor } from './staff-access.ts';
import { claimUploadPreview, insertUploadPreview, releaseUploadPreview } from './uploads.queries.ts';

/** A preview can be applied for half an hour, by sending the very same file again. */
const UPLOAD_PREVIEW_LIFETIME_MS = 30 * 60_000;

type Kind = 'inventory_csv' | 'readings_csv';

function digestOf(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

async function savePreview(
  context: Pick<AppContext, 'db' | 'clock'>,
  actor: StaffActor,
  input: { kind: Kind; text: string; options: Record<string, unknown>; isClean: boolean; summary: Record<string, number | string | null> },
) {
  const now = context.clock.now();
  const expiresAt = new Date(now.getTime() + UPLOAD_PREVIEW_LIFETIME_MS);
  const previewId = await insertUploadPreview(context.db, {
    kind: input.kind,
    fileDigest: digestOf(input.text),
    options: input.options,
    isClean: input.isClean,
    summary: input.summary,
    createdByUserId: actor.userId,
    createdAt: now,
    expiresAt,
  });
  await recordStaffAction(context, actor, {
    action: 'staff.upload_previewed',
    target: { type: 'upload_preview', id: previewId },
    details: { kind: input.kind, outcome: input.isClean ? 'clean' : 'refused', ...input.summary },
  });
  return { previewId, expiresAt: expiresAt.toISOString() };
}

/** Claims the preview for this very file, or refuses; the claim is released when the import fails. */
async function claimPreview(context: Pick<AppContext, 'db' | 'clock'>, kind: Kind, previewId: string, text: string) {
  const claimed = await claimUploadPreview(context.db, { id: previewId, kind, now: context.clock.now() });
  if (!claimed) throw new AppError('upload_preview_not_found');
  if (!Buffer.from(claimed.file_digest).equals(digestOf(text))) {
    await releaseUploadPreview(context.db, previewId);
    throw new AppError('upload_preview_mismatch');
  }
  if (!claimed.is_clean) throw new AppError('upload_preview_has_errors');
  return claimed;
}

export async function previewInventoryUpload(context: AppContext, actor: StaffActor, text: string) {
  const preview = await previewInventoryCsv(context, text);
  const saved = await savePreview(context, actor, {
    kind: 'inventory_csv',
    text,
    options: {},
    isClean: preview.outcome === 'clean',
    summary: { rows_read: preview.rowsRead, errors: preview.errors.length },
  });
  return {
    ...saved,
    kind: 'inventory_csv' as const,
    outcome: preview.outcome,
    rowsRead: preview.rowsRead,
    errorCount: preview.errors.length,
    errors: preview.errors.slice(0, MAX_REPORTED_PROBLEMS),
    created: preview.created,
    updated: preview.updated,
  };
}

export async function applyInventoryUpload(context: AppContext, actor: StaffActor, input: { previewId: string; text: string; origin?: string }) {
  await claimPreview(context, 'inventory_csv', input.previewId, input.text);
  const report = await importInventoryCsv(context, { text: input.text, origin: input.origin ?? 'back office upload' });
  if (report.outcome === 'refused') {
    // The database changed since the preview: nothing was written, the file can be previewed again.
    await releaseUploadPreview(context.db, input.previewId);
    throw new AppError('import_refused', { batchId: report.batchId, errorCount: report.errors.length, errors: report.errors.slice(0, MAX_REPORTED_PROBLEMS) });
  }
  await recordStaffAction(context, actor, {
    action: 'staff.inventory_imported',
    target: { type: 'import_batch', id: report.batchId },
    details: { preview_id: input.previewId, rows_read: report.rowsRead, ...prefixed('created', report.created), ...prefixed('updated', report.updated) },
  });
  return { batchId: report.batchId, rowsRead: report.rowsRead, created: report.created, updated: report.updated, quarantinedMessagesReplayed: report.quarantinedMessagesReplayed };
}

function prefixed(prefix: string, counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([key, value]) => [`${prefix}_${key}`, value]));
}

/** The readings file previewed as ingest would import it; the preview is kept for applying. */
export async function previewReadingsUpload(context: AppContext, actor: StaffActor, input: { text: string; options: ReadingsCsvOptions }) {
  const preview = await previewReadingsCsv(context, input.text.split(/\r?\n/), input.options);
  const isClean = preview.errors.length === 0;
  const summary = {
    rows_read: preview.rowsRead,
    errors: preview.errors.length,
    new_readings: preview.newReadings,
    duplicates: preview.duplicates,
    conflicting: preview.conflicting,
  };
  const saved = await savePreview(context, actor, { kind: 'readings_csv', text: input.text, options: { ...input.options }, isClean, summary });
  return {
    ...saved,
    kind: 'readings_csv' as const,
    outcome: isClean ? ('clean' as const) : ('refused' as const),
    rowsRead: preview.rowsRead,
    errorCount: preview.errors.length,
    errors: preview.errors.slice(0, MAX_REPORTED_PROBLEMS),
    newReadings: preview.newReadings,
    duplicates: preview.duplicates,
    conflicting: preview.conflicting,
    devices: preview.devices,
    firstReadingAt: preview.firstReadingAt,
    lastReadingAt: preview.lastReadingAt,
  };
}

export async function applyReadingsUpload(context: AppContext, actor: StaffActor, input: { previewId: string; text: string; origin?: string }) {
  const claimed = await claimPreview(context, 'readings_csv', input.previewId, input.text);
  const report = await importReadingsCsv(context, { lines: input.text.split(/\r?\n/), origin: input.origin ?? 'back office upload' }, claimed.options as ReadingsCsvOptions);
  if (report.outcome === 'refused') {
    await releaseUploadPreview(context.db, input.previewId);
    throw new AppError('import_refused', { batchId: report.batchId, errorCount: report.errorCount, errors: report.errors });
  }
  await recordStaffAction(context, actor, {
    action: 'staff.readings_imported',
    target: { type: 'import_batch', id: report.batchId },
    details: { preview_id: input.previewId, rows_read: report.rowsRead, rows_stored: report.rowsStored, rows_duplicate: report.rowsDuplicate, rows_conflicting: report.rowsConflicting },
  });
  return {
    batchId: report.batchId,
    rowsRead: report.rowsRead,
    rowsStored: report.rowsStored,
    rowsDuplicate: report.rowsDuplicate,
    rowsConflicting: report.rowsConflicting,
    devices: report.devices,
  };
}
