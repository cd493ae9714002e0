import Fastify, { type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { InvalidJson } from './body.js';
import { registerControlRoutes } from './control-routes.js';
import { registerDataRoutes } from './entity-routes.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { resolveOptions, type SandboxOptions } from './options.js';
import { SandboxState } from './state.js';

export type { SandboxOptions } from './options.js';

/** Intuit's transaction ids look like `1-6239ef57-12b393bc6e87cb646d9147e2`. */
function intuitTid(): string {
  return `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

/** Builds the sandbox (not listening): OAuth, the v3 data API and the /__sandbox controls, all in memory. */
export function buildSandbox(options: SandboxOptions = {}): FastifyInstance {
  const state = new SandboxState(resolveOptions(options));
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });

  // Parse failures become a value, not an error, so they reach the data-API pipeline (auth, counting,
  // throttling) and are answered with QBO's 2010 like any other bad request.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(null, new InvalidJson(e instanceof Error ? e.message : 'invalid JSON'));
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  // Queries arrive as `application/text`; anything else unknown is kept raw and rejected by the handler.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, String(body)));

  app.addHook('onRequest', async (_req, reply) => {
    void reply.header('intuit_tid', intuitTid());
  });

  registerOAuthRoutes(app, state);
  registerDataRoutes(app, state);
  registerControlRoutes(app, state);

  app.addHook('onClose', async () => state.webhooks.stop());
  return app;
}
