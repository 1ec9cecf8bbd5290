import { useEffect, useState } from 'preact/hooks';
import { ApiError, session, type SessionView } from '../api';

/**
 * Before the token expires, offers to renew it with the password (a token obtained from another
 * token keeps its expiry, so only the password gives a new one); at expiry the page signs out.
 */
export function Renewal({ session: s, onSession }: { session: SessionView; onSession: (s: SessionView | null) => void }) {
  const endsAt = Date.now() + s.seconds_left * 1000;
  const [left, setLeft] = useState(s.seconds_left);
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    const t = setInterval(() => {
      const l = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      setLeft(l);
      if (l === 0) onSession(null);
    }, 1000);
    return () => clearInterval(t);
  }, [s.expires_at]);
  if (left > s.renew_before_seconds) return null;
  const renew = async (e: Event) => {
    e.preventDefault();
    try { onSession(await session.renew(password)); setPassword(''); setError(''); }
    catch (x) { setError((x as ApiError).message); }
  };
  // minutes only: the announcement changes once a minute, not every second
  const minutes = Math.max(1, Math.ceil(left / 60));
  return (
    <form class="renewal" aria-label="Session ending" onSubmit={renew}>
      <span aria-live="polite">Your session ends in {minutes === 1 ? 'less than a minute' : `${minutes} minutes`}. Enter your password to stay signed in.</span>
      <label><span class="sr-only">Password</span>
        <input type="password" value={password} onInput={e => setPassword(e.currentTarget.value)} autoComplete="current-password" required /></label>
      <button type="submit">Stay signed in</button>
      {error && <span class="error">{error}</span>}
    </form>
  );
}
