import type { FaultError, FaultType } from './wire-types.js';

/**
 * What the product does about a QBO failure. Decided once here, from the HTTP status and QBO's error code,
 * so activities and workflows never look at raw codes.
 */
export type QboErrorKind =
  | 'auth_expired' // 401 / 3200: refresh the access token once, then retry
  | 'auth_revoked' // invalid_grant, or 401 persisting after a refresh: the firm must reconnect
  | 'forbidden' // 403 / 3100: the app is not authorized for this company (scope, subscription, user rights)
  | 'throttled' // 429 / 3001: pause the realm for a minute
  | 'stale' // 5010: re-read, re-apply, retry
  | 'duplicate_name' // 6240
  | 'duplicate_docnum' // 6140 (and the old 6210 wording)
  | 'inactive_ref' // 610 / 6250 on a reference
  | 'not_found' // 610 on a read by id
  | 'locked' // 6540 deposited, 6200/6210 closed period, 6190 company status
  | 'validation' // anything else the request itself got wrong
  | 'system' // 5xx / 10000: QBO's side, retry with backoff
  | 'network'; // no answer (timeout, reset): retry; writes are safe because they carry a requestid

const RETRYABLE: ReadonlySet<QboErrorKind> = new Set(['auth_expired', 'throttled', 'stale', 'system', 'network']);

const HINTS: Partial<Record<QboErrorKind, string>> = {
  auth_revoked: 'Reconnect QuickBooks from the QuickBooks settings page.',
  forbidden:
    "QuickBooks does not let this app into the company (its authorization, scope or the company's subscription): reconnect QuickBooks as the company's admin.",
  throttled: 'QuickBooks is limiting requests for this company; the sync resumes by itself.',
  duplicate_name:
    'Another QuickBooks customer, vendor or employee (possibly inactive) already uses this name: map the payer to it or rename one of them.',
  duplicate_docnum:
    'QuickBooks already has an invoice with this number: renumber the invoice or check whether it was entered in QuickBooks by hand.',
  inactive_ref:
    'A customer, item or account this invoice uses is inactive in QuickBooks: reactivate it or change the mapping.',
  locked:
    'QuickBooks does not allow this change (closed period, deposited payment or company status): a bookkeeper must resolve it in QuickBooks.',
  validation: 'Correct the data named in the message and sync again.',
};

export function classifyQboFailure(status: number, code: string | undefined, message = ''): QboErrorKind {
  if (status === 429 || code === '3001') return 'throttled';
  if (code === '3200' || status === 401) return 'auth_expired';
  if (code === '3100' || status === 403) return 'forbidden';
  if (code === '100' || code === '110' || code === '120') return 'auth_revoked';
  if (code === '5010') return 'stale';
  if (code === '6240') return 'duplicate_name';
  if (code === '6140' || (code === '6210' && /duplicate/i.test(message))) return 'duplicate_docnum';
  if (code === '6540' || code === '6200' || code === '6210' || code === '6190') return 'locked';
  if (code === '610' || code === '6250') return /inactive/i.test(message) ? 'inactive_ref' : 'not_found';
  if (code === '10000' || status >= 500) return 'system';
  return 'validation';
}

export class QboError extends Error {
  override readonly name = 'QboError';
  readonly kind: QboErrorKind;
  readonly retryable: boolean;
  readonly hint: string | undefined;

  constructor(
    readonly status: number,
    readonly faultType: FaultType | 'Network' | 'OAuth',
    readonly errors: readonly FaultError[],
    readonly intuitTid: string | null,
    kind?: QboErrorKind,
  ) {
    const first = errors[0];
    super(first ? [first.Message, first.Detail].filter(Boolean).join(': ') : `QuickBooks answered ${status}`);
    this.kind = kind ?? classifyQboFailure(status, first?.code, `${first?.Message ?? ''} ${first?.Detail ?? ''}`);
    this.retryable = RETRYABLE.has(this.kind);
    this.hint = HINTS[this.kind];
  }

  get code(): string {
    return this.errors[0]?.code ?? (this.kind === 'network' ? 'network' : String(this.status));
  }

  get element(): string | undefined {
    return this.errors[0]?.element || undefined;
  }

  /** The id of the existing record QBO names in a 6240 detail ("... The customer ID is: 58"), if it does. */
  get existingId(): string | undefined {
    const detail = this.errors[0]?.Detail ?? '';
    return /\bID is:?\s*(\d+)/i.exec(detail)?.[1];
  }

  /** What kind of record owns the name in a 6240 ("Another vendor is already using this name"), if QBO says. */
  get existingKind(): string | undefined {
    return /another \$*(customer|vendor|employee|item)\$*/i.exec(this.errors[0]?.Detail ?? '')?.[1]?.toLowerCase();
  }

  static network(cause: unknown): QboError {
    const message = cause instanceof Error ? cause.message : String(cause);
    return new QboError(
      0,
      'Network',
      [{ Message: 'No answer from QuickBooks', Detail: message, code: 'network' }],
      null,
      'network',
    );
  }
}
