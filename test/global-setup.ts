import type { TestProject } from 'vitest/node';
import { buildConsole } from '../console/build.js';
import type { Service } from '../scripts/child-process.js';
import { startWorker } from '../scripts/product-process.js';
import { startServices } from '../scripts/stack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    taskQueue: string;
    sandboxUrl: string;
    tokenEncryptionKey: string;
    /** Where the worker's and the sandbox's output is kept during the run (`<name>.log`). */
    logDir: string;
  }
}

/**
 * One set of real parts for the whole integration run: a fresh PostgreSQL database with a unique name, a
 * headless Temporal dev server, the QBO sandbox and a worker, each on ports picked now (and the console,
 * built). Nothing depends on leftovers from an earlier run or on fixed ports being free.
 */
export default async function setup(project: TestProject) {
  // The API each test starts serves the billing console from console/dist, built fresh for the run.
  await buildConsole();
  const services = await startServices('test');
  const { workerEnv, logDir } = services;
  let worker: Service | undefined;
  const teardown = async () => {
    await worker?.stop().catch(() => undefined);
    await services.stop();
  };

  try {
    worker = await startWorker('worker', workerEnv, logDir);
    project.provide('databaseUrl', workerEnv.databaseUrl);
    project.provide('temporalAddress', workerEnv.temporalAddress);
    project.provide('taskQueue', workerEnv.taskQueue);
    project.provide('sandboxUrl', workerEnv.sandboxUrl);
    project.provide('tokenEncryptionKey', workerEnv.tokenEncryptionKey);
    project.provide('logDir', logDir);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
