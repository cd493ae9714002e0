// The one-time link's page: choose a password (POST /v1/users/set-password), then sign in with it.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { TextField } from '../components/Field';
import { ErrorNotice } from '../components/Notice';
import { useFormAction, useTitle } from '../hooks';
import { Link, navigate } from '../router';
import type { SetPasswordInput, User, UserAnswer } from '../types';

export function SetPassword({ token, signedIn }: { token: string; signedIn: boolean }) {
  useTitle('Set your password');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState<User | null>(null);
  const { busy, error, form, submit: send, refuse } = useFormAction();

  const submit = (event: Event) => {
    event.preventDefault();
    if (password.length < 10) return refuse(new ApiError(400, 'validation', 'Use at least 10 characters.', 'password'));
    if (password !== repeat)
      return refuse(new ApiError(400, 'validation', 'The two passwords are not the same.', 'repeat'));
    void send(async () =>
      setDone(
        (await api.post<UserAnswer>('/v1/users/set-password', { token, password } satisfies SetPasswordInput)).user,
      ),
    );
  };

  return (
    <main id="main" class="signin" tabIndex={-1}>
      <div class="signin-card">
        <p class="signin-product">Billing console</p>
        <h1 tabIndex={-1}>Set your password</h1>
        {done ? (
          <>
            <p class="notice notice-success" role="status">
              Your password is set, {done.name}. Sign in with {done.email} and the new password.
            </p>
            <button
              type="button"
              class="button button-primary button-wide"
              onClick={() => navigate('/', { replace: true })}
            >
              {signedIn ? 'Open the console' : 'Go to sign in'}
            </button>
          </>
        ) : !token ? (
          <p class="notice notice-error" role="alert">
            This link has no token. Open the whole link you were sent, or ask your firm's admin for a new one.{' '}
            <Link href="/">Go to sign in</Link>
          </p>
        ) : (
          <form ref={form} onSubmit={submit} noValidate aria-label="Set your password">
            <ErrorNotice error={error}>
              {error instanceof ApiError && error.field === 'token' ? " Ask your firm's admin for a new link." : null}
            </ErrorNotice>
            <TextField
              label="New password"
              field="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={10}
              maxLength={200}
              value={password}
              onValue={setPassword}
              error={error}
              hint="10 to 200 characters; a few unrelated words make a good one."
            />
            <TextField
              label="Retype to confirm"
              field="repeat"
              type="password"
              autoComplete="new-password"
              required
              value={repeat}
              onValue={setRepeat}
              error={error}
            />
            <button type="submit" class="button button-primary button-wide" disabled={busy}>
              Set password
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
