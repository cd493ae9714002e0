import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../../db/database.js';
import { findApiKey } from '../../db/queries/firms.js';
import { findUserWithFirm } from '../../db/queries/users.js';
import type { Role } from '../../db/schema.js';
import { ApiError } from '../http-errors.js';
import { requireCsrf } from './sessions.js';

export interface FirmAuth {
  firmId: string;
  role: Role;
  /** Set when a signed-in user (not an API key) made the request. */
  userId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: FirmAuth | null;
  }
  interface FastifyInstance {
    /** An onRequest hook: a firm's API key or signed-in user with one of these roles, else 401/403. */
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

const SIGN_IN_OR_KEY = 'Sign in or use an API key (Authorization: Bearer <key>)';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is asking: an API key when one is presented (it wins over a cookie, and a bad one is refused even
 * with a good cookie), else the session's user as the database has them now, so a removed user or a new
 * role counts from the next request on. A session that changes something must show its CSRF token.
 */
async function authenticate(db: Db, request: FastifyRequest): Promise<FirmAuth | undefined> {
  const key = bearer(request);
  if (key) return findApiKey(db, key);
  const userId = request.session?.userId;
  const user = userId ? await findUserWithFirm(db, userId) : undefined;
  if (!user) return undefined;
  if (!SAFE_METHODS.has(request.method)) await requireCsrf(request);
  return { firmId: user.firm_id, role: user.role, userId: user.id };
}

/** Every firm-scoped route reads `request.auth.firmId`; nothing else decides which firm a request sees. */
export const authPlugin = fp(async (app: FastifyInstance, options: { db: Db; adminToken: string | undefined }) => {
  app.decorateRequest('auth', null);

  app.decorate('allow', (...roles: Role[]) => async (request: FastifyRequest, _reply: FastifyReply) => {
    const found = await authenticate(options.db, request);
    if (!found) throw new ApiError(401, 'unauthorized', SIGN_IN_OR_KEY);
    const who = found.userId ? 'your role is' : 'the key has';
    if (!roles.includes(found.role))
      throw new ApiError(403, 'forbidden', `This needs one of the roles ${roles.join(', ')}; ${who} ${found.role}`);
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
  if (!request.auth) throw new ApiError(401, 'unauthorized', SIGN_IN_OR_KEY);
  return request.auth.firmId;
}
