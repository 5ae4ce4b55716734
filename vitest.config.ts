// Three depths of tests: pure units, the service on real files, and the UI end to end in Chromium.
// The service suite runs twice: on SQLite (integration) and on a real PostgreSQL server started for the
// run (integration-pg, as the least-privilege station role), with the server's own tests (pg*.test.ts).
import { defineConfig } from 'vitest/config';

/** Files that reach storage only through the service or the Storage port: they run on both engines. */
const SERVICE_SUITE = [
  'foundation',
  'supervision',
  'signIn',
  'userAdmin',
  'strictImports',
  'rulesVersion',
  'holdFilters',
  'holdCases',
  'holdClockColumns',
  'holdQueueIndexes',
  'auditVerifyParallel',
  'orderImport',
  'counterfeitSignals',
  'evidencePack',
  'signedPack',
  'userNames',
  'publicPack',
  'replayParity',
  'rulesScenarios',
  'ordinaryUseVerdict',
  'warehouseServer',
].map((f) => `test/integration/${f}.test.ts`);

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: ['test/integration/pg*.test.ts'],
          environment: 'node',
          testTimeout: 240_000,
          hookTimeout: 120_000,
          // OCR workers use both cores: run these files one at a time.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'integration-pg',
          include: [...SERVICE_SUITE, 'test/integration/pg*.test.ts'],
          environment: 'node',
          env: { PARCEL_GATE_TEST_ENGINE: 'postgres' },
          globalSetup: ['test/helpers/pgGlobalSetup.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 240_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
