// The worker bundles this module: it must export workflow functions only, and import nothing with I/O.
export { entityWorkflow } from './entity-workflow.js';
export { driftReportWorkflow } from './drift-report-workflow.js';
export { invoiceWorkflow } from './invoice-workflow.js';
export { reconcileWorkflow } from './reconcile-workflow.js';
export { syncJobWorkflow } from './sync-job-workflow.js';
