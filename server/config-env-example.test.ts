import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { environmentSchema } from './config.ts';

/**
 * `.env.example` says it lists every setting the portal reads; config.ts's schema is what the portal
 * reads. Without this test they drift apart (five keys were once missing from the example).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const exampleText = readFileSync(path.join(root, '.env.example'), 'utf8');

/** Keys `.env.example` documents for a tool outside the portal, and the file that reads each. */
const readByTools: Record<string, string> = {
  FAULT_DATABASE_URL: 'scripts/consumption-fault.ts',
  FAULT_KILLS: 'scripts/consumption-fault.ts',
};

/** Every `KEY=value` or `# KEY=value` line: set, or shown commented out. */
function exampleEntries(text: string): { key: string; value: string }[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const match = /^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match) return [];
    const value = match[2]!.trim().replace(/^(["'])(.*)\1$/, '$2');
    return [{ key: match[1]!, value }];
  });
}

const entries = exampleEntries(exampleText);
const exampleKeys = entries.map((entry) => entry.key);
const shape = environmentSchema.shape as Record<string, (typeof environmentSchema.shape)[keyof typeof environmentSchema.shape]>;
const schemaKeys = Object.keys(shape);

describe('.env.example', () => {
  it('is read as expected (guards the parser above)', () => {
    expect(entries).toContainEqual({ key: 'PORT', value: '3000' });
    expect(entries).toContainEqual({ key: 'SMTP_URL', value: 'smtp://user:password@smtp.example.org:587' });
  });

  it('lists every key of the environment schema in server/config.ts', () => {
    expect(schemaKeys.filter((key) => !exampleKeys.includes(key)), 'missing from .env.example: add `KEY=default` or `# KEY=example`, with a comment').toEqual([]);
  });

  it('names no key the portal does not read', () => {
    const unknown = exampleKeys.filter((key) => !schemaKeys.includes(key) && !(key in readByTools));
    expect(unknown, 'in .env.example but not in server/config.ts').toEqual([]);
  });

  it('names each key once', () => {
    expect(exampleKeys.filter((key, index) => exampleKeys.indexOf(key) !== index)).toEqual([]);
  });

  it("shows each default as the schema's default", () => {
    // Compared after parsing both, so `false` and `0.5` match what the schema makes of them.
    const wrong = entries.flatMap(({ key, value }) => {
      const field = shape[key];
      if (!field) return [];
      const fallback = field.safeParse(undefined);
      if (!fallback.success || fallback.data === undefined) return [];
      const shown = field.safeParse(value);
      if (shown.success && Object.is(shown.data, fallback.data)) return [];
      return [`${key}=${value} but the default is ${String(fallback.data)}`];
    });
    expect(wrong).toEqual([]);
  });

  it('documents tool keys only while their tool still reads them', () => {
    const stale = Object.entries(readByTools).filter(([key, file]) => !readFileSync(path.join(root, file), 'utf8').includes(key));
    expect(stale).toEqual([]);
  });
});
