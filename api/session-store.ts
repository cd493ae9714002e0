import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { Db } from '../db/database.js';
import { deleteExpiredSessions, deleteSession, readSession, writeSession } from '../db/queries/sessions.js';

// @fastify/session's store, in PostgreSQL: every API process shares the sessions, and they outlive a
// restart. The user a session belongs to is kept in a column of its own, so a user's sessions can be ended
// together (a new password, the user removed).

const SWEEP_EVERY_MS = 10 * 60 * 1000;

type Callback = (error?: unknown) => void;

export class PgSessionStore implements SessionStore {
  private lastSweep = 0;

  constructor(
    private readonly db: Db,
    private readonly maxAgeMs: number,
  ) {}

  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void {
    readSession(this.db, sessionId).then(
      (data) => callback(null, (data as Session | undefined) ?? null),
      (error) => callback(error),
    );
  }

  set(sessionId: string, session: Session, callback: Callback): void {
    const expiresAt = session.cookie.expires ?? new Date(Date.now() + this.maxAgeMs);
    // JSON.parse(JSON.stringify()) keeps exactly what the session serialises to (its cookie's toJSON included).
    const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
    this.sweepNowAndThen()
      .then(() => writeSession(this.db, sessionId, { userId: session.userId ?? null, data, expiresAt }))
      .then(() => callback(), callback);
  }

  destroy(sessionId: string, callback: Callback): void {
    deleteSession(this.db, sessionId).then(() => callback(), callback);
  }

  /** Expired rows are never read; they are deleted at most every ten minutes, on a write. */
  private async sweepNowAndThen(): Promise<void> {
    if (Date.now() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = Date.now();
    await deleteExpiredSessions(this.db);
  }
}
