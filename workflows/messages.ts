import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { QboChange, SyncOutcome, SyncRequest } from './types.js';

/**
 * Sync Now / Sync Again: answers when a sync pass that started after the request has finished. With
 * `overwrite` (a drift fix), QuickBooks is written from billing even when it holds the latest revision.
 * Requests recorded before the option existed carry no argument.
 */
export const requestSync = defineUpdate<SyncOutcome, [SyncRequest?]>('requestSync');

export const lastOutcome = defineQuery<SyncOutcome | null>('lastOutcome');

/** A payer or fee item of this firm was mapped: an invoice held for a mapping tries again by itself. */
export const mappingsChanged = defineSignal('mappingsChanged');

/** The invoice was revised or voided in billing: the Temporal UI shows it out of date until the next pass. */
export const invoiceChanged = defineSignal('invoiceChanged');

/** QBO announced changes for the firm's company: the reconciler fetches and applies them. */
export const qboChanged = defineSignal<[QboChange[]]>('qboChanged');

/** A payment from QuickBooks reached this invoice. */
export const paymentPosted = defineSignal<[{ qboPaymentId: string; amountCents: number }]>('paymentPosted');

/** The latest payment QuickBooks reported for this invoice, for ops. */
export const recentPaymentQuery = defineQuery<{ qboPaymentId: string; amountCents: number } | null>('recentPayment');

/** A payer or fee item was edited in billing (or a person asked to overwrite QuickBooks): its entity workflow brings QBO along. */
export const entityChanged = defineSignal<[{ overwrite: boolean }]>('entityChanged');
