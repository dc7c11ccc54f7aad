import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

/**
 * Outside production and without SMTP, every email is also written as an .eml file under
 * DATA_DIR/mail/, so a person trying the portal locally opens their code there. A file that
 * carries a secret is deleted once that secret expires (`deleteMailFiles`).
 */
export function mailFolderOf(dataDir: string): string {
  return join(dataDir, 'mail');
}

const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

function fileSuffix(outboxId: string): string {
  return `-${outboxId}.eml`;
}

/** `<created, sortable>-<outbox id>.eml`: the folder lists the emails in the order they were sent. */
export async function writeMailFile(
  folder: string,
  message: { outboxId: string; createdAt: Date; from: string; to: string; subject: string; text: string; html: string },
): Promise<string> {
  const composed = await composer.sendMail({ from: message.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
  await mkdir(folder, { recursive: true });
  const stamp = message.createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const path = join(folder, `${stamp}${fileSuffix(message.outboxId)}`);
  await writeFile(path, composed.message as Buffer, { mode: 0o600 });
  return path;
}

export async function deleteMailFiles(folder: string, outboxIds: readonly string[]): Promise<void> {
  if (outboxIds.length === 0) return;
  const names = await readdir(folder).catch(() => [] as string[]);
  const suffixes = outboxIds.map(fileSuffix);
  await Promise.all(names.filter((name) => suffixes.some((suffix) => name.endsWith(suffix))).map((name) => rm(join(folder, name), { force: true })));
}
