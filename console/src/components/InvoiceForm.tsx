// The invoice form, for a new invoice (POST /v1/invoices) and for a revision (PUT /v1/invoices/:id).
import { useState } from 'preact/hooks';
import { ApiError, loadFeeItems, loadPayers } from '../api';
import { formatMoney, payerName, today } from '../format';
import { useFormAction, useLoad } from '../hooks';
import { Link } from '../router';
import type { Invoice, InvoiceInput } from '../types';
import { FormActions, SelectField, TextAreaField, TextField } from './Field';
import { ErrorNotice, Loading } from './Notice';

interface LineDraft {
  key: number;
  feeItemId: string;
  quantity: string;
  unitPrice: string;
  description: string;
}

let nextKey = 1;
const blankLine = (): LineDraft => ({ key: nextKey++, feeItemId: '', quantity: '1', unitPrice: '', description: '' });

/** quantity × price in cents, for the preview only (the API computes the real amounts). */
function previewCents(quantity: string, price: string | undefined): number | null {
  if (!price || !/^\d+(\.\d{1,4})?$/.test(quantity.trim()) || !/^\d+(\.\d{1,2})?$/.test(price.trim())) return null;
  const [whole = '0', fraction = ''] = price.trim().split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return Math.round(Number(quantity) * cents);
}

const centsText = (cents: number) => formatMoney(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);

export interface InvoiceFormProps {
  initial?: Invoice;
  submitLabel: string;
  onSubmit: (input: InvoiceInput) => Promise<void>;
  onCancel: () => void;
}

async function loadChoices() {
  const [payers, feeItems] = await Promise.all([loadPayers(), loadFeeItems()]);
  return { payers, feeItems };
}

export function InvoiceForm({ initial, submitLabel, onSubmit, onCancel }: InvoiceFormProps) {
  const choices = useLoad(loadChoices, []);
  const [payerId, setPayerId] = useState(initial?.payerId ?? '');
  const [invoiceDate, setInvoiceDate] = useState(initial?.invoiceDate ?? today());
  const [dueDate, setDueDate] = useState(initial?.dueDate ?? today(30));
  const [number, setNumber] = useState(initial?.number ?? '');
  const [memo, setMemo] = useState(initial?.memo ?? '');
  const [caseReference, setCaseReference] = useState(initial?.caseReference ?? '');
  const [lines, setLines] = useState<LineDraft[]>(
    initial?.lines.map((l) => ({
      key: nextKey++,
      feeItemId: l.feeItemId,
      quantity: String(l.quantity),
      unitPrice: l.unitPrice,
      description: l.description ?? '',
    })) ?? [blankLine()],
  );
  const { busy, error, form, submit: send, refuse } = useFormAction();

  if (choices.loading && !choices.data) return <Loading what="payers and fee items" />;
  if (choices.error || !choices.data)
    return <ErrorNotice error={choices.error} title="The payers and fee items could not be loaded." />;
  const { payers, feeItems } = choices.data;
  if (payers.length === 0 || feeItems.length === 0) {
    return (
      <p class="notice notice-info">
        An invoice needs a payer and at least one fee item.{' '}
        {payers.length === 0 ? <Link href="/payers">Add a payer</Link> : null}
        {payers.length === 0 && feeItems.length === 0 ? ' and ' : null}
        {feeItems.length === 0 ? <Link href="/fee-items">add a fee item</Link> : null} first.
      </p>
    );
  }
  const feeItemById = new Map(feeItems.map((f) => [f.id, f]));

  const update = (key: number, change: Partial<LineDraft>) =>
    setLines(lines.map((l) => (l.key === key ? { ...l, ...change } : l)));
  const total = lines.reduce<number | null>((sum, l) => {
    const cents = previewCents(l.quantity, l.unitPrice.trim() || feeItemById.get(l.feeItemId)?.unitPrice);
    return sum === null || cents === null ? null : sum + cents;
  }, 0);

  /** What the API would refuse in its own words, said plainly first. */
  const missingChoice = (): ApiError | null => {
    if (!payerId) return new ApiError(400, 'validation', 'Choose the payer.', 'payerId');
    const line = lines.findIndex((l) => !l.feeItemId);
    if (line >= 0)
      return new ApiError(400, 'validation', `Choose a fee item for line ${line + 1}.`, `lines.${line}.feeItemId`);
    return null;
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const missing = missingChoice();
    if (missing) return refuse(missing);
    const input: InvoiceInput = {
      payerId,
      invoiceDate,
      dueDate,
      lines: lines.map((l) => ({
        feeItemId: l.feeItemId,
        quantity: l.quantity.trim(),
        ...(l.unitPrice.trim() && { unitPrice: l.unitPrice.trim() }),
        ...(l.description.trim() && { description: l.description.trim() }),
      })),
      ...(number.trim() && { number: number.trim() }),
      ...(memo.trim() && { memo: memo.trim() }),
      ...(caseReference.trim() && { caseReference: caseReference.trim() }),
    };
    void send(() => onSubmit(input));
  };

  return (
    <form
      ref={form}
      class="form invoice-form"
      onSubmit={submit}
      noValidate
      aria-label={initial ? `Revise invoice ${initial.number}` : 'New invoice'}
    >
      <ErrorNotice error={error} title="The invoice was not saved." />
      <div class="grid-2">
        <SelectField
          label="Payer"
          field="payerId"
          required
          value={payerId}
          onValue={setPayerId}
          error={error}
          options={[
            { value: '', label: 'Choose a payer…', disabled: true },
            ...payers.map((p) => ({ value: p.id, label: payerName(p) })),
          ]}
        />
        <TextField
          label="Invoice number (optional)"
          field="number"
          maxLength={21}
          value={number}
          onValue={setNumber}
          error={error}
          hint={initial ? undefined : 'Left empty, the next number is given.'}
        />
        <TextField
          label="Invoice date"
          field="invoiceDate"
          type="date"
          required
          value={invoiceDate}
          onValue={setInvoiceDate}
          error={error}
        />
        <TextField
          label="Due date"
          field="dueDate"
          type="date"
          required
          value={dueDate}
          onValue={setDueDate}
          error={error}
        />
        <TextField
          label="Case reference"
          field="caseReference"
          maxLength={200}
          value={caseReference}
          onValue={setCaseReference}
          error={error}
        />
        <TextAreaField
          label="Memo"
          field="memo"
          rows={2}
          maxLength={1000}
          value={memo}
          onValue={setMemo}
          error={error}
        />
      </div>

      <h2 class="section-title">Lines</h2>
      <ErrorNotice
        error={
          error instanceof Error && 'field' in error && (error as { field?: string }).field === 'lines' ? error : null
        }
      />
      {lines.map((line, index) => {
        const feeItem = feeItemById.get(line.feeItemId);
        const cents = previewCents(line.quantity, line.unitPrice.trim() || feeItem?.unitPrice);
        return (
          <fieldset class="line" key={line.key}>
            <legend>Line {index + 1}</legend>
            <div class="line-fields">
              <SelectField
                label="Fee item"
                field={`lines.${index}.feeItemId`}
                required
                value={line.feeItemId}
                onValue={(value) => update(line.key, { feeItemId: value })}
                error={error}
                options={[
                  { value: '', label: 'Choose a fee item…', disabled: true },
                  ...feeItems.map((f) => ({ value: f.id, label: f.name })),
                ]}
              />
              <TextField
                label="Quantity"
                field={`lines.${index}.quantity`}
                inputMode="decimal"
                required
                class="narrow"
                value={line.quantity}
                onValue={(value) => update(line.key, { quantity: value })}
                error={error}
              />
              <TextField
                label="Unit price"
                field={`lines.${index}.unitPrice`}
                inputMode="decimal"
                class="narrow"
                placeholder={feeItem ? formatMoney(feeItem.unitPrice) : 'Default'}
                value={line.unitPrice}
                onValue={(value) => update(line.key, { unitPrice: value })}
                error={error}
              />
              <TextField
                label="Description"
                field={`lines.${index}.description`}
                placeholder="Optional"
                maxLength={4000}
                value={line.description}
                onValue={(value) => update(line.key, { description: value })}
                error={error}
              />
              <p class="line-amount">
                <span class="label">Amount</span> <span class="money">{cents === null ? '—' : centsText(cents)}</span>
              </p>
              <button
                type="button"
                class="button button-quiet button-small"
                disabled={lines.length === 1}
                onClick={() => setLines(lines.filter((l) => l.key !== line.key))}
              >
                Remove line {index + 1}
              </button>
            </div>
          </fieldset>
        );
      })}
      <div class="form-row">
        <button type="button" class="button button-secondary" onClick={() => setLines([...lines, blankLine()])}>
          Add line
        </button>
        <p class="form-total">
          <span class="label">Estimated total</span>{' '}
          <span class="money">{total === null ? '—' : centsText(total)}</span>
        </p>
      </div>
      <FormActions label={submitLabel} busy={busy} onCancel={onCancel} />
    </form>
  );
}
