import { fileURLToPath } from 'node:url';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { createDb } from '../db/database.js';
import { qboSettingsFromEnv } from '../quickbooks/settings.js';
import { TokenCipher } from '../quickbooks/token-cipher.js';
import { TokenStore } from '../quickbooks/token-store.js';
import { PinoTemporalLogger, workerPino } from './logger.js';
import { temporalConfig } from './temporal-config.js';

Runtime.install({ logger: new PinoTemporalLogger(workerPino()) });

const db = createDb();
const settings = qboSettingsFromEnv();
const tokens = new TokenStore(db, TokenCipher.fromEnv(), settings);
const { connectionOptions, namespace, taskQueue } = temporalConfig();

const connection = await NativeConnection.connect(connectionOptions);
try {
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('../workflows/index.ts', import.meta.url)),
    activities: createActivities({ db, tokens, settings }),
  });
  console.log(`worker polling task queue ${taskQueue} on ${connectionOptions.address} (namespace ${namespace})`);
  // Runtime's signal handlers (SIGINT, SIGTERM) shut the worker down; run() resolves once it has drained.
  await worker.run();
} finally {
  await connection.close();
  await db.destroy();
}
