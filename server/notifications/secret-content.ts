import { openSecret, sealSecret } from '../kernel/secret-box.ts';

/** What staff see in place of a live one-time code, in the outbox and every view built on it. */
export const SECRET_MASK = '••••••';

export interface EmailContent {
  text: string;
  html: string;
}

/** The content with every occurrence of `secret` (the code alone, or inside a link) masked. */
export function maskSecret(content: EmailContent, secret: string): EmailContent {
  return { text: content.text.replaceAll(secret, SECRET_MASK), html: content.html.replaceAll(secret, SECRET_MASK) };
}

/** Sealed with SESSION_SECRET, which the database does not hold: a database reader (any staff view) cannot open it. */
export function sealContent(sessionSecret: string, content: EmailContent): string {
  return sealSecret(sessionSecret, JSON.stringify(content));
}

export function openContent(acceptedSecrets: readonly string[], sealed: string): EmailContent {
  return JSON.parse(openSecret(acceptedSecrets, sealed)) as EmailContent;
}
