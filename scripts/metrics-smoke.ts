/**
 * CI's metrics smoke run (`tsx scripts/metrics-smoke.ts`, from .ci/run): the portal on a fresh
 * PGlite folder with METRICS_PORT, a short scripted run of traffic (a CSV import from the command
 * line, HTTP ingest with a refused line, MQTT when a broker answers on 127.0.0.1:1883, sign-up,
 * login and dashboard requests), `promtool check metrics` on a scrape, then a real Prometheus
 * scraping every second, through whose HTTP API every PromQL expression of
 * docs/grafana/portal.json must return data. Needs `prometheus` and `promtool` on the PATH.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { systemClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { createAppContext } from '../server/modules.ts';
import { createDataSource } from '../server/modules/ingest/data-sources.service.ts';
import { importInventoryCsv } from '../server/modules/inventory/inventory-import.service.ts';
import { publishResidence } from '../server/modules/publication/publication.service.ts';
import { mailFolderOf } from '../server/notifications/mail-folder.ts';
import { findFreePort } from '../server/test/free-port.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const startedAt = performance.now();
const seconds = () => ((performance.now() - startedAt) / 1000).toFixed(1);
const log = (line: string) => console.log(`[${seconds()} s] ${line}`);


const isBrokerUp = () =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: 1883 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const folder = mkdtempSync(path.join(tmpdir(), 'portal-metrics-smoke-'));
const children: ChildProcess[] = [];
const stopAll = () => {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
};
process.once('exit', stopAll);

async function main(): Promise<void> {
  const [port, metricsPort, prometheusPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
  const useMqtt = await isBrokerUp();
  const topic = `portal-metrics-smoke-${process.pid}`;
  const environment = {
    ...process.env,
    NODE_ENV: 'development',
    DATA_DIR: folder,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    METRICS_PORT: String(metricsPort),
    ...(useMqtt ? { MQTT_URL: 'mqtt://127.0.0.1:1883', MQTT_TOPIC: `${topic}/#` } : { MQTT_URL: '' }),
  };

  // The inventory and the gateway's token in this process (a command-line process each would cost
  // a start of their own), then the readings CSV from the command line, whose process ends before
  // any scrape: it is counted from its import batch. PGlite takes one process at a time.
  const config = loadConfig(environment);
  if (config.database.kind !== 'pglite') throw new Error('the smoke run wants a fresh PGlite folder: unset DATABASE_URL');
  const database = await openDatabase(config.database);
  await migrateToLatest(database.db);
  const setup = createAppContext({ config, database, clock: systemClock });
  const inventoryReport = await importInventoryCsv(setup, {
    text: [
      'client_name;client_kind;contract_reference;contract_options;building_code;residence_name;street;postal_code;city;time_zone;dwelling_code;client_number;building;staircase;floor;device_kind;serial_number;radio_id;manufacturer;location;is_in_common_area;installed_on;removed_on;replaces_serial_number',
      'Cabinet Essai;syndic;CTR-SMOKE-1;resident_portal;59000001;Les Essais;1 RUE DU TEST;75001;PARIS;Europe/Paris;01010001;5151 0001;;;;cold_water;900100200;12345678;ISTA;Cuisine;non;2024-01-15;;',
    ].join('\n'),
    origin: 'metrics-smoke',
  });
  if (inventoryReport.outcome !== 'imported') throw new Error(`inventory refused: ${JSON.stringify(inventoryReport)}`);
  const { token } = await createDataSource(setup, 'smoke-gateway');
  await setup.jobs.stop();
  setup.mailer.close();
  await database.close();

  const cli = (...args: string[]) => {
    const run = spawnSync(tsx, ['server/cli/import.ts', ...args], { cwd: root, env: environment, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`import ${args.join(' ')} failed (${run.status}):\n${run.stdout}${run.stderr}`);
    return run.stdout;
  };
  const readings = path.join(folder, 'readings.csv');
  const now = Date.now();
  const hour = 3_600_000;
  writeFileSync(readings, ['serial_number,read_at,index', ...[48, 47, 46].map((ago, position) => `900100200,${new Date(now - ago * hour).toISOString()},${100 + position}`)].join('\n'));
  cli('readings', readings);
  // Published once it has data, so that a resident can sign up.
  const publishing = await openDatabase(config.database);
  const publishingContext = createAppContext({ config, database: publishing, clock: systemClock });
  await publishResidence(publishingContext, (await publishing.db.selectFrom('residences').select('id').executeTakeFirstOrThrow()).id);
  await publishingContext.jobs.stop();
  publishingContext.mailer.close();
  await publishing.close();
  log('inventory and data source written, a readings CSV imported by `npm run import`');

  const portal = spawn(tsx, ['server/main.ts'], { cwd: root, env: environment, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(portal);
  let portalOutput = '';
  portal.stdout?.on('data', (chunk: Buffer) => (portalOutput += chunk.toString()));
  portal.stderr?.on('data', (chunk: Buffer) => (portalOutput += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  await waitFor('the portal', async () => (await fetch(`${base}/api/health`)).ok, 90_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${portalOutput}`);
  });
  log(`portal up (metrics on 127.0.0.1:${metricsPort}${useMqtt ? ', MQTT on 127.0.0.1:1883' : ', no MQTT broker'})`);
  // The web app's fallback may answer /metrics with its page; what must never come back is the exposition format.
  if (/^# (HELP|TYPE) /m.test(await (await fetch(`${base}/metrics`)).text())) throw new Error('the public port serves /metrics');

  const prometheusConfig = path.join(folder, 'prometheus.yml');
  writeFileSync(prometheusConfig, `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: portal\n    static_configs:\n      - targets: ['127.0.0.1:${metricsPort}']\n`);
  const prometheus = spawn(
    'prometheus',
    [`--config.file=${prometheusConfig}`, `--storage.tsdb.path=${path.join(folder, 'tsdb')}`, `--web.listen-address=127.0.0.1:${prometheusPort}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  children.push(prometheus);
  const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;

  const publisher = useMqtt ? await mqtt.connectAsync('mqtt://127.0.0.1:1883') : undefined;
  const telegram = (at: number) =>
    JSON.stringify({ _: 'telegram', media: 'water', meter: 'multical21', name: 'smoke', id: '12345678', timestamp: new Date(at).toISOString(), total_m3: 103 + (at - now + hour) / hour / 1000 });
  let requests = 0;
  const request = async (url: string, init?: RequestInit) => {
    requests += 1;
    return fetch(`${base}${url}`, init);
  };
  const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify(body) });
  // A sign-up through the API, as the web app makes it; the code is read from the mail folder (no SMTP).
  const cookies = new Map<string, string>();
  const browser = async (method: string, url: string, body?: unknown) => {
    const response = await request(url, {
      method,
      headers: { 'content-type': 'application/json', origin: base, cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      if (value) cookies.set(name!, value);
      else cookies.delete(name!);
    }
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const email = 'resident.smoke@example.org';
  const password = 'Garnison-Agde-2024';
  await browser('POST', '/api/signup/identify/serial-number', { deviceType: 'cold_water', serialNumber: '900100200' });
  await browser('POST', '/api/signup/attestation', { isCurrentOccupant: true });
  await browser('POST', '/api/signup/profile', { isOwner: false, movedInOn: '2024-05-12', councilMember: 'no' });
  await browser('POST', '/api/signup/options', { notifyLeakByEmail: true, notifyLeakBySms: false, notifyOverconsumption: false, managerMaySeeDaily: true });
  await browser('POST', '/api/signup/personal-info', {
    civility: 'madame', lastName: 'Essai', firstName: 'Claire', mobile: '+33 6 11 54 65 87', email, password, acceptsPrivacyPolicy: true, subscribesNewsletter: false,
  });
  const mailFolder = mailFolderOf(folder);
  const codeMail = readdirSync(mailFolder).sort().reverse().map((file) => readFileSync(path.join(mailFolder, file), 'utf8')).find((text) => text.includes(email));
  const code = codeMail && /\b(\d{3}) ?(\d{3})\b/.exec(codeMail.replace(/=\r?\n/g, ''));
  if (!code) throw new Error('no sign-up code found in the mail folder');
  const verified = await browser('POST', '/api/signup/verification', { code: `${code[1]}${code[2]}` });
  if (verified.step !== 'completed') throw new Error(`sign-up not completed: ${JSON.stringify(verified)}`);
  cookies.clear();
  await browser('POST', '/api/auth/login', { space: 'resident', email, password });
  log('a resident signed up through the API and logged in');

  const trafficUntil = Date.now() + 10_000;
  for (let round = 0; Date.now() < trafficUntil; round += 1) {
    const at = now - hour + round * 60_000;
    await request('/api/ingest/wmbusmeters', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: `${telegram(at)}\nnot a telegram` });
    await publisher?.publishAsync(`${topic}/smoke`, telegram(at + 30_000));
    await request('/api/signup/identify/building-code', json({ buildingCode: '5900 0001' }));
    await request('/api/auth/login', json({ space: 'resident', email, password: 'not-the-password' }));
    await browser('GET', '/api/resident/consumption');
    await browser('GET', '/api/auth/me');
    await request('/api/resident/consumption');
    await request('/api/health');
    await sleep(200);
  }
  await publisher?.endAsync();
  log(`traffic done: ${requests} HTTP requests${useMqtt ? ' and as many MQTT messages' : ''}`);

  const scrape = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const scrapeFile = path.join(folder, 'scrape.txt');
  writeFileSync(scrapeFile, scrape);
  const check = spawnSync('promtool', ['check', 'metrics'], { input: scrape, encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`promtool check metrics failed:\n${check.stdout}${check.stderr}`);
  log(`promtool check metrics: passed (${scrape.split('\n').filter((line) => line && !line.startsWith('#')).length} samples, ${scrape.match(/^# TYPE /gm)?.length ?? 0} families)`);

  const query = async (expr: string) => {
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await response.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
    return body.data!.result;
  };
  // rate() and increase() want two samples in their window: a few scrapes after the traffic.
  await waitFor('Prometheus to scrape the portal', async () => (await query('count(up{job="portal"} == 1)')).length > 0 && Number((await query('count_over_time(up{job="portal"}[1m])'))[0]?.value[1]) >= 5, 60_000);

  const dashboard = JSON.parse(readFileSync(path.join(root, 'docs/grafana/portal.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
  const empty: string[] = [];
  for (const panel of dashboard.panels) {
    for (const { expr } of panel.targets) {
      const result = await query(expr);
      const shown = result.slice(0, 3).map((series) => `${JSON.stringify(series.metric)}=${series.value[1]}`).join(', ');
      console.log(`  ${result.length > 0 ? 'ok   ' : 'EMPTY'} ${panel.title}: ${result.length} series${shown ? ` (${shown}${result.length > 3 ? ', …' : ''})` : ''}`);
      if (result.length === 0) empty.push(`${panel.title}: ${expr}`);
    }
  }
  if (empty.length > 0) throw new Error(`dashboard expressions with no data:\n  ${empty.join('\n  ')}`);
  log(`every expression of docs/grafana/portal.json returned data`);
}

main()
  .then(() => {
    stopAll();
    rmSync(folder, { recursive: true, force: true });
    log('metrics smoke passed');
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    stopAll();
    console.error(`metrics smoke failed after ${seconds()} s (files kept in ${folder})`);
    process.exit(1);
  });
