import pg from 'pg';

/** How long a server that neither answers nor refuses (a firewall dropping packets) is given. */
const PROBE_TIMEOUT_MS = 3_000;

/**
 * `answers`: a PostgreSQL server lets us in (a database that does not exist yet counts: `migrate` and
 * `demo` create it); `refuses`: one is there but turns us away (a password, a role); `silent`: nothing
 * PostgreSQL answers at that address.
 */
export type ProbeResult = { state: 'answers' } | { state: 'refuses' | 'silent'; reason: string };

/** What a PostgreSQL server at the URL's address says to a connection. */
export async function probeServer(connectionString: string): Promise<ProbeResult> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  // A connection that fails after connecting would emit 'error' with nobody listening.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return { state: 'answers' };
  } catch (error) {
    // Only a server sends a DatabaseError (with its SQLSTATE); a refused port or a timeout is a plain Error.
    if (error instanceof pg.DatabaseError)
      return error.code === '3D000' ? { state: 'answers' } : { state: 'refuses', reason: error.message };
    const { message, code } = error as { message?: string; code?: string };
    return { state: 'silent', reason: message || code || String(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}
