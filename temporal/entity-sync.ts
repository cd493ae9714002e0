import type { TemporalAccess } from './client.js';
import type { entityWorkflow } from '../workflows/entity-workflow.js';
import { feeItemWorkflowId, payerWorkflowId } from '../workflows/ids.js';
import { entityChanged } from '../workflows/messages.js';
import { FirmIdKey } from '../workflows/search-attributes.js';
import type { EntityKind } from '../workflows/types.js';

export interface EntitySyncTarget {
  firmId: string;
  kind: EntityKind;
  localId: string;
  /** Make QuickBooks equal to billing even when the mapping links to a record the product did not create (a person asked). */
  overwrite?: boolean;
}

export const entityWorkflowId = (target: { firmId: string; kind: EntityKind; localId: string }): string =>
  target.kind === 'payer'
    ? payerWorkflowId(target.firmId, target.localId)
    : feeItemWorkflowId(target.firmId, target.localId);

/**
 * Asks the payer's or fee item's workflow to bring its QuickBooks record up to date, starting it when it is
 * not running (signal-with-start): the caller returns at once, and edits made in a row share one pass.
 * The caller decides whether the record follows billing at all (Model 1, active firm, mapped).
 */
export async function requestEntitySync(temporal: TemporalAccess, target: EntitySyncTarget): Promise<void> {
  const { firmId, kind, localId } = target;
  await temporal.client.workflow.signalWithStart<typeof entityWorkflow, [{ overwrite: boolean }]>('entityWorkflow', {
    workflowId: entityWorkflowId(target),
    taskQueue: temporal.taskQueue,
    args: [{ firmId, kind, localId }],
    signal: entityChanged,
    signalArgs: [{ overwrite: target.overwrite ?? false }],
    typedSearchAttributes: [{ key: FirmIdKey, value: firmId }],
  });
}
