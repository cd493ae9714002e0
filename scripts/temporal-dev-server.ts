import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';
import { startService } from './child-process.js';

export interface DevServer {
  address: string;
  uiUrl: string | null;
  stop(): Promise<void>;
  /**
   * Stops the server and starts it again on the same port and db file, as an operator's restart would,
   * after `downMs` without a server. Only a server with a `dbFile` can: one in memory would come back empty.
   */
  restart(options?: { downMs?: number }): Promise<void>;
}

export interface DevServerOptions {
  port: number;
  /** A Web UI port, or null for a headless server (tests). */
  uiPort: number | null;
  /** SQLite file that keeps workflow history across restarts; in memory when left out. */
  dbFile?: string;
}

const findScript = fileURLToPath(new URL('./find-temporal.sh', import.meta.url));

/**
 * The `temporal` CLI path from find-temporal.sh, or null when there is none and no Go to build one.
 * The script's progress (a first-run build takes minutes) goes straight to this process's stderr.
 */
export function resolveTemporalCli(): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [findScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    let path = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (path += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(path.trim());
      else if (code === 3) resolve(null);
      else reject(new Error(`scripts/find-temporal.sh failed with exit code ${code}`));
    });
  });
}

const searchAttributeFlags = SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]);

/**
 * A db file is written in WAL mode without an fsync per transaction: a restart of the server process (what
 * the file is for here) loses nothing, and with SQLite's defaults the chaos run took about 1.5 times as long.
 */
const dbFileFlags = (dbFile: string) => [
  '--db-filename',
  dbFile,
  '--sqlite-pragma',
  'journal_mode=wal',
  '--sqlite-pragma',
  'synchronous=normal',
];

async function waitUntilServing(address: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`Temporal at ${address} did not answer within ${timeoutMs} ms: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * Starts a Temporal dev server with the product's search attributes. It runs the CLI that find-temporal.sh
 * finds or builds; on a machine with neither the CLI nor Go it lets the Temporal SDK download the CLI.
 */
export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  const cli = await resolveTemporalCli();
  const address = `127.0.0.1:${options.port}`;
  const uiUrl = options.uiPort !== null ? `http://127.0.0.1:${options.uiPort}` : null;
  if (!cli)
    console.error('[temporal-cli] no CLI and no Go: letting the Temporal SDK download the CLI (needs internet)');
  const launch = cli ? () => launchCli(cli, options, address) : () => launchFromSdk(options);
  let running = await launch();
  return {
    address,
    uiUrl,
    stop: () => running.stop(),
    async restart({ downMs = 0 } = {}) {
      if (!options.dbFile) throw new Error(`the Temporal dev server at ${address} keeps no db file to restart from`);
      await running.stop();
      await new Promise((r) => setTimeout(r, downMs));
      running = await launch();
    },
  };
}

async function launchFromSdk(options: DevServerOptions): Promise<{ stop(): Promise<void> }> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: options.port,
      ...(options.uiPort !== null && { ui: true, uiPort: options.uiPort }),
      ...(options.dbFile && { extraArgs: dbFileFlags(options.dbFile) }),
      searchAttributes: [...SEARCH_ATTRIBUTES],
    },
  });
  return { stop: () => env.teardown() };
}

async function launchCli(cli: string, options: DevServerOptions, address: string): Promise<{ stop(): Promise<void> }> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    ...(options.uiPort !== null ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...(options.dbFile ? dbFileFlags(options.dbFile) : []),
    '--log-level',
    'error',
    ...searchAttributeFlags,
  ];
  const service = await startService({ name: 'temporal', command: cli, args });
  try {
    await waitUntilServing(address);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}
