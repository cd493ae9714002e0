import { createHash, randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../../db/database.js';
import { ApiError } from '../http-errors.js';
import { PgSessionStore } from '../session-store.js';

// Browser sessions: a signed cookie naming a session kept in PostgreSQL, a CSRF token bound to the session
// for every state-changing request it authenticates, and a limit on password guessing.

declare module 'fastify' {
  interface Session {
    /** Set on sign-in; whether that user still exists, and their role, is read afresh on every request. */
    userId?: string;
  }
}

export const SESSION_COOKIE = 'qbs_session';
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionsOptions {
  db: Db;
  /** Signs the cookie; at least 32 characters. Without one, a random secret serves this process only. */
  secret: string | undefined;
  /** Sign-in (and set-password) attempts a minute for one client and email (or link). */
  attemptsPerMinute: number;
}

function sessionSecret(app: FastifyInstance, secret: string | undefined): string {
  if (secret === undefined) {
    app.log.warn(
      'SESSION_SECRET is not set: using a random one, so sessions will not survive a restart or be shared between API processes',
    );
    return randomBytes(32).toString('base64url');
  }
  if (secret.length < 32) throw new Error('The session secret (SESSION_SECRET) must be at least 32 characters');
  return secret;
}

export const sessionsPlugin = fp(async (app: FastifyInstance, options: SessionsOptions) => {
  if (!Number.isInteger(options.attemptsPerMinute) || options.attemptsPerMinute < 1)
    throw new Error('SIGN_IN_ATTEMPTS_PER_MINUTE must be a whole number of at least 1');
  await app.register(cookie);
  await app.register(session, {
    secret: sessionSecret(app, options.secret),
    cookieName: SESSION_COOKIE,
    store: new PgSessionStore(options.db, SESSION_MAX_AGE_MS),
    // A session is stored only once it holds something (a CSRF secret, a user), never for API-key calls;
    // it lasts 12 hours from sign-in, however busy (not rolling).
    saveUninitialized: false,
    rolling: false,
    // 'auto': Secure when the request came over TLS (through a trusted proxy too); @fastify/session refuses
    // to set a Secure cookie on plain HTTP, which local runs and the tests use.
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/', maxAge: SESSION_MAX_AGE_MS },
  });
  await app.register(csrf, {
    sessionPlugin: '@fastify/session',
    getToken: (request) => {
      const token = request.headers[CSRF_HEADER];
      return typeof token === 'string' ? token : undefined;
    },
  });
  await app.register(rateLimit, {
    global: false,
    max: options.attemptsPerMinute,
    timeWindow: 60_000,
    // After validation, so the key can use the body's email.
    hook: 'preHandler',
    errorResponseBuilder: (_request, context) =>
      new ApiError(429, 'rate_limited', `Too many attempts; try again in ${context.after}`),
  });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const bodyField = (request: FastifyRequest, field: string): string => {
  const value = (request.body as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' ? value : '';
};

/** Route config: sign-in attempts counted per client IP and lower-cased email. */
export const signInAttemptLimit = {
  rateLimit: {
    keyGenerator: (request: FastifyRequest) => `sign-in|${request.ip}|${bodyField(request, 'email').toLowerCase()}`,
  },
};

/** Route config: set-password attempts counted per client IP and link (the token only as a hash, even in memory). */
export const setPasswordAttemptLimit = {
  rateLimit: {
    keyGenerator: (request: FastifyRequest) => `set-password|${request.ip}|${sha256(bodyField(request, 'token'))}`,
  },
};

/** 403 `csrf_invalid` unless the request carries the session's CSRF token in `x-csrf-token`. */
export function requireCsrf(request: FastifyRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    // @fastify/csrf-protection answers a refusal through `reply.send`; catching it here turns it into this
    // API's own error, whichever hook or handler asked.
    const refuse = {
      send: () =>
        reject(
          new ApiError(
            403,
            'csrf_invalid',
            `This needs the ${CSRF_HEADER} header with the csrfToken from GET /v1/session`,
          ),
        ),
    };
    request.server.csrfProtection(request, refuse as unknown as FastifyReply, () => resolve());
  });
}
