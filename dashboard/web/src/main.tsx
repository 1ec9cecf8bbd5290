import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, session, setCsrf, whenSignedOut, type SessionView } from './api';
import { Shell } from './pages/Shell';
import { SignIn } from './pages/SignIn';
import './style.css';

function App() {
  const [current, setCurrent] = useState<SessionView | null | undefined>(undefined);
  const adopt = (s: SessionView | null) => {
    setCsrf(s?.csrf_token ?? '');
    setCurrent(s);
  };
  useEffect(() => {
    whenSignedOut(() => adopt(null));
    session.current().then(adopt).catch((e: ApiError) => adopt(e.status === 401 ? null : null));
  }, []);
  if (current === undefined) return <p class="loading" role="status">Loading…</p>;
  if (current === null) return <SignIn onSignedIn={adopt} />;
  return <Shell session={current} onSession={adopt} />;
}

render(<App />, document.getElementById('app')!);
