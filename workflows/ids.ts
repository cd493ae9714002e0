export const invoiceWorkflowId = (firmId: string, invoiceId: string): string => `invoice/${firmId}/${invoiceId}`;
export const syncJobWorkflowId = (firmId: string, jobId: string): string => `sync-job/${firmId}/${jobId}`;
export const reconcileWorkflowId = (firmId: string): string => `reconcile/${firmId}`;
export const payerWorkflowId = (firmId: string, payerId: string): string => `payer/${firmId}/${payerId}`;
export const feeItemWorkflowId = (firmId: string, feeItemId: string): string => `fee-item/${firmId}/${feeItemId}`;
export const driftReportWorkflowId = (firmId: string, reportId: string): string => `drift-report/${firmId}/${reportId}`;
