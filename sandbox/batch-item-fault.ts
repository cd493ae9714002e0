import { QboFault, businessRule, objectNotFound, staleObject, systemFault, validation } from './faults.js';
import type { FaultRule } from './fault-injection.js';

const INJECTED = 'Injected by the sandbox for this batch item.';

/**
 * The Fault an injected batchItemFault gives one operation: QBO's own wording for the codes a sync has to
 * handle differently (6000 surfaced to a person, 5010 re-read, 610 re-resolved, 10000 retried), any other
 * code as a ValidationFault. `message` and `element` override the wording; `detail` is the reason (6000
 * keeps QBO's "Business Validation Error: " before it).
 */
export function batchItemFault(rule: FaultRule): QboFault {
  const code = rule.code ?? '6000';
  const base = knownFault(code, rule.detail);
  const [error] = base.errors;
  return new QboFault(base.status, base.type, [
    {
      Message: rule.message ?? error?.Message ?? '',
      Detail: error?.Detail ?? '',
      code,
      element: rule.element ?? error?.element ?? '',
    },
  ]);
}

function knownFault(code: string, detail: string | undefined): QboFault {
  if (code === '6000') return businessRule(detail ?? INJECTED);
  const known =
    code === '5010' ? staleObject() : code === '610' ? objectNotFound() : code === '10000' ? systemFault() : undefined;
  if (!known) return validation(code, `Validation error ${code}`, detail ?? INJECTED);
  if (detail === undefined) return known;
  return new QboFault(
    known.status,
    known.type,
    known.errors.map((e) => ({ ...e, Detail: detail })),
  );
}
