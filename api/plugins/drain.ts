import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Lets `app.close()` end once the requests in flight have answered. Fastify closes the connections that are
 * idle when it starts closing, but a keep-alive connection whose request was still in flight goes idle
 * afterwards and would hold the server open until its keep-alive timeout (72 s), past any drain deadline.
 * So while closing, every answer tells the client the connection ends with it, and once an answer has gone
 * (its headers may have left before the close began, say a long CSV download) idle connections are closed.
 */
export const drainPlugin = fp(async (app: FastifyInstance) => {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing && !reply.raw.headersSent) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async () => {
    // On the next turn: the connection counts as idle only once Node has finished with the response.
    if (closing) setImmediate(() => app.server.closeIdleConnections());
  });
});
