import { feeItemSnapshot, getFeeItem } from '../db/queries/fee-items.js';
import { followedMapping, saveMapping, type FollowedMapping } from '../db/queries/mappings.js';
import { getPayer, payerSnapshot } from '../db/queries/payers.js';
import type { Db } from '../db/database.js';
import { FEE_ITEM, PAYER, type MappedKind } from '../domain/mapped-kinds.js';
import { recordSyncLog, type SyncLogEvent } from '../domain/sync-log-events.js';
import type { QboClient } from '../quickbooks/client.js';
import { customerChanges, itemChanges, type EntityChanges } from '../quickbooks/entity-diff.js';
import { QboError } from '../quickbooks/errors.js';
import {
  CUSTOMER_NAME_MAX,
  customerDisplayName,
  ITEM_NAME_MAX,
  itemName,
  toQboCustomer,
  toQboItemFields,
} from '../quickbooks/mappers.js';
import { requestIdFor } from '../quickbooks/request-id.js';
import type { ActivityInput, EntityFacts, EntityTarget, SyncFailure } from '../workflows/types.js';
import type { ActivityDeps } from './deps.js';
import { billingDataFailure, withQboFailures } from './failures.js';
import { disambiguated } from './find-or-create.js';
import { activityOrigin } from './sync-log-origin.js';

/** How many "Name (n)" a rename tries when QBO says the name is taken (6240), as a creation does. */
const MAX_NAME_ATTEMPTS = 20;

/** The QBO record as it is, and what billing would change in it. */
interface Compared {
  syncToken: string;
  active: boolean;
  /** The record's name in QBO. */
  name: string;
  changes: EntityChanges<object>;
}

/** A payer or fee item as its QBO record should look. */
interface Subject {
  kind: MappedKind;
  /** Billing's name for it in QBO. */
  name: string;
  nameKey: 'DisplayName' | 'Name';
  maxLength: number;
  compare(qbo: QboClient, qboId: string): Promise<Compared>;
}

/**
 * "Name (n)": the name this product gave the record when the plain one was taken; it still says billing's
 * name, so it is not a difference to correct on every edit.
 */
function isOwnName(qboName: string, base: string, maxLength: number): boolean {
  for (let n = 1; n <= MAX_NAME_ATTEMPTS; n++) if (disambiguated(base, n, maxLength) === qboName) return true;
  return false;
}

async function subjectOf(db: Db, target: EntityTarget): Promise<Subject | undefined> {
  if (target.kind === 'payer') {
    const row = await getPayer(db, target.firmId, target.localId);
    if (!row) return undefined;
    const payer = payerSnapshot(row);
    const name = customerDisplayName(payer);
    return {
      kind: PAYER,
      name,
      nameKey: 'DisplayName',
      maxLength: CUSTOMER_NAME_MAX,
      async compare(qbo, qboId) {
        const have = await qbo.read('Customer', qboId);
        const want = toQboCustomer(payer);
        if (isOwnName(have.DisplayName, name, CUSTOMER_NAME_MAX)) want.DisplayName = have.DisplayName;
        return {
          syncToken: have.SyncToken,
          active: have.Active,
          name: have.DisplayName,
          changes: customerChanges(want, have),
        };
      },
    };
  }
  const row = await getFeeItem(db, target.firmId, target.localId);
  if (!row) return undefined;
  const feeItem = feeItemSnapshot(row);
  const name = itemName(feeItem);
  return {
    kind: FEE_ITEM,
    name,
    nameKey: 'Name',
    maxLength: ITEM_NAME_MAX,
    async compare(qbo, qboId) {
      const have = await qbo.read('Item', qboId);
      const want = toQboItemFields(feeItem);
      if (isOwnName(have.Name, name, ITEM_NAME_MAX)) want.Name = have.Name;
      return { syncToken: have.SyncToken, active: have.Active, name: have.Name, changes: itemChanges(want, have) };
    },
  };
}

/** The record and its mapping, when billing's edits reach QuickBooks for it (Model 1, active, mapped). */
async function followed(
  db: Db,
  target: EntityTarget,
): Promise<{ subject: Subject; mapping: FollowedMapping } | undefined> {
  const table = target.kind === 'payer' ? PAYER.table : FEE_ITEM.table;
  const mapping = await followedMapping(db, table, target.firmId, target.localId);
  const subject = mapping && (await subjectOf(db, target));
  return subject && mapping && { subject, mapping };
}

const takenText = (name: string, error: QboError) =>
  `"${name}" is used by ${error.existingKind ? `a QuickBooks ${error.existingKind}` : 'another QuickBooks record'}${error.existingId ? ` (${error.existingId})` : ''}`;

/**
 * Sends billing's changes as one sparse update from the SyncToken just read; its requestid names that
 * token, so a retried activity replays the same write. A rename to a name QBO already has tries
 * "Name (2)", "Name (3)"... as a creation does, and says why.
 */
async function send(
  qbo: QboClient,
  target: EntityTarget,
  subject: Subject,
  qboId: string,
  compared: Compared,
): Promise<{ name: string; note?: string }> {
  const taken: string[] = [];
  const renaming = subject.nameKey in compared.changes.changes;
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    const name = disambiguated(subject.name, attempt, subject.maxLength);
    const body = { ...compared.changes.changes, ...(renaming && { [subject.nameKey]: name }) };
    const requestId = requestIdFor({
      firmId: target.firmId,
      entity: subject.kind.side,
      localId: target.localId,
      operation: 'update',
      revision: Number(compared.syncToken),
      base: compared.syncToken,
      generation: attempt,
    });
    try {
      await qbo.update(
        subject.kind.qboEntity,
        { ...body, Id: qboId, SyncToken: compared.syncToken, sparse: true },
        requestId,
      );
      const note = taken.length ? `named so because ${taken.join('; ')}` : undefined;
      return { name: renaming ? name : compared.name, note };
    } catch (error) {
      if (!(renaming && error instanceof QboError && error.kind === 'duplicate_name')) throw error;
      taken.push(takenText(name, error));
    }
  }
  throw billingDataFailure(
    'name_unavailable',
    `No free QuickBooks ${subject.kind.side} name for "${subject.name}" after ${MAX_NAME_ATTEMPTS} tries`,
    'Rename it in billing, or map it by hand to the right QuickBooks record.',
  );
}

function inactiveFailure(subject: Subject, qboId: string): SyncFailure {
  return {
    code: 'inactive_ref',
    message: `QuickBooks ${subject.kind.side} ${qboId} is inactive`,
    hint: `Reactivate it in QuickBooks or change the ${subject.kind.name.toLowerCase()}'s mapping.`,
  };
}

export function entityUpdateActivities(deps: ActivityDeps) {
  const log = (event: SyncLogEvent) => recordSyncLog(deps.db, event, activityOrigin());

  return {
    async inspectEntity(target: ActivityInput<'inspectEntity'>): Promise<EntityFacts> {
      return withQboFailures(async () => {
        const found = await followed(deps.db, target);
        if (!found) return { follows: false };
        const { subject, mapping } = found;
        const { qbo } = await deps.quickbooks.forFirm(target.firmId);
        const compared = await subject.compare(qbo, mapping.qboId);
        return {
          follows: true,
          qboId: mapping.qboId,
          syncToken: compared.syncToken,
          linked: mapping.source !== 'created',
          updateLinked: mapping.updateLinkedRecords,
          active: compared.active,
          differs: compared.changes.fields,
        };
      });
    },

    async updateQboEntity(input: ActivityInput<'updateQboEntity'>): Promise<{ fields: string[] }> {
      return withQboFailures(async () => {
        const found = await followed(deps.db, input);
        if (!found) return { fields: [] };
        const { subject, mapping } = found;
        const { qbo, realmId } = await deps.quickbooks.forFirm(input.firmId);
        let compared = await subject.compare(qbo, input.qboId);
        let sent: { name: string; note?: string } | undefined;
        if (compared.changes.fields.length > 0) {
          try {
            sent = await send(qbo, input, subject, input.qboId, compared);
          } catch (error) {
            // 5010: someone changed the record since it was read; read it again once and send what still differs.
            if (!(error instanceof QboError && error.kind === 'stale')) throw error;
            compared = await subject.compare(qbo, input.qboId);
            if (compared.changes.fields.length > 0) sent = await send(qbo, input, subject, input.qboId, compared);
          }
        }
        const ref = { firmId: input.firmId, side: subject.kind.side, localId: input.localId, name: subject.name };
        if (!sent) {
          await log({ kind: 'entity_unchanged', ...ref, qboId: input.qboId });
          return { fields: [] };
        }
        if (sent.name !== mapping.qboName)
          await saveMapping(
            deps.db,
            subject.kind.table,
            { firmId: input.firmId, realmId },
            { ...mapping, qboName: sent.name },
          );
        const { fields } = compared.changes;
        await log({ kind: 'entity_updated', ...ref, qboId: input.qboId, fields, note: sent.note });
        return { fields };
      });
    },

    async recordEntityOutcome(input: ActivityInput<'recordEntityOutcome'>): Promise<void> {
      const found = await followed(deps.db, input);
      // Unmapped or no longer under Model 1 meanwhile: there is nothing left to report about.
      if (!found) return;
      const { subject, mapping } = found;
      const ref = {
        firmId: input.firmId,
        side: subject.kind.side,
        localId: input.localId,
        name: subject.name,
        qboId: mapping.qboId,
      };
      const { outcome } = input;
      if (outcome.result === 'unchanged') return log({ kind: 'entity_unchanged', ...ref });
      if (outcome.result === 'differs') return log({ kind: 'entity_differs', ...ref, fields: outcome.fields });
      const error = outcome.result === 'inactive' ? inactiveFailure(subject, mapping.qboId) : outcome.error;
      return log({ kind: 'entity_update_failed', ...ref, error });
    },
  };
}
