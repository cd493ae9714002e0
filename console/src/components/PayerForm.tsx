// A payer: an individual, or a corporation with its billing person; contact details and address.
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import type { Address, Payer, PayerInput } from '../types';
import { useFormAction } from '../hooks';
import { FormActions, TextField } from './Field';
import { ErrorNotice } from './Notice';

const ADDRESS_FIELDS: Array<[keyof Address, string, string]> = [
  ['line1', 'Address line 1', 'address-line1'],
  ['line2', 'Address line 2', 'address-line2'],
  ['city', 'City', 'address-level2'],
  ['region', 'State or region', 'address-level1'],
  ['postalCode', 'Postal code', 'postal-code'],
  ['country', 'Country', 'country'],
];

const trimmed = <T extends object>(values: T): Partial<T> => {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(values))
    if (typeof value === 'string' && value.trim()) (out as Record<string, string>)[key] = value.trim();
  return out;
};

export function PayerForm({
  initial,
  onSubmit,
  onCancel,
}: {
  initial?: Payer;
  onSubmit: (input: PayerInput) => Promise<void>;
  onCancel: () => void;
}) {
  const [type, setType] = useState<PayerInput['type']>(initial?.type ?? 'individual');
  const [v, setV] = useState({
    firstName: initial?.firstName ?? '',
    lastName: initial?.lastName ?? '',
    companyName: initial?.companyName ?? '',
    email: initial?.email ?? '',
    phone: initial?.phone ?? '',
  });
  const [bp, setBp] = useState({
    firstName: initial?.billingPerson?.firstName ?? '',
    lastName: initial?.billingPerson?.lastName ?? '',
    email: initial?.billingPerson?.email ?? '',
    phone: initial?.billingPerson?.phone ?? '',
  });
  const [address, setAddress] = useState<Required<Address>>({
    line1: '',
    line2: '',
    city: '',
    region: '',
    postalCode: '',
    country: '',
    ...(initial?.address ?? {}),
  } as Required<Address>);
  const { busy, error, form, submit: send, refuse } = useFormAction();

  /** The names each kind of payer needs, said before asking the API. */
  const missingName = (): ApiError | null => {
    const need = (value: string, field: string, words: string) =>
      value.trim() ? null : new ApiError(400, 'validation', `${words} is required.`, field);
    if (type === 'individual')
      return need(v.firstName, 'firstName', 'First name') ?? need(v.lastName, 'lastName', 'Last name');
    const company = need(v.companyName, 'companyName', 'Company name');
    if (company || !Object.values(bp).some((value) => value.trim())) return company;
    return (
      need(bp.firstName, 'billingPerson.firstName', "The billing person's first name") ??
      need(bp.lastName, 'billingPerson.lastName', "The billing person's last name")
    );
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const missing = missingName();
    if (missing) return refuse(missing);
    const addressIn = trimmed(address);
    const input: PayerInput = { type, ...trimmed({ email: v.email, phone: v.phone }) };
    if (type === 'individual') Object.assign(input, trimmed({ firstName: v.firstName, lastName: v.lastName }));
    else {
      Object.assign(input, trimmed({ companyName: v.companyName }));
      const person = trimmed(bp);
      if (Object.keys(person).length > 0) input.billingPerson = { firstName: '', lastName: '', ...person };
    }
    if (Object.keys(addressIn).length > 0) input.address = addressIn;
    void send(() => onSubmit(input));
  };

  const field = (
    name: keyof typeof v,
    label: string,
    extra: { type?: 'email' | 'tel'; autoComplete?: string; required?: boolean } = {},
  ) => (
    <TextField
      label={label}
      field={name}
      value={v[name]}
      onValue={(value) => setV({ ...v, [name]: value })}
      error={error}
      maxLength={name === 'phone' ? 30 : 100}
      {...extra}
    />
  );

  return (
    <form ref={form} class="form" onSubmit={submit} noValidate aria-label={initial ? 'Edit payer' : 'New payer'}>
      <ErrorNotice error={error} title="The payer was not saved." />
      <fieldset class="choices-inline">
        <legend>Kind of payer</legend>
        <label>
          <input
            type="radio"
            name="payer-type"
            value="individual"
            checked={type === 'individual'}
            onChange={() => setType('individual')}
          />{' '}
          Individual
        </label>
        <label>
          <input
            type="radio"
            name="payer-type"
            value="corporation"
            checked={type === 'corporation'}
            onChange={() => setType('corporation')}
          />{' '}
          Corporation
        </label>
      </fieldset>
      <div class="grid-2">
        {type === 'individual' ? (
          <>
            {field('firstName', 'First name', { autoComplete: 'given-name', required: true })}
            {field('lastName', 'Last name', { autoComplete: 'family-name', required: true })}
          </>
        ) : (
          field('companyName', 'Company name', { autoComplete: 'organization', required: true })
        )}
        {field('email', type === 'corporation' ? 'Company email' : 'Email', { type: 'email', autoComplete: 'email' })}
        {field('phone', type === 'corporation' ? 'Company phone' : 'Phone', { type: 'tel', autoComplete: 'tel' })}
      </div>
      {type === 'corporation' ? (
        <fieldset>
          <legend>Billing person</legend>
          <p class="muted small">Who receives and pays the corporation's invoices.</p>
          <div class="grid-2">
            <TextField
              label="Billing person's first name"
              field="billingPerson.firstName"
              value={bp.firstName}
              onValue={(firstName) => setBp({ ...bp, firstName })}
              error={error}
              maxLength={100}
            />
            <TextField
              label="Billing person's last name"
              field="billingPerson.lastName"
              value={bp.lastName}
              onValue={(lastName) => setBp({ ...bp, lastName })}
              error={error}
              maxLength={100}
            />
            <TextField
              label="Billing person's email"
              field="billingPerson.email"
              type="email"
              value={bp.email}
              onValue={(email) => setBp({ ...bp, email })}
              error={error}
              maxLength={100}
            />
            <TextField
              label="Billing person's phone"
              field="billingPerson.phone"
              type="tel"
              value={bp.phone}
              onValue={(phone) => setBp({ ...bp, phone })}
              error={error}
              maxLength={30}
            />
          </div>
        </fieldset>
      ) : null}
      <fieldset>
        <legend>Address</legend>
        <div class="grid-2">
          {ADDRESS_FIELDS.map(([key, label, autoComplete]) => (
            <TextField
              key={key}
              label={label}
              field={`address.${key}`}
              autoComplete={autoComplete}
              value={address[key]}
              onValue={(value) => setAddress({ ...address, [key]: value })}
              error={error}
              maxLength={key === 'postalCode' ? 30 : 255}
            />
          ))}
        </div>
      </fieldset>
      <FormActions label={initial ? 'Save payer' : 'Add payer'} busy={busy} onCancel={onCancel} />
    </form>
  );
}
