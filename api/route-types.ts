import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Db } from '../db/database.js';
import type { TemporalAccess } from '../temporal/client.js';

/** A route plugin typed by its JSON schemas, given the database. */
export type RoutesWithDb<Extra extends object = object> = FastifyPluginAsyncJsonSchemaToTs<{
  Options: { db: Db } & Extra;
}>;

/** A route plugin that also starts and talks to workflows. */
export type RoutesWithTemporal = FastifyPluginAsyncJsonSchemaToTs<{ Options: { db: Db; temporal: TemporalAccess } }>;
