// Labelled form controls that show the API's error next to the field it names (`field` in the answer).
import type { ComponentChildren, PartialInputHTMLAttributes, TextareaHTMLAttributes } from 'preact';
import { useId } from 'preact/hooks';
import { ApiError } from '../api';

/** The API's message when `error` is about this field. */
export function errorFor(error: unknown, field: string): string | undefined {
  return error instanceof ApiError && error.field === field ? error.message : undefined;
}

interface Common {
  label: ComponentChildren;
  /** The API's name for the field ("lines.0.quantity"), matched against an error's `field`. */
  field: string;
  error?: unknown;
  hint?: ComponentChildren;
  class?: string;
}

function useFieldIds(field: string, error: unknown, hint: unknown) {
  const id = useId();
  const message = errorFor(error, field);
  const describedBy = [hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return { id, message, describedBy };
}

function Extras({ id, hint, message }: { id: string; hint: ComponentChildren; message: string | undefined }) {
  return (
    <>
      {hint ? (
        <span class="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {message ? (
        <span class="field-error" id={`${id}-error`}>
          {message}
        </span>
      ) : null}
    </>
  );
}

type InputExtras = Pick<
  PartialInputHTMLAttributes<HTMLInputElement>,
  | 'autoComplete'
  | 'required'
  | 'minLength'
  | 'maxLength'
  | 'placeholder'
  | 'inputMode'
  | 'disabled'
  | 'readOnly'
  | 'min'
  | 'max'
> & {
  type?: 'text' | 'email' | 'password' | 'date' | 'tel' | 'search' | 'url';
};

type InputProps = Common & InputExtras & { value: string; onValue: (value: string) => void };

export function TextField({
  label,
  field,
  error,
  hint,
  class: className,
  value,
  onValue,
  type = 'text',
  ...input
}: InputProps) {
  const { id, message, describedBy } = useFieldIds(field, error, hint);
  return (
    <div class={`field${message ? ' invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      {/* preact types each input type's roles separately; any of ours is a plain text-like input */}
      <input
        type={type as 'text'}
        id={id}
        data-field={field}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={message ? 'true' : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      <Extras id={id} hint={hint} message={message} />
    </div>
  );
}

type TextAreaProps = Common &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'label' | 'value' | 'class' | 'id'> & {
    value: string;
    onValue: (value: string) => void;
  };

export function TextAreaField({
  label,
  field,
  error,
  hint,
  class: className,
  value,
  onValue,
  ...textarea
}: TextAreaProps) {
  const { id, message, describedBy } = useFieldIds(field, error, hint);
  return (
    <div class={`field${message ? ' invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      <textarea
        id={id}
        data-field={field}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={message ? 'true' : undefined}
        aria-describedby={describedBy}
        {...textarea}
      />
      <Extras id={id} hint={hint} message={message} />
    </div>
  );
}

/** `Value`: what the options can be (a select only ever gives back one of its options' values). */
type SelectProps<Value extends string> = Common &
  Pick<PartialInputHTMLAttributes<HTMLInputElement>, 'required' | 'disabled'> & {
    value: Value;
    onValue: (value: Value) => void;
    options: Array<{ value: Value; label: string; disabled?: boolean }>;
  };

export function SelectField<Value extends string>({
  label,
  field,
  error,
  hint,
  class: className,
  value,
  onValue,
  options,
  ...select
}: SelectProps<Value>) {
  const { id, message, describedBy } = useFieldIds(field, error, hint);
  return (
    <div class={`field${message ? ' invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      <select
        id={id}
        data-field={field}
        value={value}
        onChange={(e) => onValue(e.currentTarget.value as Value)}
        aria-invalid={message ? 'true' : undefined}
        aria-describedby={describedBy}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
      <Extras id={id} hint={hint} message={message} />
    </div>
  );
}

export function CheckboxField({
  label,
  field,
  error,
  hint,
  checked,
  onChecked,
  disabled,
}: Common & { checked: boolean; onChecked: (checked: boolean) => void; disabled?: boolean }) {
  const { id, message, describedBy } = useFieldIds(field, error, hint);
  return (
    <div class={`field field-check${message ? ' invalid' : ''}`}>
      <input
        type="checkbox"
        id={id}
        data-field={field}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChecked(e.currentTarget.checked)}
        aria-describedby={describedBy}
      />
      <label for={id}>{label}</label>
      <Extras id={id} hint={hint} message={message} />
    </div>
  );
}

/** A form's submit and Cancel buttons. */
export function FormActions({
  label,
  busy,
  onCancel,
}: {
  label: ComponentChildren;
  busy: boolean;
  onCancel: () => void;
}) {
  return (
    <div class="form-actions">
      <button type="submit" class="button button-primary" disabled={busy}>
        {label}
      </button>
      <button type="button" class="button button-quiet" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** After a refused save: move focus to the field the API named, so the message next to it is read. */
export function focusField(form: HTMLElement | null, error: unknown): void {
  if (!form || !(error instanceof ApiError) || !error.field) return;
  window.setTimeout(() => {
    const target = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(error.field ?? '')}"]`);
    target?.focus();
  }, 0);
}
