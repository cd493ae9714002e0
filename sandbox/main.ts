import { optionsFromEnv } from './options.js';
import { buildSandbox } from './server.js';

const port = Number(process.env['QBO_SANDBOX_PORT'] ?? '4010');
const host = process.env['QBO_SANDBOX_HOST'] || '127.0.0.1';

const app = buildSandbox(optionsFromEnv(process.env));
await app.listen({ port, host });
const address = app.server.address();
const realPort = typeof address === 'object' && address ? address.port : port;
process.stdout.write(`QBO sandbox listening on http://${host}:${realPort}\n`);

let closing = false;
const shutdown = (): void => {
  if (closing) return;
  closing = true;
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
