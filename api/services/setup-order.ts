import type { Db } from '../../db/database.js';
import { getConnection } from '../../db/queries/connections.js';
import { getFirm } from '../../db/queries/firms.js';
import { missingBefore, type SetupStep } from '../../domain/setup-order.js';
import { conflict } from '../http-errors.js';

const DOING: Record<SetupStep, string> = {
  choose_model: 'Choosing the sync model',
  connect: 'Connecting QuickBooks',
  activate: 'Activation',
};

/** Refuses a setup step whose earlier steps are not done: 409 naming what is missing, in the seed's order. */
export async function requireEarlierSteps(db: Db, firmId: string, step: SetupStep): Promise<void> {
  const [firm, connection] = await Promise.all([getFirm(db, firmId), getConnection(db, firmId)]);
  const missing = missingBefore(step, {
    subscribed: firm?.subscribed ?? false,
    syncModel: firm?.sync_model ?? null,
    connected: connection?.status === 'connected',
  });
  if (missing.length === 0) return;
  // Activation keeps the code integrations already know; the earlier steps say the order was skipped.
  throw conflict(
    step === 'activate' ? 'setup_incomplete' : 'setup_order',
    `${DOING[step]} needs ${missing.join(', ')}`,
  );
}
