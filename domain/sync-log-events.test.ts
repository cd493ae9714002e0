import { describe, expect, it } from 'vitest';
import { syncLogEntry, type SyncLogEvent, type SyncLogOrigin } from './sync-log-events.js';

// The rows each event makes, word for word: the Sync Log Report, its CSV and the integration tests read these.

const firmId = 'firm-1';
const activity: SyncLogOrigin = { workflowId: 'invoice/firm-1/inv-1', execution: 'run-1/5' };
const invoice = { firmId, invoiceId: 'inv-1', number: 'INV-7', revision: 3 };
const qboPayment = { id: 'P9', syncToken: '2' };

type Row = [
  action: string,
  level: 'info' | 'error',
  entityType: string,
  entityId: string | null,
  message: string,
  qboId: string | null,
  intuitTid: string | null,
];

const cases: Array<[SyncLogEvent, Row]> = [
  [
    { kind: 'sync_started', ...invoice },
    ['sync_started', 'info', 'invoice', 'inv-1', 'Sync of invoice INV-7 revision 3 started', null, null],
  ],
  [
    { kind: 'sync_completed', ...invoice, qboInvoiceId: '130' },
    [
      'sync_completed',
      'info',
      'invoice',
      'inv-1',
      'Invoice INV-7 revision 3 is in QuickBooks as invoice 130',
      '130',
      null,
    ],
  ],
  [
    { kind: 'sync_unchanged', ...invoice, qboInvoiceId: '130' },
    [
      'sync_unchanged',
      'info',
      'invoice',
      'inv-1',
      'Invoice INV-7 revision 3 is already in QuickBooks as invoice 130; nothing to send',
      '130',
      null,
    ],
  ],
  [
    {
      kind: 'sync_held',
      firmId,
      invoiceId: 'inv-1',
      number: 'INV-7',
      reasons: ['Payer A has no mapping', 'Fee item B has no mapping'],
    },
    [
      'sync_held',
      'info',
      'invoice',
      'inv-1',
      'Invoice INV-7 waits for a mapping: Payer A has no mapping; Fee item B has no mapping. It syncs by itself once the mapping is made.',
      null,
      null,
    ],
  ],
  [
    {
      kind: 'sync_failed',
      firmId,
      invoiceId: 'inv-1',
      number: 'INV-7',
      error: {
        code: '6000',
        message: 'A business validation error has occurred',
        hint: 'Fix the invoice.',
        intuitTid: 'tid-1',
      },
    },
    [
      'sync_failed',
      'error',
      'invoice',
      'inv-1',
      'Sync of invoice INV-7 failed (6000): A business validation error has occurred Fix the invoice.',
      null,
      'tid-1',
    ],
  ],
  [
    {
      kind: 'sync_failed',
      firmId,
      invoiceId: 'inv-1',
      number: 'INV-7',
      error: { code: 'invoice_missing', message: 'The invoice no longer exists' },
    },
    [
      'sync_failed',
      'error',
      'invoice',
      'inv-1',
      'Sync of invoice INV-7 failed (invoice_missing): The invoice no longer exists',
      null,
      null,
    ],
  ],
  [
    {
      kind: 'invoice_created',
      firmId,
      invoiceId: 'inv-1',
      qboInvoiceId: '130',
      docNumber: 'INV-7',
      total: 150,
      revision: 3,
    },
    [
      'invoice_created',
      'info',
      'invoice',
      'inv-1',
      'Created QuickBooks invoice 130 (DocNumber INV-7, total 150.00) from revision 3',
      '130',
      null,
    ],
  ],
  [
    { kind: 'invoice_linked', ...invoice, qboInvoiceId: '130' },
    [
      'invoice_linked',
      'info',
      'invoice',
      'inv-1',
      'QuickBooks already had invoice INV-7 for this customer (invoice 130): linked it and brought it up to revision 3',
      '130',
      null,
    ],
  ],
  [
    { kind: 'invoice_updated', firmId, invoiceId: 'inv-1', qboInvoiceId: '130', total: 99.5, revision: 3 },
    [
      'invoice_updated',
      'info',
      'invoice',
      'inv-1',
      'Updated QuickBooks invoice 130 to revision 3 (total 99.50)',
      '130',
      null,
    ],
  ],
  [
    { kind: 'invoice_voided', firmId, invoiceId: 'inv-1', qboInvoiceId: '130', number: 'INV-7' },
    ['invoice_voided', 'info', 'invoice', 'inv-1', 'Voided QuickBooks invoice 130 (INV-7)', '130', null],
  ],
  [
    { kind: 'resolved', firmId, side: 'customer', localId: 'payer-1', name: 'José Müller', qboId: '58', via: 'mapped' },
    [
      'customer_mapped',
      'info',
      'customer',
      'payer-1',
      'Payer José Müller is mapped to QuickBooks customer 58',
      '58',
      null,
    ],
  ],
  [
    {
      kind: 'resolved',
      firmId,
      side: 'item',
      localId: 'fee-1',
      name: 'Visa consultation',
      qboId: '7',
      via: 'found',
      note: 'named so because "Visa" is used by a QuickBooks customer (3)',
    },
    [
      'item_found',
      'info',
      'item',
      'fee-1',
      'Linked fee item Visa consultation to existing QuickBooks item 7 (named so because "Visa" is used by a QuickBooks customer (3))',
      '7',
      null,
    ],
  ],
  [
    {
      kind: 'resolved',
      firmId,
      side: 'customer',
      localId: 'payer-1',
      name: 'José Müller',
      qboId: '58',
      via: 'created',
    },
    [
      'customer_created',
      'info',
      'customer',
      'payer-1',
      'Created QuickBooks customer 58 for payer José Müller',
      '58',
      null,
    ],
  ],
  [
    {
      kind: 'mapping_needed',
      firmId,
      side: 'item',
      localId: 'fee-1',
      reason:
        'Fee item Visa consultation has no QuickBooks item mapping, and this firm holds invoices until one is made',
    },
    [
      'item_mapping_needed',
      'info',
      'item',
      'fee-1',
      'Fee item Visa consultation has no QuickBooks item mapping, and this firm holds invoices until one is made',
      null,
      null,
    ],
  ],
  [
    {
      kind: 'payment_posted',
      firmId,
      paymentId: 'pay-1',
      qboPaymentId: 'P9',
      qboInvoiceId: '130',
      amountCents: 25_000,
      creditCents: 5_000,
    },
    [
      'payment_posted',
      'info',
      'payment',
      'pay-1',
      'Posted payment of 250.00 to QuickBooks invoice 130 (50.00 kept as unapplied credit)',
      'P9',
      null,
    ],
  ],
  [
    {
      kind: 'payment_posted',
      firmId,
      paymentId: 'pay-1',
      qboPaymentId: 'P9',
      qboInvoiceId: '130',
      amountCents: 25_000,
      creditCents: 0,
    },
    ['payment_posted', 'info', 'payment', 'pay-1', 'Posted payment of 250.00 to QuickBooks invoice 130', 'P9', null],
  ],
  [
    { kind: 'payment_voided', firmId, paymentId: 'pay-1', qboPaymentId: 'P9' },
    ['payment_voided', 'info', 'payment', 'pay-1', 'Voided QuickBooks payment P9', 'P9', null],
  ],
  [
    {
      kind: 'payment_refused',
      firmId,
      paymentId: 'pay-1',
      qboPaymentId: null,
      error: { code: '6540', message: 'Deposited Transaction cannot be changed', intuitTid: 'tid-2' },
    },
    [
      'payment_refused',
      'error',
      'payment',
      'pay-1',
      'QuickBooks refused the payment (6540): Deposited Transaction cannot be changed',
      null,
      'tid-2',
    ],
  ],
  [
    { kind: 'mapping_set', firmId, side: 'customer', localId: 'payer-1', qboId: '58', qboName: 'José Müller' },
    [
      'mapping_set',
      'info',
      'customer',
      'payer-1',
      'Mapped payer payer-1 to QuickBooks customer 58 (José Müller)',
      '58',
      null,
    ],
  ],
  [
    { kind: 'mapping_set', firmId, side: 'item', localId: 'fee-1', qboId: null, qboName: null },
    [
      'mapping_set',
      'info',
      'item',
      'fee-1',
      'Mapped fee item fee-1 to a new QuickBooks item, created at its next sync',
      null,
      null,
    ],
  ],
  [
    { kind: 'mapping_removed', firmId, side: 'item', localId: 'fee-1' },
    ['mapping_removed', 'info', 'item', 'fee-1', 'Unmapped fee item fee-1', null, null],
  ],
  [
    {
      kind: 'mapping_auto',
      firmId,
      side: 'customer',
      localId: 'payer-1',
      localName: 'José Müller',
      qboId: '58',
      reason: 'same email',
    },
    [
      'mapping_auto',
      'info',
      'customer',
      'payer-1',
      'Auto-matched payer José Müller to QuickBooks customer 58: same email',
      '58',
      null,
    ],
  ],
  [
    { kind: 'quickbooks_connected', firmId, realmId: '9130', companyName: 'Acme LLP' },
    [
      'quickbooks_connected',
      'info',
      'connection',
      '9130',
      'Connected to QuickBooks company Acme LLP (9130)',
      null,
      null,
    ],
  ],
  [
    { kind: 'quickbooks_disconnected', firmId, realmId: '9130', companyName: null },
    ['quickbooks_disconnected', 'info', 'connection', '9130', 'Disconnected from QuickBooks company 9130', null, null],
  ],
  [
    { kind: 'revoke_failed', firmId, realmId: '9130', reason: 'socket hang up' },
    [
      'revoke_failed',
      'error',
      'connection',
      '9130',
      'QuickBooks did not confirm the revocation (socket hang up); the tokens were deleted here anyway',
      null,
      null,
    ],
  ],
  [
    { kind: 'drift_report_completed', firmId, reportId: 'r1', findings: 3, checked: 120, fullRead: false },
    [
      'drift_report_completed',
      'info',
      'drift_report',
      'r1',
      'Drift report read what changed: 120 checked, 3 differences found',
      null,
      null,
    ],
  ],
  [
    { kind: 'drift_report_completed', firmId, reportId: 'r2', findings: 0, checked: 9, fullRead: true },
    [
      'drift_report_completed',
      'info',
      'drift_report',
      'r2',
      'Drift report read every record: 9 checked, billing and QuickBooks agree',
      null,
      null,
    ],
  ],
  [
    { kind: 'drift_report_failed', firmId, reportId: 'r3', error: 'QuickBooks is not connected' },
    [
      'drift_report_failed',
      'error',
      'drift_report',
      'r3',
      'Drift report failed: QuickBooks is not connected',
      null,
      null,
    ],
  ],
  [
    {
      kind: 'drift_fixed',
      firmId,
      entityType: 'payer',
      entityId: 'p1',
      label: 'Ana Drift',
      findingKind: 'customer_changed',
      action: 'accept',
    },
    [
      'drift_fixed',
      'info',
      'customer',
      'p1',
      "Drift (customer changed) of Ana Drift fixed: QuickBooks' change taken into billing",
      null,
      null,
    ],
  ],
  [
    { kind: 'connection_lost', firmId, intuitTid: 'tid-3' },
    [
      'connection_lost',
      'error',
      'connection',
      null,
      'QuickBooks refused the refresh token: syncing is paused until an admin reconnects QuickBooks',
      null,
      'tid-3',
    ],
  ],
  [
    {
      kind: 'entity_updated',
      firmId,
      side: 'customer',
      localId: 'p1',
      name: 'José Müller',
      qboId: '58',
      fields: ['email', 'address'],
    },
    [
      'customer_updated',
      'info',
      'customer',
      'p1',
      'Updated QuickBooks customer 58 for payer José Müller: email, address',
      '58',
      null,
    ],
  ],
  [
    {
      kind: 'entity_updated',
      firmId,
      side: 'item',
      localId: 'f1',
      name: 'Consultation',
      qboId: '7',
      fields: ['name'],
      note: 'named so because "Consultation" is used by a QuickBooks item (3)',
    },
    [
      'item_updated',
      'info',
      'item',
      'f1',
      'Updated QuickBooks item 7 for fee item Consultation: name (named so because "Consultation" is used by a QuickBooks item (3))',
      '7',
      null,
    ],
  ],
  [
    { kind: 'entity_unchanged', firmId, side: 'item', localId: 'f1', name: 'Consultation', qboId: '7' },
    [
      'item_unchanged',
      'info',
      'item',
      'f1',
      'QuickBooks item 7 already matches fee item Consultation; nothing to send',
      '7',
      null,
    ],
  ],
  [
    {
      kind: 'entity_differs',
      firmId,
      side: 'customer',
      localId: 'p1',
      name: 'José Müller',
      qboId: '58',
      fields: ['email'],
    },
    [
      'customer_differs',
      'info',
      'customer',
      'p1',
      'QuickBooks customer 58 differs from payer José Müller in email: left alone, because it was linked to an existing QuickBooks record (the setting updateLinkedRecords keeps linked records equal to billing)',
      '58',
      null,
    ],
  ],
  [
    {
      kind: 'entity_update_failed',
      firmId,
      side: 'customer',
      localId: 'p1',
      name: 'José Müller',
      qboId: '58',
      error: {
        code: 'inactive_ref',
        message: 'QuickBooks customer 58 is inactive',
        hint: 'Reactivate it.',
        intuitTid: 'tid-4',
      },
    },
    [
      'customer_update_failed',
      'error',
      'customer',
      'p1',
      'Updating QuickBooks customer 58 for payer José Müller failed (inactive_ref): QuickBooks customer 58 is inactive Reactivate it.',
      '58',
      'tid-4',
    ],
  ],
];

describe('syncLogEntry', () => {
  it.each(cases.map(([event, row]) => [`${event.kind} -> ${row[0]}`, event, row] as const))(
    '%s',
    (_name, event, [action, level, entityType, entityId, message, qboId, intuitTid]) => {
      expect(syncLogEntry(event)).toEqual({
        firm_id: firmId,
        level,
        action,
        entity_type: entityType,
        entity_id: entityId,
        message,
        qbo_id: qboId,
        workflow_id: null,
        intuit_tid: intuitTid,
        event_key: null,
      });
    },
  );

  it("tags an activity's entry with its workflow and keys it by the activity execution, action and entity", () => {
    expect(syncLogEntry({ kind: 'sync_started', ...invoice }, activity)).toMatchObject({
      workflow_id: 'invoice/firm-1/inv-1',
      event_key: 'run-1/5/sync_started/inv-1',
    });
    const resolved = (localId: string) =>
      syncLogEntry(
        { kind: 'resolved', firmId, side: 'item', localId, name: 'Visa', qboId: '7', via: 'mapped' },
        activity,
      );
    // One step resolving two fee items logs both.
    expect([resolved('fee-1').event_key, resolved('fee-2').event_key]).toEqual([
      'run-1/5/item_mapped/fee-1',
      'run-1/5/item_mapped/fee-2',
    ]);
  });

  it('keys a QuickBooks payment change by the payment, its version, the invoice and the action, whoever records it', () => {
    const cases: Array<[SyncLogEvent, Partial<Record<string, string | null>>]> = [
      [
        { kind: 'payment_received', firmId, qboPayment, invoiceId: 'inv-1', amountCents: 12_345 },
        {
          action: 'payment_received',
          entity_type: 'payment',
          entity_id: 'inv-1',
          qbo_id: 'P9',
          message: 'Received payment of 123.45 from QuickBooks (payment P9)',
          event_key: 'qbo-payment/P9/2/inv-1/payment_received',
        },
      ],
      [
        { kind: 'payment_changed', firmId, qboPayment, invoiceId: 'inv-1', amountCents: 12_345 },
        {
          action: 'payment_changed',
          message: 'Updated payment of 123.45 from QuickBooks (payment P9)',
          event_key: 'qbo-payment/P9/2/inv-1/payment_changed',
        },
      ],
      [
        {
          kind: 'qbo_payment_removed',
          firmId,
          qboPayment: { id: 'P9', syncToken: null },
          invoiceId: 'inv-1',
          how: 'deleted',
        },
        {
          action: 'payment_deleted',
          message: 'QuickBooks payment P9 was deleted in QuickBooks: removed from the invoice',
          event_key: 'qbo-payment/P9/deleted/inv-1/payment_deleted',
        },
      ],
      [
        {
          kind: 'qbo_payment_removed',
          firmId,
          qboPayment: { id: 'P9', syncToken: '4' },
          invoiceId: 'inv-1',
          how: 'voided',
        },
        {
          action: 'payment_voided',
          message: 'QuickBooks payment P9 was voided in QuickBooks: removed from the invoice',
          event_key: 'qbo-payment/P9/4/inv-1/payment_voided',
        },
      ],
      [
        { kind: 'payment_unlinked', firmId, qboPayment, invoiceId: 'inv-1' },
        {
          action: 'payment_unlinked',
          message: 'QuickBooks payment P9 no longer pays this invoice: removed',
          event_key: 'qbo-payment/P9/2/inv-1/payment_unlinked',
        },
      ],
      [
        { kind: 'payment_ignored', firmId, qboPayment, qboInvoiceId: '777' },
        {
          action: 'payment_ignored',
          entity_id: null,
          message: 'QuickBooks payment P9 pays QuickBooks invoice 777, which this product did not post: left alone',
          event_key: 'qbo-payment/P9/2/-/payment_ignored',
        },
      ],
    ];
    for (const [event, expected] of cases) {
      expect(syncLogEntry(event, { workflowId: 'reconcile/firm-1', execution: 'run-2/1' })).toMatchObject({
        level: 'info',
        workflow_id: 'reconcile/firm-1',
        intuit_tid: null,
        ...expected,
      });
      expect(syncLogEntry(event)).toMatchObject({ workflow_id: null, event_key: expected.event_key });
    }
  });
});
