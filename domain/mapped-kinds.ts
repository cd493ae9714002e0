import type { MappingTable } from '../db/queries/mappings.js';
import type { QboSide } from './sync-log-events.js';

/**
 * A billing record that maps to a QuickBooks record: a payer to a customer, a fee item to an item. The one
 * description of each, shared by the mapping service (api/services/mappings.ts) and a sync's resolving
 * (activities/resolve-mapped.ts).
 */
export interface MappedKind {
  /** How billing staff name it, e.g. "Payer not found". */
  name: 'Payer' | 'Fee item';
  /** Where its mappings to QuickBooks records are kept. */
  table: MappingTable;
  qboEntity: 'Customer' | 'Item';
  /** How the sync log names its QuickBooks side. */
  side: QboSide;
  /** The API's field for the QuickBooks id it maps to. */
  field: 'qboCustomerId' | 'qboItemId';
}

export const PAYER: MappedKind = {
  name: 'Payer',
  table: 'payer_mappings',
  qboEntity: 'Customer',
  side: 'customer',
  field: 'qboCustomerId',
};

export const FEE_ITEM: MappedKind = {
  name: 'Fee item',
  table: 'fee_item_mappings',
  qboEntity: 'Item',
  side: 'item',
  field: 'qboItemId',
};
