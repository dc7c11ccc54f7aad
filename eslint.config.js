import { readdirSync } from 'node:fs';
import path from 'node:path';
import eslint from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The floors and walls of docs/ARCHITECTURE.md, checked here: an import only points down,
 * a module's queries are its own, raw SQL and process.env stay where they belong.
 * Import cycles are checked by madge and dead code by knip (`npm run check:architecture`).
 */
const modules = readdirSync(path.join(import.meta.dirname, 'server/modules'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const platform = [
  './server/http',
  './server/db',
  './server/jobs',
  './server/notifications',
  './server/metrics',
  './server/config.ts',
  './server/clock.ts',
  './server/app-context.ts',
  './server/module-manifest.ts',
];
const aboveModules = ['./server/demo', './server/cli', './server/app.ts', './server/main.ts', './server/modules.ts'];
/** Tests and their helpers: helpers live in server/test/, never beside production code. */
const testFiles = ['**/*.test.ts', 'server/test/**'];

/**
 * The database harness: a test that imports it opens a database and is named *.db.test.ts.
 * server/test/test-tiers.test.ts also follows the helpers that import it, and finds the
 * *.db.test.ts that opens none.
 */
const databaseHarness = {
  regex: String.raw`(^|/)((test/|^\./)(test-database|test-app|factories|login-as)|(db/|^\./)database)\.ts$|^(pg|@electric-sql/pglite|kysely-pglite-dialect)$`,
  message: 'This import opens a database: name the test *.db.test.ts (a *.test.ts is pure).',
};

const zones = [
  ...platform.map((target) => ({
    target,
    from: ['./server/modules', ...aboveModules],
    message: 'The platform never imports a module: the composition root (server/app.ts, server/main.ts) hands it what it needs.',
  })),
  {
    target: './server/kernel',
    from: ['./server/modules', ...aboveModules, ...platform],
    message: 'The kernel holds pure helpers and imports nothing of the app.',
  },
  {
    target: './server/modules',
    from: aboveModules,
    message: 'A module never imports the composition root, the CLI or the demo that stand above it.',
  },
  ...modules.map((name) => ({
    target: `./server/modules/${name}`,
    from: modules.filter((other) => other !== name).map((other) => `./server/modules/${other}/*.queries.ts`),
    message: "A module's *.queries.ts are its own: ask the owning module's service.",
  })),
  {
    target: ['./server/demo', './server/cli'],
    from: './server/modules/*/*.queries.ts',
    message: "A module's *.queries.ts are its own: the demo and the CLI go through its services.",
  },
  { target: './server', from: './server/test', message: 'Production code never imports the test helpers of server/test/.' },
  { target: './shared', from: ['./server', './web'], message: 'shared/ is imported by server and web; it imports neither.' },
  { target: './web', from: ['./server'], message: 'The web app reaches the server through shared/contracts and HTTP only.' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', 'coverage/', 'server/main.bundle.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['server/**/*.ts', 'shared/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    ignores: testFiles,
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })] },
    rules: { 'import-x/no-restricted-paths': ['error', { zones }] },
  },
  {
    files: ['server/**/*.ts'],
    ignores: [...testFiles, '**/*.queries.ts', 'server/db/**', 'server/jobs/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kysely', importNames: ['sql'], message: 'Raw SQL lives in *.queries.ts, server/db/ or server/jobs/.' }] },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    ignores: [...testFiles, 'server/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration from the typed Config (server/config.ts), never process.env.' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx'],
    ignores: ['**/*.db.test.ts', '**/*.db.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ ...databaseHarness, allowTypeImports: true }] }] },
  },
);
