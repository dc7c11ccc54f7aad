import type { AppContext } from '../app-context.ts';
import { FixedClock, type Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { hashPassword } from '../modules/accounts/password-hashing.ts';
import { detectAlerts } from '../modules/alerts/alert-detection.service.ts';
import { rebuildMonthlyConsumption } from '../modules/consumption/consumption.service.ts';
import { ensureReadingPartitions } from '../modules/ingest/reading-partitions.service.ts';
import { publishResidence } from '../modules/publication/publication.service.ts';
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORDS } from './demo-accounts.ts';
import { SEED_BUILDING_CODE, SEED_DWELLING_CODE } from './demo-catalogue.ts';
import { hasAnyResidence, inBulkLoadTransaction } from './demo-load.queries.ts';
import type { DemoLogin, DemoPasswordKey, DemoPlan } from './demo-plan.ts';
import { planDemoLogins, planDemoPortfolio, type DemoPlanOptions } from './demo-portfolio.ts';
import { writeDemoPlan, type DemoRowCounts } from './demo-writer.ts';
import { HOUR_MS, isoDateOf, parisDayNumberAt } from './paris-calendar.ts';

const LATEST_DAILY_READING_MS = 2 * HOUR_MS;

export interface DemoLoadResult {
  referenceDate: string;
  counts: DemoRowCounts;
  logins: Array<DemoLogin & { password: string }>;
  /** The seed's dwelling, left without an account so that its sign-up can be tried. */
  freeDwelling: { buildingCode: string; dwellingCode: string; reference: string };
  durationMs: number;
  /** The lines printed at start: logins, the free dwelling, row counts. */
  describe(): string[];
}

export class DemoDataInProductionError extends Error {
  constructor() {
    super('Demo data is never loaded when NODE_ENV=production');
    this.name = 'DemoDataInProductionError';
  }
}

/**
 * Fills an empty database (no residence yet) with the demo portfolio, up to the configured
 * reference date or today in Paris. Does nothing when data is there; refuses in production.
 */
export async function loadDemoDataIfEmpty(
  context: AppContext,
  options: Pick<DemoPlanOptions, 'historyDays' | 'hourlyDays'> = {},
): Promise<DemoLoadResult | undefined> {
  if (context.config.isProduction) throw new DemoDataInProductionError();
  if (await hasAnyResidence(context.database)) return undefined;
  const startedAt = performance.now();
  const referenceDate = demoReferenceDate(context.config, context.clock);
  const plan = planDemoPortfolio({ referenceDate, ...options });
  const passwordHashes = await hashDemoPasswords();
  // Committed apart, before the bulk load's COPY (which bypasses ingest): an empty month left by a failed load is harmless.
  await ensureReadingPartitions(context.db, plannedReadingInstants(plan));
  const counts = await inBulkLoadTransaction(context.database, async (session) =>
    (await session.isPortfolioEmpty()) ? writeDemoPlan(session, plan, passwordHashes) : undefined,
  );
  if (!counts) return undefined;
  await rebuildMonthlyConsumption(context.db, {
    dwellingIds: plan.dwellings.map((dwelling) => dwelling.id),
    residenceIds: plan.residences.map((residence) => residence.id),
  });
  // Each residence goes online on its planned day, through the service the operator's button uses.
  for (const residence of plan.residences) {
    if (residence.publishedAt) await publishResidence({ ...context, clock: new FixedClock(residence.publishedAt) }, residence.id);
  }
  // The nightly alert detection, once: the planted leaks become episodes (and their notices).
  await detectAlerts(context, { residenceIds: null });
  return demoLoadResult(plan, counts, performance.now() - startedAt);
}

function* plannedReadingInstants(plan: DemoPlan): Generator<number> {
  for (const series of plan.readingSeries) yield* series.readAtMs;
}

/**
 * The configured day, or today in Paris; before 2 a.m. yesterday, since the reference day's own
 * daily indexes are stamped up to 01:55 and must not lie in the future.
 */
export function demoReferenceDate(config: Pick<Config, 'demo'>, clock: Clock): string {
  return config.demo.referenceDate ?? isoDateOf(parisDayNumberAt(clock.now().getTime() - LATEST_DAILY_READING_MS));
}

async function hashDemoPasswords(): Promise<Record<DemoPasswordKey, string>> {
  const keys = Object.keys(DEMO_PASSWORDS) as DemoPasswordKey[];
  const hashes = await Promise.all(keys.map((key) => hashPassword(DEMO_PASSWORDS[key])));
  return Object.fromEntries(keys.map((key, index) => [key, hashes[index]!])) as Record<DemoPasswordKey, string>;
}

function demoLoadResult(plan: DemoPlan, counts: DemoRowCounts, durationMs: number): DemoLoadResult {
  const { logins, freeDwelling, lines } = demoLoginLines(plan);
  return {
    referenceDate: plan.referenceDate,
    counts,
    logins,
    freeDwelling,
    durationMs,
    describe: () => [
      `  Demo data loaded in ${(durationMs / 1000).toFixed(1)} s: readings from ${plan.historyStartDate} to ${plan.referenceDate}` +
        ` (hourly from ${plan.hourlyStartDate}).`,
      ...lines,
      `  Rows: ${Object.entries(counts)
        .map(([table, count]) => `${table} ${count.toLocaleString('en-US')}`)
        .join(', ')}.`,
    ],
  };
}

/** The logins with their passwords and the dwelling left free for a sign-up, as printed at start. */
function demoLoginLines(plan: Pick<DemoPlan, 'logins' | 'dwellings' | 'residences'>) {
  const seedResidence = plan.residences.find((residence) => residence.buildingCode === SEED_BUILDING_CODE)!;
  const freeDwelling = plan.dwellings.find(
    (dwelling) => dwelling.residenceId === seedResidence.id && dwelling.dwellingCode === SEED_DWELLING_CODE,
  )!;
  const logins = plan.logins.map((login) => ({ ...login, password: DEMO_PASSWORDS[login.passwordKey] }));
  const emailWidth = Math.max(...logins.map((login) => login.email.length));
  return {
    logins,
    freeDwelling: { buildingCode: SEED_BUILDING_CODE, dwellingCode: SEED_DWELLING_CODE, reference: freeDwelling.reference },
    lines: [
      '  Demo logins (email, password, what it shows):',
      ...logins.map((login) => `    ${login.email.padEnd(emailWidth)}  ${login.password}  ${login.label}`),
      `    Other residents: resident.<building code>.<dwelling code>@${DEMO_EMAIL_DOMAIN}, password ${DEMO_PASSWORDS.resident}`,
      `  Sign-up to try: residence ${SEED_BUILDING_CODE}, dwelling ${SEED_DWELLING_CODE}, dwelling reference ${freeDwelling.reference} (no account yet).`,
      '  Staff logins then ask for a code from an authenticator app (TOTP), set up at their first login.',
    ],
  };
}

/**
 * On a warm start (the demo already loaded), the same logins again, so that nobody has to find
 * them in an earlier start's output. The reference date is today's: the accounts do not depend on it.
 */
export function describeLoadedDemo(config: Pick<Config, 'demo'>, clock: Clock): string[] {
  return ['  Demo data already loaded.', ...demoLoginLines(planDemoLogins(demoReferenceDate(config, clock))).lines];
}
