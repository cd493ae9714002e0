export const invoiceWorkflowId = (firmId: string, invoiceId: string): string => `invoice/${firmId}/${invoiceId}`;
export const syncJobWorkflowId = (firmId: string, jobId: string): string => `sync-job/${firmId}/${jobId}`;
export const reconcileWorkflowId = (firmId: string): string => `reconcile/${firmId}`;
