import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { probeServer } from '../../db/server-probe.js';
import { databaseServer } from '../../scripts/database-server.js';
import { startEmbeddedPostgres } from '../../scripts/embedded-postgres.js';
import { freePort } from '../../scripts/free-port.js';
import { callJson } from '../../scripts/http-json.js';

// Which PostgreSQL the demo and the test runs use: a set DATABASE_URL as given (an error naming it when it
// does not answer), else the local server when one answers, else an embedded one. The last is shown end to
// end: `npm run demo`'s own script with nothing at the address it probes comes up on an embedded server,
// syncs an invoice, and leaves no process behind on Ctrl-C.

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** An address of 127.0.0.1 where nothing listens. */
const closedPort = async () => String(await freePort());

/** The process's children, and theirs, from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone since the directory was listed.
    }
  }
  const found: number[] = [];
  const walk = (p: number) => (children.get(p) ?? []).forEach((c) => (found.push(c), walk(c)));
  walk(pid);
  return found;
}

const alive = (pid: number) =>
  existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');

describe('the database server for the demo and the tests', () => {
  it('uses a set DATABASE_URL as given, and names it when it does not answer, starting nothing', async () => {
    const said: string[] = [];
    const url = `postgres://postgres:secret@127.0.0.1:${await closedPort()}/quickbooks_sync`;
    await expect(
      databaseServer({ purpose: 'test', env: { DATABASE_URL: url }, say: (l) => said.push(l) }),
    ).rejects.toThrow(
      /^DATABASE_URL \(postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/quickbooks_sync\) does not answer: /,
    );
    expect(said).toEqual([]);

    const given = await databaseServer({ purpose: 'test', env: { DATABASE_URL: inject('databaseUrl') } });
    expect(given.url).toBe(inject('databaseUrl'));
    expect(given.embeddedPid).toBeUndefined();
  });

  it('uses the local server when one answers at PGHOST:PGPORT', async () => {
    const said: string[] = [];
    const running = new URL(inject('databaseUrl'));
    const server = await databaseServer({
      purpose: 'test',
      env: { PGHOST: running.hostname, PGPORT: running.port },
      say: (l) => said.push(l),
    });
    expect(server.url).toBe(`postgres://postgres@${running.host}/quickbooks_sync`);
    expect(server.embeddedPid).toBeUndefined();
    expect(said).toEqual([]);
  });

  it('brings the demo up on an embedded PostgreSQL when nothing answers, syncs an invoice, and stops it all on Ctrl-C', async () => {
    const dataDir = join(root, '.tools', 'postgres', `demo-test-${randomBytes(4).toString('hex')}`);
    scratch.push(dataDir);
    const probed = await closedPort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PGHOST: '127.0.0.1',
      PGPORT: probed,
      EMBEDDED_POSTGRES_DIR: dataDir,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: `demo-embedded-${randomBytes(4).toString('hex')}`,
      PORT: String(await freePort()),
      QBO_SANDBOX_PORT: String(await freePort()),
    };
    delete env['DATABASE_URL'];
    // As a newcomer runs it, in a process group of its own as a terminal would: Ctrl-C reaches the whole group.
    const demo = spawn('npm', ['run', 'demo'], {
      cwd: root,
      env,
      stdio: 'pipe',
      detached: true,
    });
    let output = '';
    demo.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    demo.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | string | null>((resolve) =>
      demo.once('exit', (code, signal) => resolve(signal ?? code)),
    );
    try {
      await expect
        .poll(() => output, { timeout: 150_000, interval: 500 })
        .toMatch(/quickbooks-sync demo is running|stopping everything/);
      expect(output).toContain(`no PostgreSQL at 127.0.0.1:${probed}: starting an embedded one in `);
      expect(output).toContain('demo is running');

      // The Sync Now the demo prints, as a newcomer would paste it.
      const syncNow = /Authorization: Bearer (\S+)' (http:\/\/\S+\/sync)\s+# Sync Now/.exec(output);
      expect(syncNow, output).not.toBeNull();
      const answer = await callJson('POST', syncNow![2]!, { bearer: syncNow![1]! });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.sync.status).toBe('synced');

      // The embedded server is the demo's own child, and holds the data where it was told.
      const postgresPid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const started = descendants(demo.pid!);
      expect(started).toContain(postgresPid);

      const beforeCtrlC = output.length;
      process.kill(-demo.pid!, 'SIGINT');
      // npm waits for the demo to finish, then ends by the signal it was sent, as a shell expects of it.
      expect(await exited).toBe('SIGINT');
      await expect.poll(() => started.filter(alive), { timeout: 15_000 }).toEqual([]);
      // The database outlived the parts using it: none of them lost a connection on the way out.
      expect(output.slice(beforeCtrlC)).not.toMatch(/connection was dropped|terminating connection/);
      // The demo's data stays for its next start.
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    } finally {
      if (demo.exitCode === null && demo.signalCode === null) process.kill(-demo.pid!, 'SIGKILL');
    }
  }, 200_000);

  it('stops the server a killed demo left running on its data, and starts its own there', async () => {
    const dataDir = join(root, '.tools', 'postgres', `leftover-test-${randomBytes(4).toString('hex')}`);
    scratch.push(dataDir);
    const said: string[] = [];
    // The first is never stopped by its owner, as if the demo that started it was killed outright.
    const leftover = await startEmbeddedPostgres({ dataDir, keep: true, say: (l) => said.push(l) });
    const next = await startEmbeddedPostgres({ dataDir, keep: true, say: (l) => said.push(l) });
    try {
      expect(said).toEqual([
        `stopping the embedded PostgreSQL (pid ${leftover.pid}) an earlier demo left running in ${dataDir}`,
      ]);
      expect(alive(leftover.pid)).toBe(false);
      expect(await probeServer(next.url)).toEqual({ state: 'answers' });
    } finally {
      await next.stop();
    }
    expect(alive(next.pid)).toBe(false);
  }, 60_000);
});
