import { afterEach } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../../server/test/smtp-test-server.ts';
import { startJourney, type Journey, type JourneyOptions } from './journey.ts';
import { waitUntilResponsive } from './signup-steps.ts';

export interface MailingJourney extends Journey {
  /** The SMTP server the journey's portal sends its mail to. */
  smtp: SmtpTestServer;
}

/**
 * For a spec whose journeys read the mail the portal really sends: each call starts an SMTP
 * server and a journey whose portal sends to it, and returns once the portal answers. After
 * each test, even a failed one, both are closed.
 */
export function useMailingJourneys(): (options?: Omit<JourneyOptions, 'environment'>) => Promise<MailingJourney> {
  const started: Array<{ smtp: SmtpTestServer; journey?: Journey }> = [];
  afterEach(async () => {
    for (const { smtp, journey } of started.splice(0)) {
      await journey?.close();
      await smtp.close();
    }
  });
  return async (options = {}) => {
    const running: { smtp: SmtpTestServer; journey?: Journey } = { smtp: await startSmtpTestServer() };
    started.push(running);
    const journey = (running.journey = await startJourney({ ...options, environment: { SMTP_URL: running.smtp.url } }));
    await waitUntilResponsive(journey);
    return { ...journey, smtp: running.smtp };
  };
}
