/** My security credentials: one's own password, MFA devices and access keys. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { post, type Session } from '../api.ts';
import { ErrorBox, Field, Notice, PageTitle, Section, useAction } from '../ui.tsx';
import { AccessKeys, MfaDevices } from './credentials.tsx';

function ChangeOwnPassword({ onSession }: { onSession: (s: Session) => void }): ReactNode {
  const [old, setOld] = useState('');
  const [pw, setPw] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const a = useAction();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (pw !== again) return;
    void a.run(async () => {
      onSession(await post<Session>('change-password', { oldPassword: old, newPassword: pw }));
      setOld('');
      setPw('');
      setAgain('');
      setDone(true);
    });
  };
  return (
    <Section title="Console password">
      {done ? <Notice kind="success">Your password was changed.</Notice> : null}
      <form onSubmit={submit} className="subform">
        <Field label="Current password" type="password" value={old} onChange={setOld} autoComplete="current-password" required />
        <Field label="New password" type="password" value={pw} onChange={setPw} autoComplete="new-password" required />
        <Field label="Retype new password" type="password" value={again} onChange={setAgain} autoComplete="new-password" required />
        {again !== '' && again !== pw ? <p className="inline-error" role="alert">The passwords don't match.</p> : null}
        <ErrorBox error={a.error} />
        <button type="submit" disabled={a.busy}>Change password</button>
      </form>
    </Section>
  );
}

export function MyCredentials({ session, onSession }: { session: Session; onSession: (s: Session) => void }): ReactNode {
  const id = session.identity;
  if (!id) return null;
  if (session.role) return <><PageTitle>My security credentials</PageTitle><p>You are acting as role {session.role.arn}. Switch back to manage your own credentials.</p></>;
  const who = { accountId: id.accountId, self: true, ...(id.userName ? { userName: id.userName } : {}) };
  return (
    <>
      <PageTitle>My security credentials</PageTitle>
      <p>{id.kind === 'root' ? 'Root user' : `IAM user ${id.userName}`} · <code>{id.arn}</code></p>
      {id.kind === 'user' ? <ChangeOwnPassword onSession={onSession} /> : null}
      <MfaDevices who={who} />
      <AccessKeys who={who} />
    </>
  );
}
