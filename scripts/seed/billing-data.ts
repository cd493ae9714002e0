import { okJson } from '../http-json.js';

// The demo firm's billing records, created through the API as billing staff would.

const post = <T>(apiUrl: string, key: string, path: string, body: unknown): Promise<T> =>
  okJson<T>('POST', `${apiUrl}${path}`, { bearer: key, body });

interface Created {
  id: string;
  number?: string;
}

export async function seedBillingData(
  apiUrl: string,
  key: string,
): Promise<{ payers: number; feeItems: number; invoices: Array<{ id: string; number: string }> }> {
  const p = <T = Created>(path: string, body: unknown) => post<T>(apiUrl, key, path, body);
  const obrien = await p('/v1/payers', {
    type: 'corporation',
    companyName: "O'Brien & Sons, LLC",
    email: 'office@obrien.example',
    address: { line1: '1 Harbor Way', city: 'Boston', region: 'MA', postalCode: '02110', country: 'US' },
    billingPerson: { firstName: 'Aoife', lastName: 'Kelly', email: 'billing@obrien.example', phone: '617-555-0199' },
  });
  const jose = await p('/v1/payers', {
    type: 'individual',
    firstName: 'José',
    lastName: 'Müller',
    email: 'jose.muller@example.com',
  });
  const priya = await p('/v1/payers', {
    type: 'individual',
    firstName: 'Priya',
    lastName: 'Raman',
    email: 'priya.raman@example.com',
    phone: '408-555-0142',
  });

  const consultation = await p('/v1/fee-items', {
    name: 'Consultation',
    description: 'Attorney consultation (hourly)',
    unitPrice: '350.00',
  });
  const h1b = await p('/v1/fee-items', {
    name: 'H-1B Petition',
    description: 'I-129 petition preparation and filing',
    unitPrice: '2500.00',
  });
  const i130 = await p('/v1/fee-items', {
    name: 'I-130 Family Petition',
    description: 'Petition for alien relative',
    unitPrice: '1800.00',
  });
  const filingFee = await p('/v1/fee-items', {
    name: 'USCIS Filing Fee',
    description: 'Government filing fee (pass-through)',
    unitPrice: '675.00',
  });

  const invoices = [
    await p<Created & { number: string }>('/v1/invoices', {
      payerId: obrien.id,
      invoiceDate: '2026-11-20',
      dueDate: '2026-12-20',
      caseReference: 'H1B-2026-117',
      memo: 'H-1B petition for R. Singh',
      lines: [
        { feeItemId: consultation.id, quantity: 1.5 },
        { feeItemId: h1b.id, quantity: 1 },
        { feeItemId: filingFee.id, quantity: 1, description: 'USCIS I-129 filing fee' },
      ],
    }),
    await p<Created & { number: string }>('/v1/invoices', {
      payerId: jose.id,
      invoiceDate: '2026-11-21',
      dueDate: '2026-12-05',
      caseReference: 'FAM-2026-042',
      lines: [
        { feeItemId: i130.id, quantity: 1 },
        { feeItemId: filingFee.id, quantity: 1 },
      ],
    }),
    await p<Created & { number: string }>('/v1/invoices', {
      payerId: priya.id,
      invoiceDate: '2026-11-22',
      dueDate: '2026-11-22',
      lines: [
        {
          feeItemId: consultation.id,
          quantity: 1,
          unitPrice: '250.00',
          description: 'Initial consultation (discounted)',
        },
      ],
    }),
  ];
  return { payers: 3, feeItems: 4, invoices: invoices.map((i) => ({ id: i.id, number: i.number })) };
}
