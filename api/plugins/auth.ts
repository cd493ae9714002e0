import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../../db/database.js';
import { findApiKey } from '../../db/queries/firms.js';
import type { Role } from '../../db/schema.js';
import { ApiError } from '../http-errors.js';

export interface FirmAuth {
  firmId: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: FirmAuth | null;
  }
  interface FastifyInstance {
    /** An onRequest hook: a firm key with one of these roles, else 401/403. */
    allow(...roles: Role[]): onRequestHookHandler;
    /** An onRequest hook: the platform operator's ADMIN_TOKEN, else 401. */
    operatorOnly: onRequestHookHandler;
  }
}

export const ALL_ROLES: Role[] = ['admin', 'billing', 'viewer'];
export const WRITERS: Role[] = ['admin', 'billing'];

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Every firm-scoped route reads `request.auth.firmId`; nothing else decides which firm a request sees. */
export const authPlugin = fp(async (app: FastifyInstance, options: { db: Db; adminToken: string | undefined }) => {
  app.decorateRequest('auth', null);

  app.decorate('allow', (...roles: Role[]) => async (request: FastifyRequest, _reply: FastifyReply) => {
    const key = bearer(request);
    const found = key ? await findApiKey(options.db, key) : undefined;
    if (!found) throw new ApiError(401, 'unauthorized', 'A valid API key is required (Authorization: Bearer <key>)');
    if (!roles.includes(found.role)) throw new ApiError(403, 'forbidden', `This needs one of the roles ${roles.join(', ')}; the key has ${found.role}`);
    request.auth = found;
  });

  app.decorate('operatorOnly', async (request: FastifyRequest) => {
    const token = bearer(request);
    if (!options.adminToken || !token || !sameSecret(token, options.adminToken)) {
      throw new ApiError(401, 'unauthorized', 'The platform operator token (ADMIN_TOKEN) is required');
    }
  });
});

/** The firm of an authenticated request (routes behind `allow` always have one). */
export function firmOf(request: FastifyRequest): string {
  if (!request.auth) throw new ApiError(401, 'unauthorized', 'A valid API key is required');
  return request.auth.firmId;
}
