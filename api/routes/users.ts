import type { FastifyRequest } from 'fastify';
import {
  issueSetPasswordToken,
  setPasswordTokenIsLive,
  useSetPasswordToken,
} from '../../db/queries/set-password-tokens.js';
import { createUser, deleteUser, getUser, listUsers, updateUser, type AdminChange } from '../../db/queries/users.js';
import { ApiError, conflict, notFound } from '../http-errors.js';
import { hashPassword } from '../passwords.js';
import { firmOf } from '../plugins/auth.js';
import { requireCsrf, setPasswordAttemptLimit } from '../plugins/sessions.js';
import { presentListedUser, presentUser } from '../presenters/users.js';
import type { RoutesWithDb } from '../route-types.js';
import { authErrors, errorResponse, idParams } from '../schemas/common.js';
import {
  createUserBody,
  passwordLinkOut,
  sessionErrors,
  setPasswordBody,
  updateUserBody,
  userAnswerOut,
  userCreatedOut,
  userListOut,
} from '../schemas/users.js';

// A firm's people, managed by its admins. A user made without a password gets a one-time link to set one;
// an admin can send a new link at any time (the old password works until the link is used).

const adminErrors = { ...authErrors, 409: errorResponse } as const;

/** Where the console's set-password page is, on the origin the request came to. */
const setPasswordLink = (request: FastifyRequest, token: string) =>
  `${request.protocol}://${request.host}/set-password?token=${encodeURIComponent(token)}`;

function settled<T>(outcome: AdminChange<T>): T {
  if (outcome === 'not_found') throw notFound('User');
  if (outcome === 'last_admin')
    throw conflict('last_admin', 'The firm would have no admin left; make someone else an admin first');
  return outcome;
}

export const userRoutes: RoutesWithDb = async (app, { db }) => {
  app.get(
    '/v1/users',
    {
      schema: {
        summary: "List the firm's users",
        tags: ['users'],
        response: { 200: userListOut, ...authErrors },
      },
      onRequest: app.allow('admin'),
    },
    async (request) => ({ users: (await listUsers(db, firmOf(request))).map(presentListedUser), nextCursor: null }),
  );

  app.post(
    '/v1/users',
    {
      schema: {
        summary: 'Add a user (without a password, the answer has a one-time link to set one)',
        tags: ['users'],
        body: createUserBody,
        response: { 201: userCreatedOut, ...adminErrors },
      },
      onRequest: app.allow('admin'),
    },
    async (request, reply) => {
      const { email, name, role, password } = request.body;
      const passwordHash = password === undefined ? null : await hashPassword(password);
      const user = await createUser(db, { firmId: firmOf(request), email, name: name.trim(), role, passwordHash });
      if (!user) throw conflict('email_taken', 'Someone already signs in with this email');
      const link = passwordHash ? undefined : setPasswordLink(request, await issueSetPasswordToken(db, user.id));
      return reply.status(201).send({ user: presentUser(user), ...(link && { setPasswordUrl: link }) });
    },
  );

  app.patch(
    '/v1/users/:id',
    {
      schema: {
        summary: "Change a user's role or name",
        tags: ['users'],
        params: idParams,
        body: updateUserBody,
        response: { 200: userAnswerOut, ...adminErrors },
      },
      onRequest: app.allow('admin'),
    },
    async (request) => {
      const { role, name } = request.body;
      const user = settled(await updateUser(db, firmOf(request), request.params.id, { role, name: name?.trim() }));
      return { user: presentUser(user) };
    },
  );

  app.delete(
    '/v1/users/:id',
    {
      schema: {
        summary: 'Remove a user (their sessions end at once)',
        tags: ['users'],
        params: idParams,
        response: { 204: { type: 'null' }, ...adminErrors },
      },
      onRequest: app.allow('admin'),
    },
    async (request, reply) => {
      settled(await deleteUser(db, firmOf(request), request.params.id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/users/:id/password-reset',
    {
      schema: {
        summary: 'A new one-time link for a user to set their password (the old one works until the link is used)',
        tags: ['users'],
        params: idParams,
        response: { 200: passwordLinkOut, ...authErrors },
      },
      onRequest: app.allow('admin'),
    },
    async (request) => {
      const user = await getUser(db, firmOf(request), request.params.id);
      if (!user) throw notFound('User');
      return { setPasswordUrl: setPasswordLink(request, await issueSetPasswordToken(db, user.id)) };
    },
  );

  app.post(
    '/v1/users/set-password',
    {
      schema: {
        summary: "Set a password with a one-time link's token (needs x-csrf-token; ends the user's other sessions)",
        tags: ['users'],
        security: [],
        body: setPasswordBody,
        response: { 200: userAnswerOut, ...sessionErrors },
      },
      config: setPasswordAttemptLimit,
    },
    async (request) => {
      await requireCsrf(request);
      const { token, password } = request.body;
      const invalid = new ApiError(
        400,
        'invalid_token',
        'This link is unknown, used or expired; ask an admin for a new one',
        'token',
      );
      // Checked before the slow hash, and again (atomically) when it is spent.
      if (!(await setPasswordTokenIsLive(db, token))) throw invalid;
      const user = await useSetPasswordToken(db, token, await hashPassword(password), request.session.sessionId);
      if (!user) throw invalid;
      return { user: presentUser(user) };
    },
  );
};
