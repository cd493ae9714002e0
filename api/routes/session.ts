import type { FastifyReply } from 'fastify';
import { findUserByEmail, findUserWithFirm } from '../../db/queries/users.js';
import { ApiError } from '../http-errors.js';
import { checkCredentials } from '../passwords.js';
import { requireCsrf, SESSION_COOKIE, signInAttemptLimit } from '../plugins/sessions.js';
import { presentSession } from '../presenters/users.js';
import type { RoutesWithDb } from '../route-types.js';
import { errorResponse } from '../schemas/common.js';
import { sessionErrors, sessionOut, signInBody } from '../schemas/users.js';

// Signing in and out of the browser console. The console first asks GET /v1/session who is signed in and
// for a CSRF token; signing in and out are state changes, so they carry that token too.

/** Who is signed in, with a CSRF token for this session; never cached, since it carries the token. */
function answer(reply: FastifyReply, user: Awaited<ReturnType<typeof findUserWithFirm>>) {
  reply.header('cache-control', 'no-store');
  return presentSession(user, reply.generateCsrf());
}

export const sessionRoutes: RoutesWithDb = async (app, { db }) => {
  app.get(
    '/v1/session',
    {
      schema: {
        summary: 'Who is signed in on this browser, and its CSRF token',
        tags: ['session'],
        security: [],
        response: { 200: sessionOut },
      },
    },
    async (request, reply) => {
      const userId = request.session.userId;
      return answer(reply, userId ? await findUserWithFirm(db, userId) : undefined);
    },
  );

  app.post(
    '/v1/session',
    {
      schema: {
        summary: 'Sign in with email and password (needs x-csrf-token; answers a new csrfToken)',
        tags: ['session'],
        security: [],
        body: signInBody,
        response: { 200: sessionOut, ...sessionErrors },
      },
      config: signInAttemptLimit,
    },
    async (request, reply) => {
      await requireCsrf(request);
      const found = await findUserByEmail(db, request.body.email.trim());
      // The same answer, after the same work, for an unknown email, a user without a password, or a wrong one.
      const matches = await checkCredentials(request.body.password, found?.password_hash);
      const user = found && matches ? await findUserWithFirm(db, found.id) : undefined;
      if (!user) throw new ApiError(401, 'invalid_credentials', 'The email or password is wrong');
      // A new session id on sign-in, so an id planted before it (session fixation) signs no one in.
      await request.session.regenerate();
      request.session.userId = user.id;
      return answer(reply, user);
    },
  );

  app.delete(
    '/v1/session',
    {
      schema: {
        summary: 'Sign out (needs x-csrf-token)',
        tags: ['session'],
        security: [],
        response: { 204: { type: 'null' }, 403: errorResponse },
      },
    },
    async (request, reply) => {
      await requireCsrf(request);
      await request.session.destroy();
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
};
