// Users (admin): who can sign in to the firm's console, with which role; add, change role, remove,
// and reset a password with a one-time link.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { announce } from '../announce';
import { FormActions, SelectField, TextField } from '../components/Field';
import { PageHeading } from '../components/Layout';
import { DateTimeText } from '../components/Money';
import { NeedsRole } from '../components/NeedsRole';
import { ErrorNotice, InlineError, Loading } from '../components/Notice';
import { OneTimeLink } from '../components/OneTimeLink';
import { ROLE_HELP, ROLE_WORDS } from '../format';
import { useAction, useFormAction, useLoad, useTitle } from '../hooks';
import { isAdmin, useSession } from '../session';
import type {
  FirmUser,
  NewUserInput,
  PasswordLink,
  Role,
  User,
  UserAnswer,
  UserChange,
  UserCreated,
  UserList,
} from '../types';
import { ActionsHeading, TableWrap } from '../components/TableWrap';

const ROLE_OPTIONS = (['admin', 'billing', 'viewer'] as Role[]).map((role) => ({
  value: role,
  label: `${ROLE_WORDS[role]}: ${ROLE_HELP[role]}`,
}));

function AddUser({
  onAdded,
  onCancel,
}: {
  onAdded: (user: User, link: string | undefined) => Promise<void>;
  onCancel: () => void;
}) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('billing');
  const [password, setPassword] = useState('');
  const { busy, error, form, submit: send } = useFormAction();

  const submit = (event: Event) => {
    event.preventDefault();
    void send(async () => {
      const answer = await api.post<UserCreated>('/v1/users', {
        email: email.trim(),
        name: name.trim(),
        role,
        ...(password && { password }),
      } satisfies NewUserInput);
      await onAdded(answer.user, answer.setPasswordUrl);
    });
  };

  return (
    <form ref={form} class="form" onSubmit={submit} noValidate aria-label="Add user">
      <ErrorNotice error={error} title="The user was not added." />
      <div class="grid-2">
        <TextField
          label="Name"
          field="name"
          required
          maxLength={200}
          autoComplete="off"
          value={name}
          onValue={setName}
          error={error}
        />
        <TextField
          label="Email"
          field="email"
          type="email"
          required
          autoComplete="off"
          value={email}
          onValue={setEmail}
          error={error}
        />
        <SelectField label="Role" field="role" value={role} onValue={setRole} error={error} options={ROLE_OPTIONS} />
        <TextField
          label="Password (optional)"
          field="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onValue={setPassword}
          error={error}
          hint="Leave empty to get a one-time link they use to choose their own (10 to 200 characters)."
        />
      </div>
      <FormActions label="Add user" busy={busy} onCancel={onCancel} />
    </form>
  );
}

function UserRow({
  person,
  self,
  onChanged,
  onLink,
}: {
  person: FirmUser;
  self: boolean;
  onChanged: () => Promise<void>;
  onLink: (name: string, url: string) => void;
}) {
  const { busy, error, run } = useAction();
  const [confirming, setConfirming] = useState(false);
  // After a refusal the list is read again: someone else may have changed this user meanwhile.
  const act = (call: () => Promise<void>) => run(call, onChanged);

  return (
    <tr>
      <th scope="row">
        {person.name}
        {self ? <span class="tag">You</span> : null}
      </th>
      <td>{person.email}</td>
      <td>
        <label class="visually-hidden" for={`role-${person.id}`}>
          Access for {person.name}
        </label>
        <select
          id={`role-${person.id}`}
          value={person.role}
          disabled={busy}
          onChange={(e) => {
            const role = e.currentTarget.value as Role;
            void act(async () => {
              await api.patch<UserAnswer>(`/v1/users/${person.id}`, { role } satisfies UserChange);
              announce(`${person.name} is now ${ROLE_WORDS[role]}`);
              await onChanged();
            });
          }}
        >
          {(['admin', 'billing', 'viewer'] as Role[]).map((role) => (
            <option key={role} value={role}>
              {ROLE_WORDS[role]}
            </option>
          ))}
        </select>
      </td>
      <td>{person.passwordSet ? 'Set' : <span class="muted">Not set yet</span>}</td>
      <td class="nowrap">
        <DateTimeText at={person.createdAt} />
      </td>
      <td class="actions">
        <button
          type="button"
          class="button button-quiet button-small"
          disabled={busy}
          aria-label={`Reset password of ${person.name}`}
          onClick={() =>
            void act(async () => {
              const { setPasswordUrl } = await api.post<PasswordLink>(`/v1/users/${person.id}/password-reset`);
              onLink(person.name, setPasswordUrl);
              announce(`A set-password link for ${person.name} is ready`);
            })
          }
        >
          Reset password
        </button>
        {confirming ? (
          <span class="confirm" role="group" aria-label={`Confirm removing ${person.name}`}>
            <span>Remove {person.name}? They are signed out at once.</span>
            <button
              type="button"
              class="button button-danger button-small"
              disabled={busy}
              onClick={() =>
                void act(async () => {
                  await api.del(`/v1/users/${person.id}`);
                  announce(`${person.name} removed`);
                  await onChanged();
                })
              }
            >
              Confirm remove
            </button>
            <button type="button" class="button button-quiet button-small" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button
            type="button"
            class="button button-quiet button-small"
            disabled={busy}
            aria-label={`Remove ${person.name}`}
            onClick={() => setConfirming(true)}
          >
            Remove
          </button>
        )}
        <InlineError error={error} block />
      </td>
    </tr>
  );
}

export function Users() {
  useTitle('Users');
  const { user } = useSession();
  const admin = isAdmin(user.role);
  const users = useLoad(async () => (admin ? (await api.get<UserList>('/v1/users')).users : []), []);
  const [adding, setAdding] = useState(false);
  const [link, setLink] = useState<{ name: string; url: string } | null>(null);
  if (!admin) return <NeedsRole title="Users" roles="admin" />;
  const reload = () => users.reload(true);

  return (
    <>
      <PageHeading
        actions={
          !adding ? (
            <button type="button" class="button button-primary" onClick={() => setAdding(true)}>
              Add user
            </button>
          ) : null
        }
      >
        Users
      </PageHeading>
      <p class="lede">
        People who sign in to this firm's console. Roles:{' '}
        {(['admin', 'billing', 'viewer'] as Role[]).map((r) => `${ROLE_WORDS[r]} (${ROLE_HELP[r]})`).join('; ')}.
      </p>
      {link ? <OneTimeLink url={link.url} forName={link.name} onDone={() => setLink(null)} /> : null}
      {adding ? (
        <section class="card" aria-labelledby="add-user-title">
          <h2 id="add-user-title">Add user</h2>
          <AddUser
            onCancel={() => setAdding(false)}
            onAdded={async (added, url) => {
              setAdding(false);
              if (url) setLink({ name: added.name, url });
              announce(`${added.name} added as ${ROLE_WORDS[added.role]}`);
              await reload();
            }}
          />
        </section>
      ) : null}
      {users.loading && !users.data ? <Loading what="users" /> : null}
      <ErrorNotice error={users.data ? null : users.error} title="The users could not be loaded." />
      {users.data && users.data.length > 0 ? (
        <TableWrap label="Users of this firm">
          <table class="data">
            <caption class="visually-hidden">Users of this firm</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Password</th>
                <th scope="col">Added</th>
                <ActionsHeading />
              </tr>
            </thead>
            <tbody>
              {users.data.map((person) => (
                <UserRow
                  key={person.id}
                  person={person}
                  self={person.id === user.id}
                  onChanged={reload}
                  onLink={(name, url) => setLink({ name, url })}
                />
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}
