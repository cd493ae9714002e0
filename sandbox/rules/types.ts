import type { EntityName } from '../../quickbooks/wire-types.js';
import type { Json, Row } from '../store.js';
import type { RuleContext } from './common.js';

/** What the entity service needs to know about one entity: how to validate it and what writes may do. */
export interface EntityRules {
  entity: EntityName;
  /** Top-level fields a client may write. Anything else is 2010, as QBO rejects unknown properties. */
  fields: ReadonlySet<string>;
  /** Fields QBO computes; accepted on input (clients echo them back) and ignored. */
  readOnly: ReadonlySet<string>;
  /** Validates and normalises; returns the body without Id, SyncToken, MetaData. `existing` on updates. */
  build(ctx: RuleContext, input: Json, existing: Row | null): Json;
  /** Checks before any update, void or delete (e.g. deposited payments are frozen). */
  guardChange?(ctx: RuleContext, row: Row, operation: 'Update' | 'Delete' | 'Void'): void;
  /** Zeroes the amounts of a voided transaction. */
  voided?(ctx: RuleContext, row: Row): Json;
  /** Where QBO lets the client delete (transactions) rather than only deactivate (names). */
  deletable: boolean;
}
