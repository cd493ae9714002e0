import type { Role, User } from '../../db/schema.js';

// What the API shows of a user: never the password hash, only whether one is set.

export function presentUser(user: { id: string; email: string; name: string; role: Role }) {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export function presentListedUser(user: User) {
  return { ...presentUser(user), passwordSet: user.password_hash !== null, createdAt: user.created_at.toISOString() };
}

/** The signed-in user and their firm, or nulls for a visitor. */
export function presentSession(
  user: { id: string; email: string; name: string; role: Role; firm_id: string; firm_name: string } | undefined,
  csrfToken: string,
) {
  return {
    user: user ? presentUser(user) : null,
    firm: user ? { id: user.firm_id, name: user.firm_name } : null,
    csrfToken,
  };
}
