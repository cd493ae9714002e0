import { dateTime, errorResponse, uuid } from './common.js';

// Users and browser sessions. No schema here has a field for a password hash, a session id or a link's
// token: the response serialiser drops anything a schema does not name, so none can slip into an answer.

const role = { type: 'string', enum: ['admin', 'billing', 'viewer'] } as const;
const email = { type: 'string', format: 'email', maxLength: 254 } as const;
const password = { type: 'string', minLength: 10, maxLength: 200, description: '10 to 200 characters' } as const;
const name = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } as const;

export const userOut = {
  type: 'object',
  required: ['id', 'email', 'name', 'role'],
  properties: { id: uuid, email: { type: 'string' }, name: { type: 'string' }, role },
} as const;

export const userListItem = {
  type: 'object',
  required: ['id', 'email', 'name', 'role', 'passwordSet', 'createdAt'],
  properties: { ...userOut.properties, passwordSet: { type: 'boolean' }, createdAt: dateTime },
} as const;

export const setPasswordUrl = {
  type: 'string',
  description: 'One-time link to set a password (valid 72 hours); shown once',
} as const;

/** One user: the answer to changing a user, or to setting a password. */
export const userAnswerOut = { type: 'object', required: ['user'], properties: { user: userOut } } as const;

/** A user just added; without a password, with the link to set one. */
export const userCreatedOut = {
  type: 'object',
  required: ['user'],
  properties: { user: userOut, setPasswordUrl },
} as const;

export const userListOut = {
  type: 'object',
  required: ['users', 'nextCursor'],
  properties: { users: { type: 'array', items: userListItem }, nextCursor: { type: 'null' } },
} as const;

export const passwordLinkOut = {
  type: 'object',
  required: ['setPasswordUrl'],
  properties: { setPasswordUrl },
} as const;

export const createUserBody = {
  type: 'object',
  required: ['email', 'name', 'role'],
  additionalProperties: false,
  properties: { email, name, role, password },
} as const;

export const updateUserBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { role, name },
} as const;

export const signInBody = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  // Any text: a wrong email or password is a 401, whatever its shape, so nothing tells accounts apart.
  properties: {
    email: { type: 'string', minLength: 1, maxLength: 254 },
    password: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

export const setPasswordBody = {
  type: 'object',
  required: ['token', 'password'],
  additionalProperties: false,
  properties: { token: { type: 'string', minLength: 1, maxLength: 200 }, password },
} as const;

export const firmOut = {
  type: 'object',
  required: ['id', 'name'],
  properties: { id: uuid, name: { type: 'string' } },
} as const;

export const sessionOut = {
  type: 'object',
  required: ['user', 'firm', 'csrfToken'],
  properties: {
    user: { anyOf: [userOut, { type: 'null' }] },
    firm: { anyOf: [firmOut, { type: 'null' }] },
    csrfToken: {
      type: 'string',
      description: `Send it as the x-csrf-token header on every POST, PUT, PATCH or DELETE made with the session cookie`,
    },
  },
} as const;

/** The errors a public session route can answer with. */
export const sessionErrors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  429: errorResponse,
} as const;
