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
  if (!cli) {
    console.error('[temporal-cli] no CLI and no Go: letting the Temporal SDK download the CLI (needs internet)');
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        ip: '127.0.0.1',
        port: options.port,
        ...(options.uiPort !== null && { ui: true, uiPort: options.uiPort }),
        ...(options.dbFile && { dbFilename: options.dbFile }),
        searchAttributes: [...SEARCH_ATTRIBUTES],
      },
    });
    return {
      address,
      uiUrl: options.uiPort !== null ? `http://127.0.0.1:${options.uiPort}` : null,
      stop: () => env.teardown(),
    };
  }
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    ...(options.uiPort !== null ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
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
  return { address, uiUrl: options.uiPort !== null ? `http://127.0.0.1:${options.uiPort}` : null, stop: service.stop };
}
