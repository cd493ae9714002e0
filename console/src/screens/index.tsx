// Which screen a path shows, for someone signed in.
import { PageHeading } from '../components/Layout';
import { useTitle } from '../hooks';
import { Link, matchRoute, type Location } from '../router';
import { DriftReport } from './DriftReport';
import { FeeItems } from './FeeItems';
import { InvoicePage } from './InvoicePage';
import { Invoices } from './Invoices';
import { Mapping } from './Mapping';
import { NewInvoice } from './NewInvoice';
import { Payers } from './Payers';
import { QuickBooksSetup } from './QuickBooksSetup';
import { SyncLog } from './SyncLog';
import { Users } from './Users';

export function Screen({ location }: { location: Location }) {
  const route = matchRoute(location.path);
  switch (route.name) {
    case 'home':
    case 'invoices':
      return <Invoices search={location.search} />;
    case 'newInvoice':
      return <NewInvoice />;
    case 'invoice':
      return <InvoicePage key={route.id} id={route.id} />;
    case 'mapping':
      return <Mapping />;
    case 'quickbooks':
      return <QuickBooksSetup search={location.search} />;
    case 'syncLog':
      return <SyncLog search={location.search} />;
    case 'driftReport':
      return <DriftReport />;
    case 'payers':
      return <Payers />;
    case 'feeItems':
      return <FeeItems />;
    case 'users':
      return <Users />;
    case 'setPassword':
    case 'notFound':
      return <NotFound />;
  }
}

function NotFound() {
  useTitle('Page not found');
  return (
    <>
      <PageHeading>Page not found</PageHeading>
      <p>
        There is no page at this address. Go to the <Link href="/invoices">invoice list</Link>.
      </p>
    </>
  );
}
