import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

interface ReceivedEmail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string | undefined;
}

export interface SmtpTestServer {
  url: string;
  received: ReceivedEmail[];
  /** Resolves with the first email to `address` received after the call, or already there when `includeEarlier`. */
  waitForEmail(address: string, options?: { timeoutMs?: number; includeEarlier?: boolean }): Promise<ReceivedEmail>;
  /** Refuses every message with a 4xx until `setAccepting(true)`: an SMTP relay that is down. */
  setAccepting(isAccepting: boolean): void;
  close(): Promise<void>;
}

/** A real SMTP server in the test process: mail goes over the wire exactly as in production. */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const received: ReceivedEmail[] = [];
  const waiters: Array<{ address: string; resolve: (email: ReceivedEmail) => void }> = [];
  let isAccepting = true;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      if (!isAccepting) {
        stream.resume();
        const error = Object.assign(new Error('Service temporarily unavailable'), { responseCode: 451 });
        return stream.on('end', () => callback(error));
      }
      simpleParser(stream)
        .then((parsed) => {
          const email: ReceivedEmail = {
            to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId,
          };
          received.push(email);
          for (const waiter of waiters.filter((candidate) => email.to.includes(candidate.address))) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(email);
          }
          callback();
        })
        .catch(callback);
    },
  });

  // A client that vanishes mid-session (a killed worker in the fault tests) is not the server's failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('SMTP test server has no port');

  return {
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    waitForEmail(recipient, options = {}) {
      const wanted = recipient.toLowerCase();
      const earlier = options.includeEarlier ? received.find((email) => email.to.includes(wanted)) : undefined;
      if (earlier) return Promise.resolve(earlier);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`No email to ${recipient} within the timeout`)), options.timeoutMs ?? 5000);
        waiters.push({
          address: wanted,
          resolve: (email) => {
            clearTimeout(timer);
            resolve(email);
          },
        });
      });
    },
    setAccepting(value) {
      isAccepting = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
