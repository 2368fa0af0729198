/** Sign-in: the password step (IAM user or root user), the MFA code, and the forced password change. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { post, type Session } from './api.ts';
import { ErrorBox, Field, PageTitle, PasswordRules, useAction } from './ui.tsx';

/** The account in the sign-in link /console/<alias or account ID>. */
function accountFromPath(): string {
  const m = /^\/console\/([^/]+)\/?$/.exec(window.location.pathname);
  return m?.[1] ? decodeURIComponent(m[1]) : '';
}

export function SignIn({ onSession }: { onSession: (s: Session) => void }): ReactNode {
  const [root, setRoot] = useState(false);
  const [account, setAccount] = useState(accountFromPath());
  const [userName, setUserName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const a = useAction();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      // The root user signs in by email address alone, as on AWS; the account is only needed for IAM users.
      const s = await post<Session>('sign-in', root ? { email, password } : { account, userName, password });
      setPassword('');
      onSession(s);
    });
  };
  return (
    <main className="signin" id="main">
      <form onSubmit={submit} aria-labelledby="signin-title">
        <PageTitle><span id="signin-title">Sign in to Gatehouse</span></PageTitle>
        <fieldset className="segmented">
          <legend>Sign in as</legend>
          <label><input type="radio" name="who" checked={!root} onChange={() => setRoot(false)} /> IAM user</label>
          <label><input type="radio" name="who" checked={root} onChange={() => setRoot(true)} /> Root user</label>
        </fieldset>
        {root ? null : <Field label="Account ID (12 digits) or account alias" name="account" value={account} onChange={setAccount} autoComplete="organization" required />}
        {root ? (
          <Field label="Root user email address" name="email" type="email" value={email} onChange={setEmail} autoComplete="username" required />
        ) : (
          <Field label="IAM user name" name="username" value={userName} onChange={setUserName} autoComplete="username" required />
        )}
        <Field label="Password" name="password" type="password" value={password} onChange={setPassword} autoComplete="current-password" required />
        <ErrorBox error={a.error} />
        <button type="submit" className="primary" disabled={a.busy}>{a.busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}

export function MfaStep({ session, onSession, onRestart }: { session: Session; onSession: (s: Session) => void; onRestart: () => void }): ReactNode {
  const [code, setCode] = useState('');
  const a = useAction();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      try {
        onSession(await post<Session>('sign-in/mfa', { code }));
      } catch (err) {
        setCode('');
        if (err instanceof Error && 'extra' in err && (err as { extra: Record<string, unknown> }).extra.restart) onRestart();
        throw err;
      }
    });
  };
  return (
    <main className="signin" id="main">
      <form onSubmit={submit}>
        <PageTitle>Multi-factor authentication</PageTitle>
        <p>Signing in as <strong>{session.identity?.userName ?? 'the root user'}</strong>. Enter the code your authenticator app shows.</p>
        <Field label="MFA code" name="mfa" value={code} onChange={setCode} inputMode="numeric" autoComplete="one-time-code" required autoFocus />
        <ErrorBox error={a.error} />
        <div className="row">
          <button type="submit" className="primary" disabled={a.busy}>Submit</button>
          <button type="button" onClick={onRestart}>Cancel</button>
        </div>
      </form>
    </main>
  );
}

export function ForcedPasswordChange({ session, onSession }: { session: Session; onSession: (s: Session) => void }): ReactNode {
  const [oldPassword, setOld] = useState('');
  const [pw, setPw] = useState('');
  const [again, setAgain] = useState('');
  const a = useAction();
  const mismatch = again !== '' && again !== pw;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (pw !== again) return;
    void a.run(async () => onSession(await post<Session>('change-password', { oldPassword, newPassword: pw })));
  };
  return (
    <main className="signin" id="main">
      <form onSubmit={submit}>
        <PageTitle>Set a new password</PageTitle>
        <p>
          {session.passwordWhy === 'expired' ? 'Your password has expired.' : 'Your administrator requires you to set a new password.'} Signed in as{' '}
          <strong>{session.identity?.userName}</strong> in account {session.identity?.alias ?? session.identity?.accountId}.
        </p>
        <Field label="Old password" type="password" name="old-password" value={oldPassword} onChange={setOld} autoComplete="current-password" required />
        <Field label="New password" type="password" name="new-password" value={pw} onChange={setPw} autoComplete="new-password" required hint="See the rules below." />
        <Field label="Retype new password" type="password" name="new-password-again" value={again} onChange={setAgain} autoComplete="new-password" required />
        {mismatch ? <p className="inline-error" role="alert">The passwords don't match.</p> : null}
        <PasswordRules policy={session.passwordPolicy} password={pw} />
        <ErrorBox error={a.error} />
        <button type="submit" className="primary" disabled={a.busy || mismatch}>Confirm password change</button>
      </form>
    </main>
  );
}
