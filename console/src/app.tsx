/** The console shell: the session, the sign-in steps, navigation and the hash router. */
import { useEffect, useState, type ReactNode } from 'react';
import { getSession, post, type Session } from './api.ts';
import { Dashboard } from './pages/dashboard.tsx';
import { GroupPage, Groups } from './pages/groups.tsx';
import { MyCredentials } from './pages/my-credentials.tsx';
import { Policies, PolicyPage } from './pages/policies.tsx';
import { RolePage, Roles } from './pages/roles.tsx';
import { Settings } from './pages/settings.tsx';
import { Simulator } from './pages/simulator.tsx';
import { SwitchRole } from './pages/switch-role.tsx';
import { CreateUser, UserPage, Users } from './pages/users.tsx';
import { ForcedPasswordChange, MfaStep, SignIn } from './sign-in.tsx';
import { ErrorBox, Link } from './ui.tsx';

function useHash(): string {
  const [hash, setHash] = useState(window.location.hash.slice(1) || '/');
  useEffect(() => {
    const on = (): void => setHash(window.location.hash.slice(1) || '/');
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}


const NAV: { to: string; label: string }[] = [
  { to: '/', label: 'Dashboard' },
  { to: '/users', label: 'Users' },
  { to: '/groups', label: 'User groups' },
  { to: '/roles', label: 'Roles' },
  { to: '/policies', label: 'Policies' },
  { to: '/settings', label: 'Account settings' },
  { to: '/simulator', label: 'Policy simulator' },
  { to: '/switch-role', label: 'Switch role' },
  { to: '/my-credentials', label: 'My security credentials' },
];

function route(path: string, session: Session, setSession: (s: Session) => void): ReactNode {
  const parts = (path.split('?')[0] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  const [a, b] = parts;
  if (!a) return <Dashboard session={session} />;
  if (a === 'users' && b === undefined) return <Users />;
  if (a === 'users' && b === '$new') return <CreateUser />;
  if (a === 'users' && b) return <UserPage userName={b} session={session} />;
  if (a === 'groups') return b ? <GroupPage groupName={b} /> : <Groups />;
  if (a === 'roles') return b ? <RolePage roleName={b} /> : <Roles />;
  if (a === 'policies') return b ? <PolicyPage arn={b} /> : <Policies />;
  if (a === 'settings') return <Settings />;
  if (a === 'simulator') return <Simulator session={session} />;
  if (a === 'switch-role') return <SwitchRole session={session} onSession={setSession} />;
  if (a === 'my-credentials') return <MyCredentials session={session} onSession={setSession} />;
  return <p>No such page. <Link to="/">Go to the dashboard</Link>.</p>;
}

export function App(): ReactNode {
  const [session, setSession] = useState<Session>();
  const [error, setError] = useState<unknown>();
  const [menuOpen, setMenuOpen] = useState(false);
  const path = useHash();
  const load = (): void => {
    getSession().then(setSession, setError);
  };
  useEffect(load, []);
  useEffect(() => {
    const on = (): void => load();
    window.addEventListener('gatehouse:signed-out', on);
    return () => window.removeEventListener('gatehouse:signed-out', on);
  }, []);
  useEffect(() => setMenuOpen(false), [path]);

  if (error) return <main className="signin"><ErrorBox error={error} /></main>;
  if (!session) return <main className="signin" aria-busy="true"><p>Loading…</p></main>;
  const restart = (): void => {
    void post<Session>('sign-out', {}).then(() => load());
  };
  if (!session.signedIn) {
    if (session.stage === 'mfa') return <MfaStep session={session} onSession={setSession} onRestart={restart} />;
    if (session.stage === 'password') return <ForcedPasswordChange session={session} onSession={setSession} />;
    return <SignIn onSession={setSession} />;
  }
  const id = session.identity;
  const who = session.role ? `${session.role.displayName} (role)` : id?.kind === 'root' ? 'Root user' : id?.userName;
  const signOut = (): void => {
    void post<Session>('sign-out', {}).then(() => {
      window.location.hash = '/';
      load();
    });
  };
  return (
    <div className="shell">
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen(!menuOpen)}>Menu</button>
        <span className="brand">Gatehouse IAM</span>
        <span className="who" data-testid="who">
          {who} @ {id?.alias ?? id?.accountId}
          {session.role ? <span className="role-badge">{session.role.arn}</span> : null}
        </span>
        <button type="button" onClick={signOut}>Sign out</button>
      </header>
      <nav id="nav" aria-label="IAM" className={menuOpen ? 'open' : ''}>
        <ul>
          {NAV.map((n) => {
            const current = n.to === '/' ? path === '/' : path === n.to || path.startsWith(`${n.to}/`);
            return (
              <li key={n.to}>
                <a href={`#${n.to}`} aria-current={current ? 'page' : undefined}>{n.label}</a>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" key={path}>{route(path, session, setSession)}</main>
    </div>
  );
}
