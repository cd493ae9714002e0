import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDatabaseUrl } from '../db/database.js';
import { probeServer } from '../db/server-probe.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The PostgreSQL server a demo or a test run uses, and how to let go of it. */
export interface DatabaseServer {
  /** The database's URL on that server (its name as given, or the default's). */
  url: string;
  /** The embedded server's process, when one was started. */
  embeddedPid?: number;
  stop(): Promise<void>;
}

export interface DatabaseServerOptions {
  /** The demo's embedded data is kept (under .tools/postgres/demo); any other run's is thrown away. */
  purpose: string;
  env?: NodeJS.ProcessEnv;
  say?: (line: string) => void;
}

/** A URL fit to print: any password is hidden. */
export function shownUrl(url: string): string {
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  return shown.toString();
}

/**
 * The server for `npm run demo` and `npm test`. A set DATABASE_URL is used as given, and is an error
 * naming it when it does not answer. Unset, the local server (127.0.0.1:5432, or PGHOST/PGPORT) is used when
 * one answers; when nothing does, an embedded PostgreSQL is started on a free port, with its data under
 * .tools/postgres (the demo's: EMBEDDED_POSTGRES_DIR moves it).
 */
export async function databaseServer({
  purpose,
  env = process.env,
  say = console.log,
}: DatabaseServerOptions): Promise<DatabaseServer> {
  const given = env['DATABASE_URL'];
  if (given) {
    const probe = await probeServer(given);
    if (probe.state !== 'answers') {
      const what = probe.state === 'silent' ? 'does not answer' : 'turned the connection away';
      throw new Error(`DATABASE_URL (${shownUrl(given)}) ${what}: ${probe.reason}`);
    }
    return { url: given, stop: async () => undefined };
  }
  const local = defaultDatabaseUrl(env);
  const probe = await probeServer(local);
  const { host } = new URL(local);
  if (probe.state === 'answers') return { url: local, stop: async () => undefined };
  if (probe.state === 'refuses')
    throw new Error(`PostgreSQL at ${host} turned the connection away (${probe.reason}): set DATABASE_URL`);

  const keep = purpose === 'demo';
  const dataDir = keep
    ? env['EMBEDDED_POSTGRES_DIR'] || join(root, '.tools', 'postgres', purpose)
    : join(root, '.tools', 'postgres', `${purpose}-${randomBytes(4).toString('hex')}`);
  say(`no PostgreSQL at ${host}: starting an embedded one in ${relative(process.cwd(), dataDir) || dataDir}`);
  const server = await startEmbeddedPostgres({ dataDir, keep, say });
  const url = new URL(server.url);
  url.pathname = new URL(local).pathname;
  return { url: url.toString(), embeddedPid: server.pid, stop: () => server.stop() };
}
