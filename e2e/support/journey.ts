import { constants } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { inject, onTestFailed } from 'vitest';
import { startPortalServer } from './portal-server.ts';

export const viewports = {
  desktop: { width: 1280, height: 900 },
  /** A small phone, the narrowest screen the portal supports. */
  phone: { width: 360, height: 740 },
} as const;

export interface JourneyOptions {
  viewport?: keyof typeof viewports;
  /** Extra environment for the journey's portal server, e.g. SMTP_URL of an SMTP server the test started. */
  environment?: Record<string, string>;
}

export interface Journey {
  page: Page;
  context: BrowserContext;
  /** The journey's own portal, e.g. http://127.0.0.1:41234; page.goto('/…') is relative to it. */
  baseUrl: string;
  /** Console errors and uncaught page errors seen so far; a journey usually expects none. */
  consoleErrors: string[];
  /** What the portal server printed so far. */
  serverOutput(): string;
  /** Closes the browser, stops the server and deletes the data folder, even after a failure. */
  close(): Promise<void>;
}

const chromiumArguments = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Runs every clean-up step, the last one started first, and reports all that failed. */
async function runCleanups(cleanups: (() => Promise<unknown>)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const cleanup of cleanups.reverse()) {
    await cleanup().catch((error: unknown) => failures.push(error));
  }
  if (failures.length > 0) throw new AggregateError(failures, 'journey clean-up failed');
}

/**
 * Starts a journey on its own copy of the seeded database: a portal server on that copy and a
 * fresh Chromium page pointed at it. What one journey changes no other journey sees.
 */
export async function startJourney(options: JourneyOptions = {}): Promise<Journey> {
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portal-journey-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    // Copy-on-write where the file system offers it: the seeded folder weighs a few hundred MB.
    await cp(inject('seededDataTemplate'), dataDir, { recursive: true, mode: constants.COPYFILE_FICLONE });

    const server = await startPortalServer(dataDir, options.environment);
    cleanups.push(() => server.stop());

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArguments,
    });
    cleanups.push(() => browser.close());

    const isPhone = options.viewport === 'phone';
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: viewports[options.viewport ?? 'desktop'],
      isMobile: isPhone,
      hasTouch: isPhone,
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
    });
    cleanups.push(() => context.close());

    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));

    onTestFailed(() => {
      console.error(`Portal server output (${server.baseUrl}):\n${server.output() || '(nothing)'}`);
      if (consoleErrors.length > 0) console.error(`Browser errors:\n${consoleErrors.join('\n')}`);
    });

    return {
      page,
      context,
      baseUrl: server.baseUrl,
      consoleErrors,
      serverOutput: server.output,
      close: () => runCleanups(cleanups),
    };
  } catch (error) {
    await runCleanups(cleanups).catch(() => undefined);
    throw error;
  }
}
