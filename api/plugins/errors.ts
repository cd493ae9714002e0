import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { NotConnectedError } from '../../qbo-connection/token-store.js';
import { QboError } from '../../quickbooks/errors.js';
import { ApiError } from '../http-errors.js';

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** `/lines/0/quantity` -> `lines.0.quantity`; a missing property is named itself, not its parent. */
export function fieldOf(error: AjvError): string {
  const path = error.instancePath.split('/').filter(Boolean);
  const missing = error.params.missingProperty ?? error.params.additionalProperty;
  if (typeof missing === 'string') path.push(missing);
  return path.join('.');
}

function describe(error: AjvError, context: string | undefined): string {
  const field = fieldOf(error);
  if (error.keyword === 'required') return `${field} is required`;
  if (error.keyword === 'additionalProperties') return `${field} is not a known field`;
  return `${field || context || 'input'} ${error.message ?? 'is invalid'}`;
}

/** Every error leaves as `{error, message, field?}`; validation names the field; a 500 never leaks internals. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler(
    (error: FastifyError & { validation?: AjvError[]; validationContext?: string }, request, reply) => {
      if (error instanceof ApiError) {
        return reply
          .status(error.statusCode)
          .send({ error: error.code, message: error.message, ...(error.field && { field: error.field }) });
      }
      if (error instanceof NotConnectedError) {
        return reply
          .status(409)
          .send({ error: 'not_connected', message: 'QuickBooks is not connected; connect it first' });
      }
      if (error instanceof QboError) {
        // QuickBooks' own answer, passed on with what support needs (intuit_tid), never a token.
        const status = error.kind === 'throttled' ? 503 : 502;
        return reply.status(status).send({
          error: `quickbooks_${error.kind}`,
          message: error.hint ? `${error.message}. ${error.hint}` : error.message,
          ...(error.intuitTid && { intuitTid: error.intuitTid }),
        });
      }
      if (error.validation?.length) {
        const first = error.validation[0]!;
        return reply.status(400).send({
          error: 'validation',
          message: describe(first, error.validationContext),
          field: fieldOf(first) || error.validationContext,
        });
      }
      if (error.statusCode && error.statusCode < 500) {
        return reply.status(error.statusCode).send({ error: error.code ?? 'bad_request', message: error.message });
      }
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ error: 'internal', message: 'Something went wrong; the failure was logged.' });
    },
  );

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'not_found', message: `${request.method} ${request.url} is not a route` }),
  );
});
