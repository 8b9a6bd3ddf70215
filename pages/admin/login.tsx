import type { GetServerSideProps } from 'next';
import Head from 'next/head';
import { useRouter } from 'next/router';
import { useState, type FormEvent } from 'react';
import { adminPathAfterLogIn } from '@/lib/admin/log-in';
import { currentAdmin } from '@/lib/admin/session';

interface Props {
  /** Where to go once signed in; already checked to be a path inside /admin. */
  next: string;
}

export const getServerSideProps: GetServerSideProps<Props> = async ({ req, res, query }) => {
  res.setHeader('Cache-Control', 'private, no-store');
  const next = adminPathAfterLogIn(query.next);
  if (await currentAdmin(req, res)) return { redirect: { destination: next, permanent: false } };
  return { props: { next } };
};

async function requestLogIn(email: string, password: string): Promise<string | undefined> {
  const response = await fetch('/api/admin/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.ok) return undefined;
  if (response.status === 400) return 'Enter your email and password.';
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  return body.message ?? `Sign-in failed (${response.status}).`;
}

function textField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export default function AdminLoginPage({ next }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSubmitting(true);
    try {
      const failure = await requestLogIn(textField(form, 'email'), textField(form, 'password'));
      setError(failure);
      // replace: Back from the dashboard should not return to the login form.
      if (!failure) await router.replace(next);
    } catch {
      setError('Could not reach the server. Try again.');
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <>
      <Head>
        <title>Sign in · Admin</title>
        <meta name="robots" content="noindex" />
      </Head>
      <main className="page admin">
        <form className="login-box" onSubmit={(event) => void submit(event)}>
          <h1>Shop admin</h1>
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <p>
            <button type="submit" disabled={submitting}>
              {submitting ? 'Signing in…' : 'Sign in'}
            </button>
          </p>
        </form>
      </main>
    </>
  );
}
