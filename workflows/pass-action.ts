/**
 * What a sync pass does with an invoice, from its facts: nothing new to send (`unchanged`), carry a void
 * across (`void`), or post it (`post`, which needs its payer and fee items resolved first). Overwriting (a
 * drift fix) posts even an unchanged invoice. Shared by the workflow, which acts on it, and the pass's first
 * step, which resolves the references a post needs while it reads the facts.
 */
export type PassAction = 'unchanged' | 'void' | 'post';

export interface PassFacts {
  status: 'open' | 'void';
  revision: number;
  qboInvoiceId: string | null;
  syncedRevision: number | null;
}

export function passAction(facts: PassFacts, overwriting: boolean): PassAction {
  if (facts.qboInvoiceId && facts.syncedRevision === facts.revision && !overwriting) return 'unchanged';
  if (facts.qboInvoiceId && facts.status === 'void') return 'void';
  return 'post';
}
