import { sql, type Kysely } from 'kysely';
import type { AlarmKind, Database, DeviceKind, DeviceUnit, ImportKind, QuarantineReason, ReadingSource } from '../../db/schema.ts';
import { consumptionRefreshMarks } from '../consumption/consumption.service.ts';

/** All SQL of meter-data ingest. */
type Db = Kysely<Database>;

export interface IngestDevice {
  id: string;
  residenceId: string;
  kind: DeviceKind;
  unit: DeviceUnit;
  serialNumber: string;
  manufacturer: string;
  radioId: string | null;
  installedOn: string;
  removedOn: string | null;
  timeZone: string;
}

function selectIngestDevices(db: Db) {
  return db
    .selectFrom('devices')
    .innerJoin('residences', 'residences.id', 'devices.residence_id')
    .select([
      'devices.id',
      'devices.residence_id',
      'devices.kind',
      'devices.unit',
      'devices.serial_number',
      'devices.manufacturer',
      'devices.radio_id',
      'devices.installed_on',
      'devices.removed_on',
      'residences.time_zone',
    ]);
}

type IngestDeviceRow = Awaited<ReturnType<ReturnType<typeof selectIngestDevices>['execute']>>[number];

function toIngestDevice(row: IngestDeviceRow): IngestDevice {
  return {
    id: row.id,
    residenceId: row.residence_id,
    kind: row.kind,
    unit: row.unit,
    serialNumber: row.serial_number,
    manufacturer: row.manufacturer,
    radioId: row.radio_id,
    installedOn: row.installed_on,
    removedOn: row.removed_on,
    timeZone: row.time_zone,
  };
}

export async function findDevicesBySerial(db: Db, serialNumbers: readonly string[]): Promise<IngestDevice[]> {
  if (serialNumbers.length === 0) return [];
  const rows = await selectIngestDevices(db).where('devices.serial_number', 'in', serialNumbers).execute();
  return rows.map(toIngestDevice);
}

/** Devices a radio telegram may belong to: by radio id, or by the serial printed on the meter. */
export async function findDevicesByRadioIdOrSerial(
  db: Db,
  radioIds: readonly string[],
  serialNumbers: readonly string[],
): Promise<IngestDevice[]> {
  if (radioIds.length === 0 && serialNumbers.length === 0) return [];
  const rows = await selectIngestDevices(db)
    .where((eb) =>
      eb.or([
        ...(radioIds.length > 0 ? [eb(eb.fn('lower', ['devices.radio_id']), 'in', radioIds)] : []),
        ...(serialNumbers.length > 0 ? [eb('devices.serial_number', 'in', serialNumbers)] : []),
      ]),
    )
    .execute();
  return rows.map(toIngestDevice);
}

/** Serialises writers of the same devices' readings across connections and nodes. */
export async function lockDevicesForIngest(db: Db, deviceIds: readonly string[]): Promise<void> {
  if (deviceIds.length === 0) return;
  await sql`
    select pg_advisory_xact_lock(lock_key)
    from (select distinct hashtextextended('readings:' || device_id, 0) as lock_key from unnest(${[...deviceIds]}::text[]) as device(device_id)) keys
    order by lock_key
  `.execute(db);
}

export interface DeviceSpan {
  residenceId: string;
  deviceId: string;
  from: Date;
  to: Date;
}

export interface ExistingReading {
  deviceId: string;
  readAt: Date;
  indexValue: string;
  source?: ReadingSource;
}

export async function findReadingsInSpans(db: Db, spans: readonly DeviceSpan[]): Promise<ExistingReading[]> {
  if (spans.length === 0) return [];
  const result = await sql<{ device_id: string; read_at: Date; index_value: string; source: ReadingSource }>`
    select readings.device_id, readings.read_at, readings.index_value, readings.source
    from unnest(${spans.map((span) => span.residenceId)}::uuid[], ${spans.map((span) => span.deviceId)}::uuid[],
                ${spans.map((span) => span.from.toISOString())}::timestamptz[], ${spans.map((span) => span.to.toISOString())}::timestamptz[])
      as span(residence_id, device_id, from_at, to_at)
    join readings on readings.residence_id = span.residence_id and readings.device_id = span.device_id
      and readings.read_at between span.from_at and span.to_at
  `.execute(db);
  return result.rows.map((row) => ({ deviceId: row.device_id, readAt: row.read_at, indexValue: row.index_value, source: row.source }));
}

/** Gives a stored reading another moment (a wall time of the repeated autumn hour placed anew). */
export async function moveReading(db: Db, key: { residenceId: string; deviceId: string }, from: number, to: number): Promise<void> {
  await db
    .updateTable('readings')
    .set({ read_at: new Date(to) })
    .where('residence_id', '=', key.residenceId)
    .where('device_id', '=', key.deviceId)
    .where('read_at', '=', new Date(from))
    .execute();
}

export interface NewReading {
  residenceId: string;
  deviceId: string;
  at: number;
  indexValue: string;
  isEstimated: boolean;
}

export interface NewTelegram {
  driver: string;
  statusFlags: string[];
  alarmKinds: AlarmKind[];
  rawMessage: string;
}

const READINGS_PER_STATEMENT = 10_000;

/**
 * Inserts the readings the table does not hold yet, and in the same statement the telegrams of
 * those inserted (raw message, status flags) and the consumption refresh marks of their devices.
 * Returns the positions (in `readings`) of those inserted; the others were already stored.
 * Rows go in key order, so concurrent batches wait on each other's keys in one order.
 */
export async function insertReadingsIfNew(
  db: Db,
  readings: ReadonlyArray<NewReading & { telegram?: NewTelegram }>,
  source: ReadingSource,
  now: Date,
): Promise<number[]> {
  const inserted: number[] = [];
  for (let start = 0; start < readings.length; start += READINGS_PER_STATEMENT) {
    const chunk = readings.slice(start, start + READINGS_PER_STATEMENT);
    const telegrams = chunk.flatMap((reading, position) =>
      reading.telegram
        ? [{ position, driver: reading.telegram.driver, status_flags: reading.telegram.statusFlags, alarm_kinds: reading.telegram.alarmKinds, raw_message: reading.telegram.rawMessage }]
        : [],
    );
    const result = await sql<{ position: number }>`
      with incoming as (
        select * from unnest(${chunk.map((reading) => reading.residenceId)}::uuid[], ${chunk.map((reading) => reading.deviceId)}::uuid[],
                             ${chunk.map((reading) => new Date(reading.at).toISOString())}::timestamptz[],
                             ${chunk.map((reading) => reading.indexValue)}::numeric[], ${chunk.map((reading) => reading.isEstimated)}::boolean[])
          with ordinality as reading(residence_id, device_id, read_at, index_value, is_estimated, position)
      ),
      inserted as (
        insert into readings (residence_id, device_id, read_at, index_value, is_estimated, source)
        select residence_id, device_id, read_at, index_value, is_estimated, ${source} from incoming
        order by residence_id, device_id, read_at
        on conflict do nothing
        returning device_id, read_at
      ),
      inserted_positions as (
        select incoming.* from incoming join inserted using (device_id, read_at)
      ),
      telegrams as (
        insert into device_telegrams (residence_id, device_id, read_at, driver, status_flags, alarm_kinds, raw_message)
        select reading.residence_id, reading.device_id, reading.read_at, telegram.driver,
               array(select jsonb_array_elements_text(telegram.status_flags)), array(select jsonb_array_elements_text(telegram.alarm_kinds)),
               telegram.raw_message::jsonb
        from jsonb_to_recordset(${JSON.stringify(telegrams)}::jsonb)
          as telegram(position int, driver text, status_flags jsonb, alarm_kinds jsonb, raw_message text)
        join inserted_positions reading on reading.position = telegram.position + 1
        order by reading.device_id, reading.read_at
        on conflict (device_id, read_at) do nothing
      ),
      marks as (${consumptionRefreshMarks(sql`select device_id, read_at as changed_from from inserted`, now)})
      select (position - 1)::int as position from inserted_positions
    `.execute(db);
    for (const row of result.rows) inserted.push(start + row.position);
  }
  return inserted;
}

/** The stored index of each (device, moment) given that the table holds. */
export async function findReadingsAt(db: Db, keys: ReadonlyArray<{ residenceId: string; deviceId: string; at: number }>): Promise<ExistingReading[]> {
  if (keys.length === 0) return [];
  const result = await sql<{ device_id: string; read_at: Date; index_value: string }>`
    select readings.device_id, readings.read_at, readings.index_value
    from unnest(${keys.map((key) => key.residenceId)}::uuid[], ${keys.map((key) => key.deviceId)}::uuid[],
                ${keys.map((key) => new Date(key.at).toISOString())}::timestamptz[]) as wanted(residence_id, device_id, read_at)
    join readings using (residence_id, device_id, read_at)
  `.execute(db);
  return result.rows.map((row) => ({ deviceId: row.device_id, readAt: row.read_at, indexValue: row.index_value }));
}

export const READINGS_COPY_STATEMENT =
  'COPY readings (residence_id, device_id, read_at, index_value, is_estimated, source) FROM STDIN';

/** One line of COPY's text format for a reading. */
export function readingCopyLine(reading: NewReading, source: ReadingSource): string {
  return `${reading.residenceId}\t${reading.deviceId}\t${new Date(reading.at).toISOString()}\t${reading.indexValue}\t${reading.isEstimated ? 't' : 'f'}\t${source}\n`;
}

export interface QuarantineEntry {
  receivedAt: Date;
  dataSourceId: string | null;
  driver: string;
  radioId: string;
  printedSerial: string;
  rawMessage: string;
  reason: QuarantineReason;
}

export async function insertQuarantine(db: Db, entries: readonly QuarantineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('ingest_quarantine')
    .values(
      entries.map((entry) => ({
        received_at: entry.receivedAt,
        data_source_id: entry.dataSourceId,
        driver: entry.driver,
        radio_id: entry.radioId,
        printed_serial: entry.printedSerial,
        reason: entry.reason,
        raw_message: entry.rawMessage,
      })),
    )
    .onConflict((oc) => oc.expression(sql`md5(raw_message::text)`).doNothing())
    .execute();
}

export interface QuarantinedMessage {
  id: number;
  receivedAt: Date;
  dataSourceId: string | null;
  driver: string;
  radioId: string;
  printedSerial: string;
  reason: QuarantineReason;
  rawMessage: Record<string, unknown>;
}

/**
 * Pending quarantined messages that the given devices can now take, locked for the replay.
 * jsonb keeps number literals exactly; its text form is what gets replayed.
 */
export async function claimQuarantineFor(
  db: Db,
  radioIds: readonly string[],
  serialNumbers: readonly string[],
): Promise<Array<{ id: number; rawText: string }>> {
  if (radioIds.length === 0 && serialNumbers.length === 0) return [];
  return db
    .selectFrom('ingest_quarantine')
    .select(['id', sql<string>`raw_message::text`.as('rawText')])
    .where('replayed_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(radioIds.length > 0 ? [eb('radio_id', 'in', radioIds)] : []),
        ...(serialNumbers.length > 0 ? [eb('printed_serial', 'in', serialNumbers)] : []),
      ]),
    )
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute();
}

function toQuarantinedMessage(row: {
  id: number;
  received_at: Date;
  data_source_id: string | null;
  driver: string;
  radio_id: string;
  printed_serial: string;
  reason: QuarantineReason;
  raw_message: Record<string, unknown>;
}): QuarantinedMessage {
  return {
    id: row.id,
    receivedAt: row.received_at,
    dataSourceId: row.data_source_id,
    driver: row.driver,
    radioId: row.radio_id,
    printedSerial: row.printed_serial,
    reason: row.reason,
    rawMessage: row.raw_message,
  };
}

export async function markQuarantineReplayed(db: Db, ids: readonly number[], replayedAt: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('ingest_quarantine').set({ replayed_at: replayedAt }).where('id', 'in', ids).execute();
}

export async function listPendingQuarantine(db: Db, limit: number): Promise<{ total: number; messages: QuarantinedMessage[] }> {
  const [rows, count] = await Promise.all([
    db.selectFrom('ingest_quarantine').selectAll().where('replayed_at', 'is', null).orderBy('id', 'desc').limit(limit).execute(),
    db
      .selectFrom('ingest_quarantine')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where('replayed_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.total), messages: rows.map(toQuarantinedMessage) };
}

export interface BatchRecord {
  kind: ImportKind;
  origin: string;
  dataSourceId: string | null;
  startedAt: Date;
  finishedAt: Date;
  outcome: 'imported' | 'refused';
  rowsRead: number;
  rowsStored: number;
  rowsDuplicate: number;
  rowsConflicting: number;
  rowsRefused: number;
  report: Record<string, unknown>;
}

export async function insertImportBatch(db: Db, batch: BatchRecord): Promise<string> {
  const row = await db
    .insertInto('import_batches')
    .values({
      kind: batch.kind,
      origin: batch.origin.slice(0, 300),
      data_source_id: batch.dataSourceId,
      started_at: batch.startedAt,
      finished_at: batch.finishedAt,
      outcome: batch.outcome,
      rows_read: batch.rowsRead,
      rows_stored: batch.rowsStored,
      rows_duplicate: batch.rowsDuplicate,
      rows_conflicting: batch.rowsConflicting,
      rows_refused: batch.rowsRefused,
      report: JSON.stringify(batch.report),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertDataSource(db: Db, name: string, token: { hash: Buffer; keyId: string }): Promise<string> {
  const row = await db.insertInto('data_sources').values({ name, token_hash: token.hash, key_id: token.keyId }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findDataSourceByName(db: Db, name: string) {
  return db.selectFrom('data_sources').select(['id', 'revoked_at']).where('name', '=', name).executeTakeFirst();
}

/** `tokenHashes`: the token under each accepted secret (a rotation may be under way). */
export async function findActiveDataSourceByTokenHash(db: Db, tokenHashes: Buffer[]) {
  return db
    .selectFrom('data_sources')
    .select(['id', 'name', 'token_hash'])
    .where('token_hash', 'in', tokenHashes)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Stores the token's hash under another secret; only if the row still holds the hash it was found by (another node may have re-keyed it). */
export async function rekeyDataSourceToken(db: Db, source: { id: string; foundHash: Buffer }, token: { hash: Buffer; keyId: string }): Promise<void> {
  await db
    .updateTable('data_sources')
    .set({ token_hash: token.hash, key_id: token.keyId })
    .where('id', '=', source.id)
    .where('token_hash', '=', source.foundHash)
    .execute();
}

export async function revokeDataSource(db: Db, name: string, revokedAt: Date): Promise<boolean> {
  const result = await db.updateTable('data_sources').set({ revoked_at: revokedAt }).where('name', '=', name).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Every data source, the live ones first, with its latest import batch. */
export function listDataSources(db: Db) {
  return db
    .selectFrom('data_sources')
    .select((eb) => [
      'data_sources.id',
      'data_sources.name',
      'data_sources.created_at',
      'data_sources.revoked_at',
      eb.selectFrom('import_batches').whereRef('import_batches.data_source_id', '=', 'data_sources.id').select((sub) => sub.fn.max('import_batches.started_at').as('at')).as('last_batch_at'),
    ])
    .orderBy('data_sources.revoked_at', (ob) => ob.desc().nullsFirst())
    .orderBy('data_sources.name')
    .execute();
}

export function findDataSourceById(db: Db, id: string) {
  return db.selectFrom('data_sources').select(['id', 'name', 'revoked_at']).where('id', '=', id).executeTakeFirst();
}

/** What every readings CSV import has done so far, summed over its batches (the command line's too): for the metrics. */
export async function sumReadingsCsvBatches(db: Db) {
  return db
    .selectFrom('import_batches')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('rows_stored'), eb.lit(0)).as('stored'),
      eb.fn.coalesce(eb.fn.sum<number>('rows_duplicate'), eb.lit(0)).as('duplicate'),
      eb.fn.coalesce(eb.fn.sum<number>('rows_conflicting'), eb.lit(0)).as('conflict'),
      eb.fn.coalesce(eb.fn.sum<number>('rows_refused'), eb.lit(0)).as('refused'),
    ])
    .where('kind', '=', 'readings_csv')
    .executeTakeFirstOrThrow();
}

export interface MqttQuarantineEntry {
  receivedAt: Date;
  topic: string;
  /** Already cut to the bytes kept. */
  payload: Uint8Array;
  payloadBytes: number;
  reason: string;
  detail: string | null;
}

export async function insertMqttQuarantine(db: Db, entry: MqttQuarantineEntry): Promise<void> {
  await db
    .insertInto('mqtt_quarantine')
    .values({
      received_at: entry.receivedAt,
      topic: entry.topic,
      payload: entry.payload,
      payload_bytes: entry.payloadBytes,
      reason: entry.reason,
      detail: entry.detail,
    })
    .execute();
}

export async function listLatestMqttQuarantine(db: Db, limit: number): Promise<{ total: number; messages: MqttQuarantineEntry[] }> {
  const [rows, count] = await Promise.all([
    db.selectFrom('mqtt_quarantine').selectAll().orderBy('id', 'desc').limit(limit).execute(),
    db.selectFrom('mqtt_quarantine').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.total),
    messages: rows.map((row) => ({
      receivedAt: row.received_at,
      topic: row.topic,
      payload: row.payload,
      payloadBytes: row.payload_bytes,
      reason: row.reason,
      detail: row.detail,
    })),
  };
}
