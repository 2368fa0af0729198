/** Switch role: act as a role (sts:AssumeRole, with the trust policy's rules and the sign-in's MFA), and back. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { post, type Session } from '../api.ts';
import { ErrorBox, Field, Notice, PageTitle, useAction } from '../ui.tsx';

export function SwitchRole({ session, onSession }: { session: Session; onSession: (s: Session) => void }): ReactNode {
  const q = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  const fromLink = q.get('role') ?? '';
  const [account, setAccount] = useState(/^arn:aws:iam::(\d{12}):role\//.exec(fromLink)?.[1] ?? session.identity?.accountId ?? '');
  const [role, setRole] = useState(fromLink.replace(/^arn:aws:iam::\d{12}:role\//, ''));
  const [display, setDisplay] = useState('');
  const a = useAction();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      const roleArn = role.startsWith('arn:') ? role : `arn:aws:iam::${account}:role/${role}`;
      onSession(await post<Session>('switch-role', { roleArn, displayName: display || role.split('/').pop() }));
      window.location.hash = '/';
    });
  };
  const back = (): void => {
    void a.run(async () => onSession(await post<Session>('switch-back', {})));
  };
  return (
    <>
      <PageTitle>Switch role</PageTitle>
      {session.role ? (
        <Notice>
          You are acting as <strong>{session.role.displayName}</strong> (<code>{session.role.arn}</code>) until {new Date(session.role.expiresAt).toLocaleTimeString()}.{' '}
          <button type="button" onClick={back}>Switch back to {session.identity?.userName ?? 'root user'}</button>
        </Notice>
      ) : null}
      <form className="panel" onSubmit={submit}>
        <p>Act with a role's permissions. The role's trust policy must allow you; a condition on MFA is met when you signed in with MFA.</p>
        <Field label="Account ID" name="role-account" value={account} onChange={setAccount} required />
        <Field label="Role name (or path/name)" name="role-name" value={role} onChange={setRole} required />
        <Field label="Display name (optional)" name="display-name" value={display} onChange={setDisplay} />
        <ErrorBox error={a.error} />
        <button type="submit" className="primary" disabled={a.busy}>Switch role</button>
      </form>
    </>
  );
}
