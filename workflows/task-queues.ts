/**
 * Bulk-job pages wait on many invoices for minutes; on a task queue of their own, with their own worker
 * slots, any number of them can wait without taking the slots the invoices' own activities need.
 */
export const bulkPagesQueue = (taskQueue: string): string => `${taskQueue}-bulk-pages`;
