import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { platformErrors, type ErrorDefinitions } from './http/errors.ts';
import { moduleManifests } from './modules.ts';

describe('the module list', () => {
  it('holds every module folder once, under its folder name', () => {
    const folders = readdirSync(new URL('./modules/', import.meta.url), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    const names = moduleManifests.map((manifest) => manifest.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...folders].sort());
  });

  it('gives every error code a status, French and English text, and one owner', () => {
    const owners: Array<[string, ErrorDefinitions]> = [['platform', platformErrors], ...moduleManifests.map((manifest): [string, ErrorDefinitions] => [manifest.name, manifest.errors ?? {}])];
    const ownerOf = new Map<string, string>();
    const collisions: string[] = [];
    for (const [owner, definitions] of owners) {
      for (const [code, definition] of Object.entries(definitions)) {
        expect(Number.isInteger(definition.status) && definition.status >= 400 && definition.status < 600, code).toBe(true);
        expect(definition.fr.trim(), code).not.toBe('');
        expect(definition.en.trim(), code).not.toBe('');
        const known = ownerOf.get(code);
        if (known) collisions.push(`${code}: ${known} and ${owner}`);
        ownerOf.set(code, owner);
      }
    }
    expect(collisions).toEqual([]);
  });
});
