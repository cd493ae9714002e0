import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));

/** Paths that belong to the API, not to the console's client-side routes. */
const API_PATHS = /^\/(v1|docs|metrics|healthz|readyz|assets)(\/|\?|$)/;

/**
 * The billing console: a single-page app served by the API itself (nothing from a CDN), under a strict
 * Content-Security-Policy. Registered without fastify-plugin, so helmet's headers cover the console's own
 * routes and leave the Swagger UI at /docs to its own policy.
 */
export async function consolePlugin(app: FastifyInstance, options: { dir?: string }): Promise<void> {
  const dir = options.dir ?? DEFAULT_CONSOLE_DIR;
  const built = existsSync(join(dir, 'index.html'));

  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    // The console links to the Temporal Web UI and Intuit on other origins; they need not know the page.
    referrerPolicy: { policy: 'same-origin' },
  });

  if (built) {
    await app.register(fastifyStatic, {
      root: join(dir, 'assets'),
      prefix: '/assets/',
      index: false,
      decorateReply: true,
      cacheControl: true,
      maxAge: 0,
    });
  }

  // Every other GET is one of the console's own pages (/, /invoices, /invoices/<id>, ...): the app routes it.
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    if (API_PATHS.test(request.url)) return reply.callNotFound();
    if (!built) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(
          'The billing console is not built: run `npm run build:console` (npm run demo and npm test build it by themselves).\n',
        );
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', dir);
  });
}
