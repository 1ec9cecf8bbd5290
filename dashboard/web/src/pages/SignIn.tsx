import { useState } from 'preact/hooks';
import { ApiError, session, type SessionView } from '../api';

export function SignIn({ onSignedIn }: { onSignedIn: (s: SessionView) => void }) {
  const [domain, setDomain] = useState('Default');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await session.signIn(domain, username, password));
    } catch (x) {
      setError((x as ApiError).message);
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <form onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Altus</h1>
        <p class="muted">Sign in to your cloud</p>
        {error && <p class="error" role="alert">{error}</p>}
        <label>Domain<input name="domain" value={domain} onInput={e => setDomain(e.currentTarget.value)} required autoComplete="organization" /></label>
        <label>User name<input name="username" value={username} onInput={e => setUsername(e.currentTarget.value)} required autoFocus autoComplete="username" /></label>
        <label>Password<input name="password" type="password" value={password} onInput={e => setPassword(e.currentTarget.value)} required autoComplete="current-password" /></label>
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
