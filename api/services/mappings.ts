import type { Db } from '../../db/database.js';
import { allFeeItems, feeItemSnapshot, getFeeItem } from '../../db/queries/fee-items.js';
import {
  deleteMapping,
  listMappings,
  saveMapping,
  type Mapping,
  type MappingScope,
} from '../../db/queries/mappings.js';
import { allPayers, getPayer, payerSnapshot } from '../../db/queries/payers.js';
import { heldOrSyncing } from '../../db/queries/sync-state.js';
import { suggestCustomer, suggestItem, type Suggestion } from '../../domain/matching.js';
import { FEE_ITEM, PAYER, type MappedKind } from '../../domain/mapped-kinds.js';
import { recordSyncLog } from '../../domain/sync-log-events.js';
import type { QuickBooksAccess } from '../../qbo-connection/quickbooks-access.js';
import type { QboClient } from '../../quickbooks/client.js';
import { QboError } from '../../quickbooks/errors.js';
import { listAll } from '../../quickbooks/listing.js';
import { customerDisplayName, itemName } from '../../quickbooks/mappers.js';
import type { TemporalAccess } from '../../temporal/client.js';
import { notifyMappingsChanged } from '../../temporal/invoice-sync.js';
import { badRequest, notFound } from '../http-errors.js';

export interface MappingDeps {
  db: Db;
  quickbooks: QuickBooksAccess;
  temporal: TemporalAccess;
}

/** A billing record and what it is (or could be) in QuickBooks. */
export interface MappingView {
  localId: string;
  localName: string;
  mapping: Mapping | undefined;
  suggestion: Suggestion | null;
}

interface Kind extends MappedKind {
  /** Every billing record of this kind, with its QuickBooks name and its suggestion among the QBO records. */
  records(
    db: Db,
    firmId: string,
    qbo: QboClient,
  ): Promise<Array<{ id: string; name: string; suggest: () => Promise<Suggestion | null> }>>;
  exists(db: Db, firmId: string, id: string): Promise<boolean>;
}

/** QBO's records are fetched once per request, however many billing records need a suggestion. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

export const PAYERS: Kind = {
  ...PAYER,
  async records(db, firmId, qbo) {
    const candidates = once(async () =>
      (await listAll(qbo, 'Customer')).map((c) => ({
        id: c.Id,
        displayName: c.DisplayName,
        companyName: c.CompanyName,
        email: c.PrimaryEmailAddr?.Address,
        active: c.Active,
      })),
    );
    return (await allPayers(db, firmId)).map((row) => {
      const payer = payerSnapshot(row);
      return {
        id: row.id,
        name: customerDisplayName(payer),
        suggest: async () => suggestCustomer(payer, await candidates()),
      };
    });
  },
  exists: async (db, firmId, id) => !!(await getPayer(db, firmId, id)),
};

export const FEE_ITEMS: Kind = {
  ...FEE_ITEM,
  async records(db, firmId, qbo) {
    const candidates = once(async () =>
      (await listAll(qbo, 'Item')).map((i) => ({ id: i.Id, name: i.Name, active: i.Active })),
    );
    return (await allFeeItems(db, firmId)).map((row) => ({
      id: row.id,
      name: itemName(feeItemSnapshot(row)),
      suggest: async () => suggestItem(row.name, await candidates()),
    }));
  },
  exists: async (db, firmId, id) => !!(await getFeeItem(db, firmId, id)),
};

/**
 * Wakes the firm's invoices parked for a mapping, or in a pass that may end parked; each checks for itself
 * whether it can go on (a pass that ends synced ignores the wake-up).
 */
async function wakeHeldInvoices(deps: MappingDeps, firmId: string): Promise<void> {
  await notifyMappingsChanged(deps.temporal, firmId, await heldOrSyncing(deps.db, firmId));
}

export async function mappingViews(deps: MappingDeps, firmId: string, kind: Kind): Promise<MappingView[]> {
  const { qbo, realmId } = await deps.quickbooks.forFirm(firmId);
  const mappings = await listMappings(deps.db, kind.table, { firmId, realmId });
  const records = await kind.records(deps.db, firmId, qbo);
  return Promise.all(
    records.map(async (r) => {
      const mapping = mappings.get(r.id);
      return { localId: r.id, localName: r.name, mapping, suggestion: mapping ? null : await r.suggest() };
    }),
  );
}

async function qboName(qbo: QboClient, kind: Kind, qboId: string, field: string): Promise<string> {
  try {
    const record = await qbo.read(kind.qboEntity, qboId);
    return 'DisplayName' in record ? record.DisplayName : record.Name;
  } catch (error) {
    if (error instanceof QboError && (error.kind === 'not_found' || error.kind === 'inactive_ref'))
      throw badRequest(field, `QuickBooks has no ${kind.qboEntity.toLowerCase()} ${qboId}`);
    throw error;
  }
}

export async function setMapping(
  deps: MappingDeps,
  firmId: string,
  kind: Kind,
  localId: string,
  target: { qboId: string } | { createNew: true },
): Promise<Mapping> {
  if (!(await kind.exists(deps.db, firmId, localId))) throw notFound(kind.name);
  const { qbo, realmId } = await deps.quickbooks.forFirm(firmId);
  const mapping: Mapping =
    'qboId' in target
      ? { localId, qboId: target.qboId, qboName: await qboName(qbo, kind, target.qboId, kind.field), source: 'manual' }
      : { localId, qboId: null, qboName: null, source: 'create_new' };
  await saveMapping(deps.db, kind.table, { firmId, realmId }, mapping);
  await recordSyncLog(deps.db, {
    kind: 'mapping_set',
    firmId,
    side: kind.side,
    localId,
    qboId: mapping.qboId,
    qboName: mapping.qboName,
  });
  await wakeHeldInvoices(deps, firmId);
  return mapping;
}

export async function removeMapping(deps: MappingDeps, firmId: string, kind: Kind, localId: string): Promise<void> {
  const { realmId } = await deps.quickbooks.forFirm(firmId);
  if (!(await deleteMapping(deps.db, kind.table, { firmId, realmId }, localId))) throw notFound('Mapping');
  await recordSyncLog(deps.db, { kind: 'mapping_removed', firmId, side: kind.side, localId });
}

/** Applies every suggestion to records not mapped yet. */
export async function autoMatch(
  deps: MappingDeps,
  firmId: string,
): Promise<Record<'payers' | 'feeItems', { matched: number; unmatched: number }>> {
  const { realmId } = await deps.quickbooks.forFirm(firmId);
  const scope: MappingScope = { firmId, realmId };
  const apply = async (kind: Kind) => {
    let matched = 0;
    let unmatched = 0;
    for (const view of await mappingViews(deps, firmId, kind)) {
      if (view.mapping) continue;
      if (!view.suggestion?.active) {
        unmatched++;
        continue;
      }
      matched++;
      await saveMapping(deps.db, kind.table, scope, {
        localId: view.localId,
        qboId: view.suggestion.qboId,
        qboName: view.suggestion.displayName,
        source: 'auto',
      });
      await recordSyncLog(deps.db, {
        kind: 'mapping_auto',
        firmId,
        side: kind.side,
        localId: view.localId,
        localName: view.localName,
        qboId: view.suggestion.qboId,
        reason: view.suggestion.reason,
      });
    }
    return { matched, unmatched };
  };
  const result = { payers: await apply(PAYERS), feeItems: await apply(FEE_ITEMS) };
  if (result.payers.matched + result.feeItems.matched > 0) await wakeHeldInvoices(deps, firmId);
  return result;
}
