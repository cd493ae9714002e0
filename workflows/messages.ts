import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { SyncOutcome } from './types.js';

/** Sync Now / Sync Again: answers when a sync pass that started after the request has finished. */
export const requestSync = defineUpdate<SyncOutcome>('requestSync');

export const lastOutcome = defineQuery<SyncOutcome | null>('lastOutcome');
