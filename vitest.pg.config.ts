// The PostgreSQL tests on their own, with one server for the run (until they join vitest.config.ts):
// npx vitest run --config vitest.pg.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'pg',
    include: ['test/integration/pg*.test.ts'],
    environment: 'node',
    globalSetup: ['test/helpers/pgGlobalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
