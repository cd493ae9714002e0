// The worker bundles this module: it must export workflow functions only, and import nothing with I/O.
export { invoiceWorkflow } from './invoice-workflow.js';
export { reconcileWorkflow } from './reconcile-workflow.js';
export { syncJobWorkflow } from './sync-job-workflow.js';
