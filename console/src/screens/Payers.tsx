// Payers: the list, and adding or editing one (individuals, or corporations with a billing person).
import { api, loadPayers } from '../api';
import { PayerForm } from '../components/PayerForm';
import { RecordList } from '../components/RecordList';
import { payerName } from '../format';
import type { Payer } from '../types';

export function Payers() {
  return (
    <RecordList<Payer>
      title="Payers"
      one="payer"
      load={loadPayers}
      nameOf={payerName}
      headings={
        <>
          <th scope="col">Kind</th>
          <th scope="col">Email</th>
          <th scope="col">Phone</th>
          <th scope="col">Billing person</th>
        </>
      }
      cells={(payer) => (
        <>
          <td>{payer.type === 'corporation' ? 'Corporation' : 'Individual'}</td>
          <td>{payer.email ?? <span class="muted">—</span>}</td>
          <td>{payer.phone ?? <span class="muted">—</span>}</td>
          <td>
            {payer.billingPerson ? (
              <>
                {payer.billingPerson.firstName} {payer.billingPerson.lastName}
                {payer.billingPerson.email ? <span class="muted small block">{payer.billingPerson.email}</span> : null}
              </>
            ) : (
              <span class="muted">—</span>
            )}
          </td>
        </>
      )}
      form={(initial, saved, cancel) => (
        <PayerForm
          initial={initial}
          onSubmit={async (input) =>
            saved(
              initial
                ? await api.put<Payer>(`/v1/payers/${initial.id}`, input)
                : await api.post<Payer>('/v1/payers', input),
            )
          }
          onCancel={cancel}
        />
      )}
    />
  );
}
