import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// What ops filter on in the Temporal Web UI, e.g. `FirmId = '...' AND SyncStatus = 'failed'`.
// The dev server registers these at start; a cluster needs `temporal operator search-attribute create`.
export const FirmIdKey = defineSearchAttributeKey('FirmId', SearchAttributeType.KEYWORD);
export const InvoiceIdKey = defineSearchAttributeKey('InvoiceId', SearchAttributeType.KEYWORD);
export const InvoiceNumberKey = defineSearchAttributeKey('InvoiceNumber', SearchAttributeType.KEYWORD);
export const SyncStatusKey = defineSearchAttributeKey('SyncStatus', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [FirmIdKey, InvoiceIdKey, InvoiceNumberKey, SyncStatusKey] as const;
