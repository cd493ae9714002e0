// Signed out: the sign-in form (POST /v1/session, then the new CSRF token from its answer).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { TextField } from '../components/Field';
import { ErrorNotice } from '../components/Notice';
import { useFormAction, useTitle } from '../hooks';
import type { SessionInfo, SignInInput } from '../types';

function signInError(error: unknown): unknown {
  if (error instanceof ApiError && error.status === 401)
    return new Error('That email and password do not match a user. Check both and try again.');
  if (error instanceof ApiError && error.status === 429)
    return new Error('Too many sign-in attempts. Wait a minute, then try again.');
  return error;
}

export function SignIn({
  onSignedIn,
  email: initialEmail = '',
  notice,
}: {
  onSignedIn: (session: SessionInfo) => void;
  email?: string;
  notice?: string;
}) {
  useTitle('Sign in');
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const { busy, error: refusal, form, run } = useFormAction();
  const error = signInError(refusal);

  const submit = (event: Event) => {
    event.preventDefault();
    // A refused sign-in starts the password again, whatever field the API named.
    void run(
      async () =>
        onSignedIn(await api.post<SessionInfo>('/v1/session', { email: email.trim(), password } satisfies SignInInput)),
      () => {
        setPassword('');
        window.setTimeout(() => form.current?.querySelector<HTMLInputElement>('input[type=password]')?.focus(), 0);
      },
    );
  };

  return (
    <main id="main" class="signin" tabIndex={-1}>
      <div class="signin-card">
        <p class="signin-product">Billing console</p>
        <h1 tabIndex={-1}>Sign in</h1>
        {notice ? (
          <p class="notice notice-success" role="status">
            {notice}
          </p>
        ) : null}
        <form ref={form} onSubmit={submit} noValidate aria-label="Sign in">
          <ErrorNotice error={error} />
          <TextField
            label="Email"
            field="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onValue={setEmail}
            error={error}
          />
          <TextField
            label="Password"
            field="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onValue={setPassword}
            error={error}
          />
          <button type="submit" class="button button-primary button-wide" disabled={busy}>
            Sign in
          </button>
        </form>
        <p class="muted small">Forgot your password? Your firm's admin can send you a link to set a new one.</p>
      </div>
    </main>
  );
}
