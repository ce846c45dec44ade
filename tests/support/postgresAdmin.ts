/** A statement on the PostgreSQL server's maintenance database (CREATE/DROP DATABASE for the suites). */
import pg from 'pg';

export async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
