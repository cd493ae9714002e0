// Fee items: name, description and unit price; the list, and adding or editing one.
import { useState } from 'preact/hooks';
import { api, loadFeeItems } from '../api';
import { FormActions, TextAreaField, TextField } from '../components/Field';
import { Money } from '../components/Money';
import { ErrorNotice } from '../components/Notice';
import { RecordList } from '../components/RecordList';
import { useFormAction } from '../hooks';
import type { FeeItem, FeeItemInput } from '../types';

function FeeItemForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial?: FeeItem;
  onSaved: (item: FeeItem) => Promise<void>;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [unitPrice, setUnitPrice] = useState(initial?.unitPrice ?? '');
  const { busy, error, form, submit: send } = useFormAction();

  const submit = (event: Event) => {
    event.preventDefault();
    const body: FeeItemInput = {
      name: name.trim(),
      unitPrice: unitPrice.trim(),
      ...(description.trim() && { description: description.trim() }),
    };
    void send(async () =>
      onSaved(
        initial
          ? await api.put<FeeItem>(`/v1/fee-items/${initial.id}`, body)
          : await api.post<FeeItem>('/v1/fee-items', body),
      ),
    );
  };

  return (
    <form ref={form} class="form" onSubmit={submit} noValidate aria-label={initial ? 'Edit fee item' : 'New fee item'}>
      <ErrorNotice error={error} title="The fee item was not saved." />
      <div class="grid-2">
        <TextField
          label="Name"
          field="name"
          required
          maxLength={100}
          value={name}
          onValue={setName}
          error={error}
          hint="Also its name in QuickBooks."
        />
        <TextField
          label="Unit price"
          field="unitPrice"
          inputMode="decimal"
          required
          value={unitPrice}
          onValue={setUnitPrice}
          error={error}
          hint="For example 350.00"
        />
        <TextAreaField
          label="Description"
          field="description"
          rows={2}
          maxLength={4000}
          value={description}
          onValue={setDescription}
          error={error}
          class="wide"
        />
      </div>
      <FormActions label={initial ? 'Save fee item' : 'Add fee item'} busy={busy} onCancel={onCancel} />
    </form>
  );
}

export function FeeItems() {
  return (
    <RecordList<FeeItem>
      title="Fee items"
      one="fee item"
      load={loadFeeItems}
      nameOf={(item) => item.name}
      headings={
        <>
          <th scope="col">Description</th>
          <th scope="col" class="num">
            Unit price
          </th>
        </>
      }
      cells={(item) => (
        <>
          <td>{item.description ?? <span class="muted">—</span>}</td>
          <td class="num">
            <Money amount={item.unitPrice} />
          </td>
        </>
      )}
      form={(initial, saved, cancel) => <FeeItemForm initial={initial} onSaved={saved} onCancel={cancel} />}
    />
  );
}
