import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startService, type Service } from './child-process.js';
import { freePort } from './free-port.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Starts a product process (`tsx <entry>`) the way `npm run <part>` would, with the given environment; or,
 * `fromBuild`, as `npm run start:<part>` runs it from `npm run build`'s output. Its output is appended to
 * `<logDir>/<name>.log`; `nodeArgs` go to node before the entry.
 */
export function startProductProcess(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  logDir: string,
  fromBuild = false,
  nodeArgs: string[] = [],
): Promise<Service> {
  const logFile = join(logDir, `${name}.log`);
  return startService({
    name,
    command: process.execPath,
    args: [
      ...nodeArgs,
      ...(fromBuild ? ['--enable-source-maps', `dist/${entry.replace(/\.ts$/, '.js')}`] : ['--import', 'tsx', entry]),
    ],
    cwd: root,
    env: { ...process.env, ...env },
    ready,
    readyTimeoutMs: 120_000,
    onOutput: (line) => appendFileSync(logFile, `${line}\n`),
  });
}

/** The environment a worker needs to reach this run's database, Temporal and sandbox. */
export interface WorkerEnv {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  tokenEncryptionKey: string;
  sandboxUrl: string;
  /** Workers run as deployed, from `npm run build`'s output (dist/), instead of the sources through tsx. */
  fromBuild?: boolean;
  /** Each worker writes a V8 CPU profile of each of its threads here when it exits (`node --cpu-prof`). */
  cpuProfileDir?: string;
}

/** The variables that point a product process (worker or API) at this run's parts. */
function partsEnv(env: WorkerEnv): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: env.taskQueue,
    TOKEN_ENCRYPTION_KEY: env.tokenEncryptionKey,
    QBO_ENVIRONMENT: 'local',
    QBO_SANDBOX_PORT: new URL(env.sandboxUrl).port,
  };
}

export function startWorker(
  name: string,
  env: WorkerEnv,
  logDir: string,
  extra: NodeJS.ProcessEnv = {},
): Promise<Service> {
  return startProductProcess(
    name,
    'worker/main.ts',
    {
      ...partsEnv(env),
      ...extra,
    },
    /worker polling task queue/,
    logDir,
    env.fromBuild,
    env.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${env.cpuProfileDir}`] : [],
  );
}

/** An API child process (`npm run api`) listening on a free port of 127.0.0.1, and its address. */
export interface ApiProcess extends Service {
  url: string;
}

/** Starts the API as `npm run api` would, on the given parts; `extra` overrides any variable (e.g. QBO_API_BASE_URL). */
export async function startApi(
  name: string,
  env: WorkerEnv & { adminToken: string },
  logDir: string,
  extra: NodeJS.ProcessEnv = {},
): Promise<ApiProcess> {
  const port = await freePort();
  const service = await startProductProcess(
    name,
    'api/main.ts',
    {
      ...partsEnv(env),
      ADMIN_TOKEN: env.adminToken,
      HOST: '127.0.0.1',
      PORT: String(port),
      ...extra,
    },
    /API listening on/,
    logDir,
  );
  return { ...service, url: `http://127.0.0.1:${port}` };
}
