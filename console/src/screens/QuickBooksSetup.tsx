// Setup > QuickBooks Sync: the seed's checklist (subscribe, model, connect, map, activate), the
// connection's state and the sync settings. Admins change it; everyone else reads it.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { announce } from '../announce';
import { CheckboxField, SelectField } from '../components/Field';
import { Icon } from '../components/Icon';
import { PageHeading } from '../components/Layout';
import { DateTimeText } from '../components/Money';
import { ErrorNotice, InfoNotice, Loading, SuccessNotice } from '../components/Notice';
import { useAction, useTitle } from '../hooks';
import { Link } from '../router';
import { isAdmin, useSession } from '../session';
import type { ConnectAnswer, QuickBooksStatus, SettingsInput } from '../types';

function Step({
  done,
  optional = false,
  title,
  id,
  children,
}: {
  done: boolean;
  optional?: boolean;
  title: string;
  id: string;
  children: ComponentChildren;
}) {
  const state = done ? 'Done' : optional ? 'Optional but recommended' : 'To do';
  return (
    <li class={`step${done ? ' done' : ''}`}>
      <div class="step-mark" aria-hidden="true">
        <Icon name={done ? 'check' : optional ? 'link' : 'circle'} />
      </div>
      <div class="step-body">
        <h2 id={id}>
          {title} <span class={`step-state${done ? ' done' : ''}`}>{state}</span>
        </h2>
        {children}
      </div>
    </li>
  );
}

/** Runs one setup call, then refreshes the shared status and says what happened; `busy` and `error` name the call. */
function useSetupAction(refresh: () => Promise<void>) {
  const [action, setAction] = useState('');
  const { busy, error, run: send } = useAction();
  const run = (name: string, call: () => Promise<unknown>, done: string) => {
    setAction(name);
    return send(async () => {
      await call();
      await refresh();
      announce(done);
    });
  };
  return { busy: busy ? action : null, error: error ? { action, error } : null, run };
}

function ModelForm({
  status,
  admin,
  onSaved,
}: {
  status: QuickBooksStatus;
  admin: boolean;
  onSaved: () => Promise<void>;
}) {
  const [model, setModel] = useState<string>(status.syncModel ? String(status.syncModel) : '');
  const { busy, error, setError, run } = useAction();
  useEffect(() => setModel(status.syncModel ? String(status.syncModel) : ''), [status.syncModel]);
  const locked = status.active;
  // The seed's order: the model is chosen once the firm has subscribed.
  const early = !status.subscribed;
  const disabled = !admin || locked || early;

  const submit = (event: Event) => {
    event.preventDefault();
    if (!model) return setError(new Error('Choose Model 1 or Model 2 first.'));
    void run(async () => {
      await api.put('/v1/quickbooks/settings', { syncModel: model === '2' ? 2 : 1 } satisfies SettingsInput);
      await onSaved();
      announce(`Sync model ${model} saved`);
    });
  };

  return (
    <form onSubmit={submit} class="model-form">
      <fieldset disabled={disabled}>
        <legend class="visually-hidden">Sync model</legend>
        <div class="choice">
          <input
            type="radio"
            id="model-1"
            name="syncModel"
            value="1"
            checked={model === '1'}
            onChange={() => setModel('1')}
            aria-describedby="model-1-help"
          />
          <label for="model-1">Model 1: billing is the system of record</label>
          <p class="choice-help" id="model-1-help">
            Payments are recorded here in billing and sent to QuickBooks along with the invoices.
          </p>
        </div>
        <div class="choice">
          <input
            type="radio"
            id="model-2"
            name="syncModel"
            value="2"
            checked={model === '2'}
            onChange={() => setModel('2')}
            aria-describedby="model-2-help"
          />
          <label for="model-2">Model 2: payments are received in QuickBooks</label>
          <p class="choice-help" id="model-2-help">
            Turns off receiving and recording payments in billing, payment plans and credit/escrow: payments are
            received in QuickBooks and flow back here.
          </p>
        </div>
        <ErrorNotice error={error} />
        {admin ? (
          <div class="form-actions">
            <button
              type="submit"
              class="button button-primary"
              disabled={busy || locked || early}
              aria-describedby={locked ? 'model-locked' : early ? 'model-early' : undefined}
            >
              Save
            </button>
          </div>
        ) : null}
      </fieldset>
      {admin && locked ? (
        <p class="muted small" id="model-locked">
          The model can change only while sync is not active (deactivate first).
        </p>
      ) : null}
      {admin && early ? (
        <p class="muted small" id="model-early">
          Subscribe first; then choose the model.
        </p>
      ) : null}
    </form>
  );
}

function SettingsForm({
  status,
  admin,
  onSaved,
}: {
  status: QuickBooksStatus;
  admin: boolean;
  onSaved: () => Promise<void>;
}) {
  const [policy, setPolicy] = useState(status.unmappedPolicy);
  const [autoSync, setAutoSync] = useState(status.autoSync);
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setPolicy(status.unmappedPolicy);
    setAutoSync(status.autoSync);
  }, [status.unmappedPolicy, status.autoSync]);

  const submit = (event: Event) => {
    event.preventDefault();
    setSaved(false);
    void run(async () => {
      await api.put('/v1/quickbooks/settings', { unmappedPolicy: policy, autoSync } satisfies SettingsInput);
      await onSaved();
      setSaved(true);
      announce('Sync settings saved');
    });
  };

  return (
    <form onSubmit={submit} aria-label="Sync settings" class="form compact">
      <SelectField
        label="When a payer or fee item has no mapping"
        field="unmappedPolicy"
        value={policy}
        onValue={setPolicy}
        disabled={!admin}
        error={error}
        options={[
          { value: 'create', label: 'Link to a same-named QuickBooks record, or create one' },
          { value: 'hold', label: 'Hold the invoice until someone maps it' },
        ]}
      />
      <CheckboxField
        label="Sync new and revised invoices automatically"
        field="autoSync"
        checked={autoSync}
        onChecked={setAutoSync}
        disabled={!admin}
        error={error}
      />
      <ErrorNotice error={error} />
      {saved ? <p class="muted small">Saved.</p> : null}
      {admin ? (
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={busy}>
            Save
          </button>
        </div>
      ) : null}
    </form>
  );
}

function connectionWords(status: QuickBooksStatus): string {
  const c = status.connection;
  if (!c || c.status === 'disconnected') return 'Not connected';
  if (c.status === 'needs_reconnect') return `Needs reconnecting${c.companyName ? ` (${c.companyName})` : ''}`;
  return `Connected to ${c.companyName ?? `company ${c.realmId}`}`;
}

export function QuickBooksSetup({ search }: { search: URLSearchParams }) {
  useTitle('QuickBooks Sync');
  const { user, quickbooks: status, refreshQuickBooks } = useSession();
  const admin = isAdmin(user.role);
  const { busy, error, run } = useSetupAction(refreshQuickBooks);
  // Back from Intuit's consent: ?connected=1 or ?connectError=<reason> (the address keeps it, so a reload says it again).
  const [returned] = useState(() => ({
    connected: search.get('connected') === '1',
    connectError: search.get('connectError'),
  }));
  const [showReturn, setShowReturn] = useState(true);
  useEffect(() => {
    if (returned.connected || returned.connectError) void refreshQuickBooks();
  }, []);

  if (!status) return <Loading what="the QuickBooks setup" />;
  const connection = status.connection;
  const connected = connection?.status === 'connected';
  const missing = [
    !status.subscribed && 'a subscription',
    !status.syncModel && 'a sync model',
    !connected && 'a connected QuickBooks company',
  ].filter(Boolean) as string[];
  const errorFor = (action: string) => (error?.action === action ? error.error : null);

  const connect = () =>
    run(
      'connect',
      async () => {
        const { authorizeUrl } = await api.post<ConnectAnswer>('/v1/quickbooks/connect');
        window.location.assign(authorizeUrl);
      },
      'Opening QuickBooks to connect…',
    );

  return (
    <>
      <PageHeading>QuickBooks Sync</PageHeading>
      <p class="lede">
        Setup › QuickBooks Sync. Keeps invoices, payers and fee items in step with the firm's QuickBooks Online company.
      </p>
      {showReturn && returned.connected ? (
        <SuccessNotice onDismiss={() => setShowReturn(false)}>
          {connected
            ? `Connected to ${connection?.companyName ?? 'QuickBooks'}.`
            : 'QuickBooks answered; checking the connection…'}
        </SuccessNotice>
      ) : null}
      {showReturn && returned.connectError ? (
        <div class="notice notice-error" role="alert">
          <Icon name="alert" />
          <div class="notice-body">
            QuickBooks was not connected: {returned.connectError}
            {admin ? ' Try Connect to QuickBooks again.' : ''}
          </div>
        </div>
      ) : null}
      {!admin ? (
        <InfoNotice>Only your firm's admin can change the QuickBooks setup; you can see where it stands.</InfoNotice>
      ) : null}

      <ol class="checklist">
        <Step done={status.subscribed} title="Subscribe" id="step-subscribe">
          <p>
            {status.subscribed
              ? 'The firm is subscribed to QuickBooks Sync.'
              : 'Subscribe the firm to QuickBooks Sync. Unsubscribing later stops sync but deletes nothing.'}
          </p>
          {admin ? (
            status.subscribed ? (
              <button
                type="button"
                class="button button-quiet"
                disabled={busy !== null}
                onClick={() => void run('subscription', () => api.del('/v1/quickbooks/subscription'), 'Unsubscribed')}
              >
                Unsubscribe
              </button>
            ) : (
              <button
                type="button"
                class="button button-primary"
                disabled={busy !== null}
                onClick={() => void run('subscription', () => api.post('/v1/quickbooks/subscription'), 'Subscribed')}
              >
                Subscribe
              </button>
            )
          ) : null}
          <ErrorNotice error={errorFor('subscription')} />
        </Step>

        <Step done={status.syncModel !== null} title="Choose the sync model" id="step-model">
          <ModelForm status={status} admin={admin} onSaved={refreshQuickBooks} />
        </Step>

        <Step done={connected} title="Connect to QuickBooks" id="step-connect">
          <p class={`connection connection-${connection?.status ?? 'none'}`}>
            <Icon name={connected ? 'check' : connection?.status === 'needs_reconnect' ? 'alert' : 'circle'} />
            <strong>{connectionWords(status)}</strong>
            {connection && connection.status !== 'disconnected' ? (
              <span class="muted">
                {' '}
                · company {connection.realmId} · since <DateTimeText at={connection.connectedAt} />
              </span>
            ) : null}
          </p>
          {connection?.status === 'needs_reconnect' ? (
            <p>QuickBooks no longer accepts this connection; syncs are paused until it is connected again.</p>
          ) : null}
          {!connected && admin ? (
            <p class="muted small">You sign in to Intuit and approve access; you come back here afterwards.</p>
          ) : null}
          {admin ? (
            <div class="button-row">
              {!connected ? (
                <button
                  type="button"
                  class="button button-primary"
                  disabled={busy !== null || !status.syncModel}
                  aria-describedby={status.syncModel ? undefined : 'connect-early'}
                  onClick={() => void connect()}
                >
                  Connect to QuickBooks
                </button>
              ) : null}
              {!connected && !status.syncModel ? (
                <span class="muted small" id="connect-early">
                  Choose and save the sync model first.
                </span>
              ) : null}
              {connection && connection.status !== 'disconnected' ? (
                <button
                  type="button"
                  class="button button-quiet"
                  disabled={busy !== null}
                  onClick={() =>
                    void run('disconnect', () => api.post('/v1/quickbooks/disconnect'), 'QuickBooks disconnected')
                  }
                >
                  Disconnect
                </button>
              ) : null}
            </div>
          ) : null}
          <ErrorNotice error={errorFor('connect') ?? errorFor('disconnect')} />
        </Step>

        <Step done={false} optional title="Map payers and fee items" id="step-map">
          <p>
            Link billing's payers and fee items to the QuickBooks customers and items they already are, so a sync never
            creates a duplicate.
          </p>
          <p>
            <Link href="/mapping">Match billing records to QuickBooks</Link>
          </p>
        </Step>

        <Step done={status.active} title="Activate" id="step-activate">
          {status.active ? (
            <p>
              Sync is active since <DateTimeText at={status.activatedAt} />. Invoices created from then on are synced.
            </p>
          ) : (
            <p>Invoices created after activation are synced; earlier ones stay as they are.</p>
          )}
          {admin ? (
            status.active ? (
              <button
                type="button"
                class="button button-quiet"
                disabled={busy !== null}
                onClick={() => void run('activate', () => api.post('/v1/quickbooks/deactivate'), 'Sync paused')}
              >
                Deactivate
              </button>
            ) : (
              <div class="button-row">
                <button
                  type="button"
                  class="button button-primary"
                  disabled={busy !== null || missing.length > 0}
                  aria-describedby={missing.length ? 'activate-needs' : undefined}
                  onClick={() =>
                    void run('activate', () => api.post('/v1/quickbooks/activate'), 'QuickBooks sync activated')
                  }
                >
                  Activate
                </button>
                {missing.length ? (
                  <span class="muted small" id="activate-needs">
                    Needs {missing.join(', ')} first.
                  </span>
                ) : null}
              </div>
            )
          ) : null}
          <ErrorNotice error={errorFor('activate')} />
        </Step>
      </ol>

      <section class="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Sync settings</h2>
        <SettingsForm status={status} admin={admin} onSaved={refreshQuickBooks} />
      </section>

      <p>
        Every sync step and error is in the <Link href="/sync-log">Sync Log Report</Link>.
      </p>
    </>
  );
}
