// vitest globalSetup: one throwaway PostgreSQL server for the whole test run, its base URL handed to the
// test files (inject('pgBaseUrl')), stopped when the run ends. Test files run without it start their own.
import type { TestProject } from 'vitest/node';
import { pgSkipped, startPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The superuser URL of the run's server; '' when PostgreSQL tests are skipped (PARCEL_GATE_SKIP_PG=1). */
    pgBaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (pgSkipped()) {
    project.provide('pgBaseUrl', '');
    return undefined;
  }
  const server = await startPostgres();
  project.provide('pgBaseUrl', server.url('postgres'));
  return () => server.stop();
}
