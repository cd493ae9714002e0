// A new invoice; once saved, its own page (where Sync Now is).
import { api } from '../api';
import { announce } from '../announce';
import { InvoiceForm } from '../components/InvoiceForm';
import { PageHeading } from '../components/Layout';
import { NeedsRole } from '../components/NeedsRole';
import { useTitle } from '../hooks';
import { navigate } from '../router';
import { canWrite, useSession } from '../session';
import type { Invoice } from '../types';

export function NewInvoice() {
  useTitle('New invoice');
  const { user } = useSession();
  if (!canWrite(user.role)) return <NeedsRole title="New invoice" roles="billing or admin" />;
  return (
    <>
      <PageHeading>New invoice</PageHeading>
      <section class="card" aria-label="Invoice details">
        <InvoiceForm
          submitLabel="Create invoice"
          onSubmit={async (input) => {
            const created = await api.post<Invoice>('/v1/invoices', input);
            announce(`Invoice ${created.number} created`);
            navigate(`/invoices/${created.id}`);
          }}
          onCancel={() => navigate('/invoices')}
        />
      </section>
    </>
  );
}
