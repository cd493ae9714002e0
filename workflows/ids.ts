export const invoiceWorkflowId = (firmId: string, invoiceId: string): string => `invoice/${firmId}/${invoiceId}`;
