import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';

// Query strings and path params arrive as text, so they are coerced to the declared types ("limit=2" -> 2).
// Bodies are JSON and are taken as sent: a number where the API wants a money string ("12.50") is an
// error, never silently turned into text, because money must not pass through a float.

const common: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };

function ajv(coerceTypes: Options['coerceTypes']): Ajv {
  const instance = new Ajv({ ...common, coerceTypes });
  addFormats.default(instance);
  return instance;
}

export function useStrictBodies(app: FastifyInstance): void {
  const forText = ajv('array');
  const forJson = ajv(false);
  app.setValidatorCompiler(({ schema, httpPart }: { schema: FastifySchema; httpPart?: string }) =>
    (httpPart === 'body' ? forJson : forText).compile(schema as object),
  );
}
