import type { ColumnType, Generated } from 'kysely';
import type { DeviceKind, DeviceUnit, Fluid } from '#shared/device-kinds.ts';
import type { SupplyEnergy, TariffComponent } from '#shared/contracts/tariffs.ts';

/**
 * Kysely's view of the tables, written by hand beside the migrations that create them.
 * `numeric` columns arrive as strings so that indexes keep every decimal they were given.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A `date` column: read as YYYY-MM-DD text (the pg and PGlite parsers are set so). */
type CalendarDate = ColumnType<string, string, string>;

export type ContractOption = 'resident_portal' | 'remote_reading';
export type { DeviceKind, DeviceUnit };
export type ReadingSource = 'demo' | 'csv' | 'wmbusmeters' | 'manual';
export type UserRole = 'resident' | 'manager' | 'staff';
export type StaffRole = 'support' | 'data' | 'admin';
export type Civility = 'madame' | 'monsieur';
export type CouncilMember = 'yes' | 'no' | 'no_answer';

export interface ClientsTable {
  id: Generated<string>;
  name: string;
  kind: 'syndic' | 'bailleur';
  created_at: CreatedAt;
}

export interface ContractsTable {
  id: Generated<string>;
  client_id: string;
  reference: string;
  booked_options: ColumnType<ContractOption[], ContractOption[] | undefined, ContractOption[]>;
  starts_on: CalendarDate;
  ends_on: CalendarDate | null;
  created_at: CreatedAt;
}

export interface ResidencesTable {
  id: Generated<string>;
  client_id: string;
  contract_id: string;
  building_code: string;
  name: string | null;
  street: string;
  postal_code: string;
  city: string;
  time_zone: ColumnType<string, string | undefined, string>;
  published_at: Timestamp | null;
  /** Goes up whenever the engine rewrites the residence's monthly totals and averages. */
  consumption_version: ColumnType<string, never, never>;
  created_at: CreatedAt;
}

export interface DwellingsTable {
  id: Generated<string>;
  residence_id: string;
  client_number: string;
  building: ColumnType<string, string | undefined, string>;
  staircase: ColumnType<string, string | undefined, string>;
  floor: ColumnType<string, string | undefined, string>;
  dwelling_code: string;
  reference: string;
  created_at: CreatedAt;
}

export interface DevicesTable {
  id: Generated<string>;
  residence_id: string;
  dwelling_id: string;
  kind: DeviceKind;
  unit: DeviceUnit;
  serial_number: string;
  radio_id: string | null;
  manufacturer: string;
  location: ColumnType<string, string | undefined, string>;
  is_in_common_area: ColumnType<boolean, boolean | undefined, boolean>;
  installed_on: CalendarDate;
  removed_on: CalendarDate | null;
  replaces_device_id: string | null;
  /** The device's own maximum plausible rate per hour, in its unit; null: its kind's default. */
  max_rate_per_hour: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

interface ReadingsTable {
  residence_id: string;
  device_id: string;
  read_at: Timestamp;
  index_value: ColumnType<string, string | number, string | number>;
  is_estimated: ColumnType<boolean, boolean | undefined, boolean>;
  source: ReadingSource;
  received_at: CreatedAt;
}

/** The months of `readings` whose partition was detached by the archive command. */
interface ReadingsArchivedMonthsTable {
  /** The first day of the month (UTC). */
  month: string;
  partition_name: string;
  archived_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  role: UserRole;
  email: string;
  password_hash: string | null;
  dwelling_id: string | null;
  locale: ColumnType<'fr' | 'en', 'fr' | 'en' | undefined, 'fr' | 'en'>;
  created_at: CreatedAt;
  closed_at: Timestamp | null;
}

export interface ResidentProfilesTable {
  user_id: string;
  residence_id: string;
  civility: Civility;
  last_name: string;
  first_name: string;
  mobile_e164: string | null;
  is_owner: boolean;
  council_member: CouncilMember;
  notify_leak_by_email: boolean;
  notify_leak_by_sms: boolean;
  notify_overconsumption: boolean;
  manager_may_see_daily: boolean;
  privacy_consent_at: Timestamp;
  privacy_policy_version: string;
  newsletter_consent_at: Timestamp | null;
  newsletter_policy_version: string | null;
  moved_in_on: CalendarDate;
  moved_out_on: CalendarDate | null;
}

interface ManagerMembershipsTable {
  user_id: string;
  client_id: string;
  first_name: ColumnType<string, string | undefined, string>;
  last_name: ColumnType<string, string | undefined, string>;
  is_portal_admin: ColumnType<boolean, boolean | undefined, boolean>;
  sees_all_residences: ColumnType<boolean, boolean | undefined, boolean>;
}

interface ManagerResidenceAccessTable {
  user_id: string;
  residence_id: string;
  granted_at: CreatedAt;
}

interface StaffMembersTable {
  user_id: string;
  staff_role: StaffRole;
  display_name: ColumnType<string, string | undefined, string>;
}

interface OccupantChangesTable {
  id: Generated<string>;
  residence_id: string;
  dwelling_id: string;
  changed_on: CalendarDate;
  recorded_by_user_id: string | null;
  note: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
}

/**
 * The fingerprint of the SESSION_SECRET that keyed a row's hash or sealed its value
 * (`secretKeyId`); null on rows written before it was recorded (any accepted secret may have).
 * Written with every such row, so a rotation can tell what still depends on an older secret.
 */
type SecretKeyId = ColumnType<string | null, string | null, string | null>;

export interface SessionsTable {
  id_hash: Buffer;
  key_id: SecretKeyId;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  client_address: ColumnType<string, string | undefined, string>;
  user_agent: ColumnType<string, string | undefined, string>;
  assurance: ColumnType<SessionAssurance, SessionAssurance | undefined, SessionAssurance>;
}

/** A resident's personal access token (issue 23); only its keyed hash is stored. */
export type ApiTokenRevokedReason = 'resident' | 'move_out' | 'closure' | 'deletion' | 'secret_rotation';

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: Buffer;
  key_id: SecretKeyId;
  prefix: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  revoked_reason: ColumnType<ApiTokenRevokedReason | null, ApiTokenRevokedReason | null | undefined, ApiTokenRevokedReason | null>;
  window_started_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  window_count: ColumnType<number, number | undefined, number>;
}

interface ApiTokenDailyUsesTable {
  token_id: string;
  day: CalendarDate;
  count: number;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'outbox';

export interface OutboxMessagesTable {
  id: Generated<string>;
  message_key: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: ColumnType<string, string | undefined, string>;
  body_text: string;
  body_html: string | null;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  residence_id: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  /** The unmasked text and html (secret-box), kept only while a live secret still has to be delivered. */
  sealed_content: ColumnType<string | null, string | null | undefined, string | null>;
  key_id: SecretKeyId;
  secret_expires_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface AuditEventsTable {
  id: Generated<string>;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  actor_role: UserRole | 'system' | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  client_address: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

interface ManagerDocumentsTable {
  id: Generated<string>;
  client_id: string;
  residence_id: string | null;
  kind: 'publication_notice' | 'operator_document';
  title: string;
  body_text: string;
  body_html: string;
  created_at: Timestamp;
}

export interface Database {
  clients: ClientsTable;
  contracts: ContractsTable;
  residences: ResidencesTable;
  dwellings: DwellingsTable;
  devices: DevicesTable;
  readings: ReadingsTable;
  readings_archived_months: ReadingsArchivedMonthsTable;
  users: UsersTable;
  resident_profiles: ResidentProfilesTable;
  manager_memberships: ManagerMembershipsTable;
  manager_residence_access: ManagerResidenceAccessTable;
  staff_members: StaffMembersTable;
  occupant_changes: OccupantChangesTable;
  sessions: SessionsTable;
  outbox_messages: OutboxMessagesTable;
  audit_events: AuditEventsTable;
  manager_documents: ManagerDocumentsTable;
  data_sources: DataSourcesTable;
  import_batches: ImportBatchesTable;
  device_telegrams: DeviceTelegramsTable;
  ingest_quarantine: IngestQuarantineTable;
  mqtt_quarantine: MqttQuarantineTable;
  reading_anomalies: ReadingAnomaliesTable;
  consumption_refresh_queue: ConsumptionRefreshQueueTable;
  daily_consumption: DailyConsumptionTable;
  consumption_excursions: ConsumptionExcursionsTable;
  data_health_items: DataHealthItemsTable;
  tariff_rates: TariffRatesTable;
  energy_supplies: EnergySuppliesTable;
  api_tokens: ApiTokensTable;
  api_token_daily_uses: ApiTokenDailyUsesTable;
  monthly_dwelling_consumption: MonthlyDwellingConsumptionTable;
  monthly_residence_average: MonthlyResidenceAverageTable;
  login_throttles: LoginThrottlesTable;
  password_reset_codes: PasswordResetCodesTable;
  email_change_codes: EmailChangeCodesTable;
  staff_second_factors: StaffSecondFactorsTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  signup_attempts: SignupAttemptsTable;
  signup_codes: SignupCodesTable;
  signup_lookups: SignupLookupsTable;
  signup_lookup_budget_lifts: SignupLookupBudgetLiftsTable;
  assistance_requests: AssistanceRequestsTable;
  assistance_replies: AssistanceRepliesTable;
  staff_upload_previews: StaffUploadPreviewsTable;
  alert_episodes: AlertEpisodesTable;
  alert_notices: AlertNoticesTable;
  weather_stations: WeatherStationsTable;
  station_degree_days: StationDegreeDaysTable;
  residence_weather_stations: ResidenceWeatherStationsTable;
}

/** Ingest and consumption (issue 5). */
export type { Fluid };
export type ImportKind = 'inventory_csv' | 'readings_csv' | 'wmbusmeters';
export type AlarmKind = 'leak' | 'burst' | 'tamper' | 'dry' | 'reverse_flow' | 'battery' | 'error';
type ReadingAnomalyKind = 'index_decrease' | 'conflicting_duplicate';

interface DataSourcesTable {
  id: Generated<string>;
  name: string;
  token_hash: Buffer;
  key_id: SecretKeyId;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
}

interface ImportBatchesTable {
  id: Generated<string>;
  kind: ImportKind;
  origin: ColumnType<string, string | undefined, string>;
  data_source_id: string | null;
  started_at: Timestamp;
  finished_at: Timestamp;
  outcome: 'imported' | 'refused';
  rows_read: ColumnType<number, number | undefined, number>;
  rows_stored: ColumnType<number, number | undefined, number>;
  rows_duplicate: ColumnType<number, number | undefined, number>;
  rows_conflicting: ColumnType<number, number | undefined, number>;
  rows_refused: ColumnType<number, number | undefined, number>;
  report: ColumnType<Record<string, unknown>, string | undefined, string>;
}

interface DeviceTelegramsTable {
  residence_id: string;
  device_id: string;
  read_at: Timestamp;
  driver: string;
  status_flags: ColumnType<string[], string[] | undefined, string[]>;
  alarm_kinds: ColumnType<AlarmKind[], AlarmKind[] | undefined, AlarmKind[]>;
  raw_message: ColumnType<Record<string, unknown>, string, string>;
  received_at: CreatedAt;
}

/** Why a wmbusmeters message waits: no device has its radio id, or only a device of another kind. */
export type QuarantineReason = 'unknown_device' | 'device_of_another_kind';

interface IngestQuarantineTable {
  id: Generated<number>;
  received_at: Timestamp;
  data_source_id: string | null;
  driver: ColumnType<string, string | undefined, string>;
  radio_id: ColumnType<string, string | undefined, string>;
  printed_serial: ColumnType<string, string | undefined, string>;
  reason: QuarantineReason;
  raw_message: ColumnType<Record<string, unknown>, string, string>;
  replayed_at: Timestamp | null;
}

/** An MQTT message that can never be stored, kept with why (ingest/mqtt-quarantine.service.ts). */
interface MqttQuarantineTable {
  id: Generated<number>;
  received_at: Timestamp;
  topic: string;
  /** Its first 4 KiB; payload_bytes is its whole size. */
  payload: Uint8Array;
  payload_bytes: number;
  reason: string;
  detail: string | null;
}

interface ReadingAnomaliesTable {
  residence_id: string;
  device_id: string;
  kind: ReadingAnomalyKind;
  read_at: Timestamp;
  previous_index: ColumnType<string | null, string | null, string | null>;
  index_value: ColumnType<string, string, string>;
  detected_at: Timestamp;
}

interface ConsumptionRefreshQueueTable {
  device_id: string;
  changed_from: Timestamp;
  queued_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
  claimed_at: Timestamp | null;
}

interface DailyConsumptionTable {
  residence_id: string;
  dwelling_id: string;
  device_id: string;
  fluid: Fluid;
  unit: DeviceUnit;
  day: CalendarDate;
  consumption: ColumnType<string, string, string>;
  is_estimated: boolean;
  estimate_reason: ColumnType<EstimateReason | null, EstimateReason | null | undefined, EstimateReason | null>;
}

/** Why a day's consumption is estimated (consumption/daily-consumption.ts). */
export type EstimateReason = 'spike' | 'gap' | 'estimated_reading';

interface ConsumptionExcursionsTable {
  residence_id: string;
  device_id: string;
  kind: 'spike' | 'dip';
  started_at: Timestamp;
  ended_at: Timestamp;
  reading_count: number;
  extreme_index: ColumnType<string, string, string>;
  not_billed: ColumnType<string, string, string>;
  detected_at: Timestamp;
}

/** What staff decide about (consumption/data-health-items). */
export type DataHealthItemKind = 'excursion' | 'over_limit_rate' | 'lasting_decrease';
export type DataHealthItemStatus = 'open' | 'real' | 'glitch';

interface TariffRatesTable {
  id: Generated<string>;
  residence_id: string;
  component: TariffComponent;
  valid_from: CalendarDate;
  value: ColumnType<string, string, string>;
  created_by: string | null;
  created_at: Timestamp;
}

interface EnergySuppliesTable {
  id: Generated<string>;
  residence_id: string;
  valid_from: CalendarDate;
  energy: SupplyEnergy;
  network_name: string | null;
  co2_kg_per_kwh: ColumnType<string, string, string>;
  factor_source: string;
  created_by: string | null;
  created_at: Timestamp;
}

interface DataHealthItemsTable {
  id: Generated<string>;
  residence_id: string;
  device_id: string;
  kind: DataHealthItemKind;
  started_at: Timestamp;
  ended_at: Timestamp;
  /** In the device's unit: not billed (excursion), volume over the stretch, or the fall. */
  magnitude: ColumnType<string, string, string>;
  status: ColumnType<DataHealthItemStatus, DataHealthItemStatus | undefined, DataHealthItemStatus>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  detected_at: Timestamp;
}

interface MonthlyDwellingConsumptionTable {
  residence_id: string;
  dwelling_id: string;
  fluid: Fluid;
  unit: DeviceUnit;
  month: CalendarDate;
  consumption: ColumnType<string, string, string>;
  days_covered: number;
  estimated_days: number;
  /** Days whose consumption replaces a spike or dip the index took back: residence averages leave the month out. */
  spike_days: ColumnType<number, number | undefined, number>;
}

interface MonthlyResidenceAverageTable {
  residence_id: string;
  fluid: Fluid;
  unit: DeviceUnit;
  month: CalendarDate;
  average_consumption: ColumnType<string, string, string>;
  dwelling_count: number;
}

/** Accounts: login throttling, password reset, staff second factor (issue 3). */
export type SessionAssurance = 'full' | 'password_only';

interface LoginThrottlesTable {
  throttle_key: string;
  failure_count: number;
  last_failure_at: Timestamp;
  locked_until: Timestamp | null;
}

interface PasswordResetCodesTable {
  user_id: string;
  code_id: string;
  code_hash: Buffer;
  key_id: SecretKeyId;
  created_at: Timestamp;
  expires_at: Timestamp;
  failed_attempts: ColumnType<number, number | undefined, number>;
  consumed_at: Timestamp | null;
  sends_in_window: ColumnType<number, number | undefined, number>;
  window_started_at: Timestamp;
}

interface StaffSecondFactorsTable {
  user_id: string;
  secret_ciphertext: string;
  key_id: SecretKeyId;
  created_at: Timestamp;
  confirmed_at: Timestamp | null;
  last_used_step: ColumnType<number | null, number | null | undefined, number | null>;
}

interface StaffRecoveryCodesTable {
  user_id: string;
  code_hash: Buffer;
  key_id: SecretKeyId;
  used_at: Timestamp | null;
}

/** Sign-up (issue 4): the server-side step machine, its email codes, the look-up log, assistance requests. */
export type SignupStep = 'attest' | 'profile' | 'options' | 'personal_info' | 'verify_email' | 'completed' | 'abandoned';
export type SignupLookupMethod = 'serial_number' | 'building_code' | 'dwelling_reference';

export interface SignupAttemptsTable {
  id: Generated<string>;
  token_hash: Buffer;
  key_id: SecretKeyId;
  step: SignupStep;
  residence_id: string;
  dwelling_id: string;
  identified_by: 'serial_number' | 'dwelling_reference';
  is_owner: boolean | null;
  moved_in_on: CalendarDate | null;
  council_member: CouncilMember | null;
  notify_leak_by_email: boolean | null;
  notify_leak_by_sms: boolean | null;
  notify_overconsumption: boolean | null;
  manager_may_see_daily: boolean | null;
  civility: Civility | null;
  last_name: string | null;
  first_name: string | null;
  mobile_e164: string | null;
  email: string | null;
  password_hash: string | null;
  privacy_consent_at: Timestamp | null;
  privacy_policy_version: string | null;
  newsletter_consent_at: Timestamp | null;
  newsletter_policy_version: string | null;
  user_id: string | null;
  client_address: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  expires_at: Timestamp;
}

interface SignupCodesTable {
  id: Generated<string>;
  attempt_id: string;
  email: string;
  code_hash: Buffer;
  key_id: SecretKeyId;
  is_address_in_use: boolean;
  failed_tries: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
}

/** Resident portal (issue 6): a code sent to the new address before it replaces the account's. */
interface EmailChangeCodesTable {
  id: Generated<string>;
  user_id: string;
  new_email: string;
  code_hash: Buffer;
  key_id: SecretKeyId;
  failed_tries: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
}

interface SignupLookupsTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  client_address: string;
  method: SignupLookupMethod;
  outcome: string;
  input_digest: Buffer;
  /** The residence a hit (a serial number or dwelling reference found) belongs to: its look-up budget. */
  residence_id: ColumnType<string | null, string | null | undefined, string | null>;
}

interface SignupLookupBudgetLiftsTable {
  residence_id: string;
  lifted_until: Timestamp;
  lifted_by_user_id: string | null;
  created_at: Timestamp;
}

export type AssistanceStatus = 'new' | 'in_progress' | 'answered' | 'closed';

export interface AssistanceRequestsTable {
  id: Generated<string>;
  created_at: Timestamp;
  name: string;
  email: string;
  phone: string | null;
  message: string;
  serial_number: string | null;
  building_code: string | null;
  dwelling_reference: string | null;
  page: ColumnType<string, string | undefined, string>;
  client_address: ColumnType<string, string | undefined, string>;
  status: ColumnType<AssistanceStatus, AssistanceStatus | undefined, AssistanceStatus>;
  handled_at: Timestamp | null;
  handled_by_user_id: string | null;
}

/** Back office (issue 9): replies to assistance requests, previewed uploads. */
interface AssistanceRepliesTable {
  id: Generated<string>;
  request_id: string;
  staff_user_id: string;
  created_at: Timestamp;
  body_text: string;
  outbox_message_id: string | null;
}

interface StaffUploadPreviewsTable {
  id: Generated<string>;
  kind: 'inventory_csv' | 'readings_csv';
  file_digest: Buffer;
  options: ColumnType<Record<string, unknown>, string | undefined, string>;
  is_clean: boolean;
  summary: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_by_user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  applied_at: Timestamp | null;
}

/** Alerts (issue 7): leak and over-consumption episodes. */
export type AlertKind = 'leak' | 'overconsumption';
export type AlertSource = 'meter_flag' | 'readings' | 'daily_rule' | 'monthly_rule';

interface AlertEpisodesTable {
  id: Generated<string>;
  residence_id: string;
  dwelling_id: string;
  device_id: string | null;
  kind: AlertKind;
  fluid: Fluid;
  source: AlertSource;
  started_at: Timestamp;
  last_seen_at: Timestamp;
  opened_at: Timestamp;
  closed_at: Timestamp | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  notices_scheduled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Alert delivery (issue 7): one notice per episode and channel, and what became of it. */
export type AlertNoticeChannel = 'email' | 'sms';
export type AlertNoticeStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';
export type AlertNoticeSkipReason = 'no_resident' | 'option_off' | 'no_mobile';

interface AlertNoticesTable {
  id: Generated<string>;
  episode_id: string;
  residence_id: string;
  channel: AlertNoticeChannel;
  message_id: string;
  recipient: string | null;
  status: ColumnType<AlertNoticeStatus, AlertNoticeStatus | undefined, AlertNoticeStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  retryable: ColumnType<boolean, boolean | undefined, boolean>;
  skip_reason: AlertNoticeSkipReason | null;
  provider: string | null;
  provider_message_id: string | null;
  created_at: Timestamp;
  sending_at: Timestamp | null;
  sent_at: Timestamp | null;
}

/** Heating at equal climate (issue 23): degree days per station and day, a residence's station. */
interface WeatherStationsTable {
  code: string;
  created_at: CreatedAt;
  /** Goes up at each import of the station's degree days (the heating comparison's cache key). */
  degree_days_version: ColumnType<string, never, never>;
}

interface StationDegreeDaysTable {
  station_code: string;
  day: CalendarDate;
  /** Base 18 °C, Météo-France's method (server/kernel/degree-days.ts), two decimals. */
  degree_days: ColumnType<string, string, string>;
  minimum_temperature: ColumnType<string | null, string | null, string | null>;
  maximum_temperature: ColumnType<string | null, string | null, string | null>;
  imported_at: Timestamp;
}

interface ResidenceWeatherStationsTable {
  residence_id: string;
  station_code: string;
  tied_at: Timestamp;
}
