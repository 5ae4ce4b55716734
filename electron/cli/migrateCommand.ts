// `cli migrate`: run once by whoever owns the server's database, never by a station.
import pg from 'pg';
import { migratePg } from '../main/db/pgMigrate';

export async function migrateServer(url: string, stationPassword: string | undefined, serverPassword?: string): Promise<{ from: number; to: number }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: 'parcel-gate migrate' });
  await client.connect();
  try {
    return await migratePg(client, { stationPassword, serverPassword });
  } finally {
    await client.end();
  }
}
