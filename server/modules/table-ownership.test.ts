import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/schema.ts';

/**
 * One writer per table: every table has one module that inserts, updates and deletes its rows;
 * another module asks that module's services. The platform's own tables (the outbox) are written
 * from server/notifications; the demo portfolio, migrations, jobs and tests write what they need.
 */
type Module =
  | 'accounts'
  | 'alerts'
  | 'assistance'
  | 'audit'
  | 'climate'
  | 'backoffice'
  | 'consumption'
  | 'ingest'
  | 'inventory'
  | 'managers'
  | 'occupancy'
  | 'publication'
  | 'residents'
  | 'signup'
  | 'tariffs';
type Owner = Module | 'platform';

const OWNERS = {
  clients: 'inventory',
  contracts: 'inventory',
  residences: 'inventory',
  dwellings: 'inventory',
  devices: 'inventory',
  readings: 'ingest',
  readings_archived_months: 'ingest',
  users: 'accounts',
  resident_profiles: 'residents',
  manager_memberships: 'backoffice',
  manager_residence_access: 'backoffice',
  staff_members: 'backoffice',
  occupant_changes: 'residents',
  sessions: 'accounts',
  api_tokens: 'accounts',
  api_token_daily_uses: 'accounts',
  outbox_messages: 'platform',
  audit_events: 'audit',
  manager_documents: 'publication',
  data_sources: 'ingest',
  import_batches: 'ingest',
  device_telegrams: 'ingest',
  ingest_quarantine: 'ingest',
  mqtt_quarantine: 'ingest',
  reading_anomalies: 'consumption',
  consumption_refresh_queue: 'consumption',
  daily_consumption: 'consumption',
  consumption_excursions: 'consumption',
  data_health_items: 'consumption',
  tariff_rates: 'tariffs',
  energy_supplies: 'tariffs',
  monthly_dwelling_consumption: 'consumption',
  monthly_residence_average: 'consumption',
  login_throttles: 'accounts',
  password_reset_codes: 'accounts',
  email_change_codes: 'residents',
  staff_second_factors: 'accounts',
  staff_recovery_codes: 'accounts',
  signup_attempts: 'signup',
  signup_codes: 'signup',
  signup_lookups: 'signup',
  signup_lookup_budget_lifts: 'signup',
  assistance_requests: 'assistance',
  // Staff write the replies from the back office inbox; the requests stay the assistance module's.
  assistance_replies: 'backoffice',
  staff_upload_previews: 'backoffice',
  alert_episodes: 'alerts',
  alert_notices: 'alerts',
  weather_stations: 'climate',
  station_degree_days: 'climate',
  residence_weather_stations: 'climate',
} as const satisfies Record<keyof Database, Owner>;

type Table = keyof typeof OWNERS;

/**
 * Columns of a table another module owns: a write of that module to the table is allowed when
 * its statement sets the column. The residence's consumption version is what the consumption
 * engine last wrote (the dashboard cache keys on it, read with the session); its publication
 * date is the publication's state.
 */
const COLUMN_OWNERS: Array<{ table: Table; column: string; module: Module }> = [
  { table: 'residences', column: 'consumption_version', module: 'consumption' },
  { table: 'residences', column: 'published_at', module: 'publication' },
];

interface Write {
  file: string;
  module: string;
  table: string;
  /** The text following the table name, to check which columns a statement sets. */
  rest: string;
}

const KYSELY_WRITE = /\b(?:insertInto|updateTable|deleteFrom|mergeInto|replaceInto)\(\s*['"`]([a-z_]+)(?:\s+as\s+\w+)?['"`]/g;
const SQL_WRITE = /\b(?:insert\s+into|update|delete\s+from|copy|merge\s+into)\s+(?:only\s+)?(?:public\.)?"?([a-z_]+)"?/gi;
const REST_LENGTH = 400;

/**
 * Splits TypeScript source into its code (comments removed, string contents kept) and the text
 * of its string literals (template expressions left out, SQL `--` comments removed).
 */
function splitSource(source: string): { code: string; strings: string[] } {
  let code = '';
  const strings: string[] = [];
  // Each open template literal, with the brace depth of the expression it interpolates, if any.
  const templates: Array<{ text: string; braces: number | null }> = [];
  let index = 0;
  const inTemplateText = () => templates.length > 0 && templates[templates.length - 1]!.braces === null;
  while (index < source.length) {
    const char = source[index]!;
    const next = source[index + 1];
    if (inTemplateText()) {
      const template = templates[templates.length - 1]!;
      if (char === '\\') {
        template.text += source.slice(index, index + 2);
        index += 2;
      } else if (char === '`') {
        templates.pop();
        strings.push(template.text);
        code += '`';
        index += 1;
      } else if (char === '$' && next === '{') {
        template.braces = 0;
        template.text += ' ';
        code += '${';
        index += 2;
      } else {
        template.text += char;
        code += char;
        index += 1;
      }
      continue;
    }
    const enclosing = templates[templates.length - 1];
    if (char === '/' && next === '/') {
      while (index < source.length && source[index] !== '\n') index += 1;
    } else if (char === '/' && next === '*') {
      const end = source.indexOf('*/', index + 2);
      index = end === -1 ? source.length : end + 2;
    } else if (char === "'" || char === '"') {
      let end = index + 1;
      while (end < source.length && source[end] !== char && source[end] !== '\n') end += source[end] === '\\' ? 2 : 1;
      strings.push(source.slice(index + 1, end));
      code += source.slice(index, end + 1);
      index = end + 1;
    } else if (char === '`') {
      templates.push({ text: '', braces: null });
      code += '`';
      index += 1;
    } else {
      if (enclosing && enclosing.braces !== null) {
        if (char === '{') enclosing.braces += 1;
        if (char === '}') {
          if (enclosing.braces === 0) enclosing.braces = null;
          else enclosing.braces -= 1;
        }
      }
      code += char;
      index += 1;
    }
  }
  return { code, strings: strings.map((text) => text.replace(/--[^\n]*/g, '')) };
}

/** The writes a source file makes: Kysely's write builders in its code, SQL write statements in its strings. */
function findWrites(source: string): Array<{ table: string; rest: string }> {
  const { code, strings } = splitSource(source);
  const writes: Array<{ table: string; rest: string }> = [];
  for (const match of code.matchAll(KYSELY_WRITE)) {
    writes.push({ table: match[1]!, rest: code.slice(match.index + match[0].length, match.index + match[0].length + REST_LENGTH) });
  }
  for (const text of strings) {
    for (const match of text.matchAll(SQL_WRITE)) {
      const table = match[1]!.toLowerCase();
      if (table in OWNERS) writes.push({ table, rest: text.slice(match.index + match[0].length, match.index + match[0].length + REST_LENGTH) });
    }
  }
  return writes;
}

const MODULES_DIR = import.meta.dirname;

function moduleSources(): Array<{ file: string; module: string; source: string }> {
  return readdirSync(MODULES_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.includes('/') && file.endsWith('.ts'))
    .filter((file) => !file.endsWith('.test.ts'))
    .sort()
    .map((file) => ({ file: `server/modules/${file}`, module: file.split('/')[0]!, source: readFileSync(join(MODULES_DIR, file), 'utf8') }));
}

function isAllowed(write: Write): boolean {
  if (OWNERS[write.table as Table] === write.module) return true;
  return COLUMN_OWNERS.some(
    (owned) => owned.table === write.table && owned.module === write.module && new RegExp(`\\b${owned.column}\\b`).test(write.rest),
  );
}

describe('table ownership', () => {
  const writes: Write[] = moduleSources().flatMap(({ file, module, source }) => findWrites(source).map((write) => ({ file, module, ...write })));

  it('names an owner for every table of the schema', () => {
    const schema = readFileSync(join(MODULES_DIR, '../db/schema.ts'), 'utf8');
    const body = /export interface Database \{([^}]*)\}/.exec(schema)?.[1] ?? '';
    const tables = [...body.matchAll(/^\s*([a-z_]+):/gm)].map((match) => match[1]);
    expect(tables.length).toBeGreaterThan(0);
    expect(Object.keys(OWNERS).sort()).toEqual(tables.sort());
  });

  it('finds the writes it checks (the scan still sees Kysely builders and raw SQL)', () => {
    expect(writes.some((write) => write.table === 'sessions' && write.module === 'accounts')).toBe(true);
    expect(writes.some((write) => write.table === 'readings' && write.file.endsWith('ingest.queries.ts'))).toBe(true);
    expect(findWrites("const text = 'no'; // insert into users\nsql`-- delete from users\nselect 1`")).toEqual([]);
    expect(findWrites('sql`update ${table} set x = 1; COPY readings (a) FROM STDIN`').map((write) => write.table)).toEqual(['readings']);
    expect(findWrites("db.deleteFrom('sessions as s')").map((write) => write.table)).toEqual(['sessions']);
  });

  it('lets only its owner write a table', () => {
    const offending = writes
      .filter((write) => !isAllowed(write))
      .map((write) => `${write.file} writes ${write.table}, owned by ${OWNERS[write.table as Table]}`);
    expect([...new Set(offending)]).toEqual([]);
  });

  it('keeps no column owner that no write needs', () => {
    const unused = COLUMN_OWNERS.filter(
      (owned) => !writes.some((write) => write.table === owned.table && write.module === owned.module && write.module !== OWNERS[owned.table]),
    ).map((owned) => `${owned.module} no longer writes ${owned.table}.${owned.column}`);
    expect(unused).toEqual([]);
  });
});
