/** Account settings: the password policy, the account alias, and the credential report. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, call, type PasswordPolicy } from '../api.ts';
import { Check, download, ErrorBox, Field, Notice, PageTitle, Section, useAction, useLoad } from '../ui.tsx';

function PasswordPolicyEditor(): ReactNode {
  const current = useLoad(async () => {
    try {
      return (await call<{ PasswordPolicy: PasswordPolicy & { ExpirePasswords?: boolean } }>('GetAccountPasswordPolicy')).PasswordPolicy;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NoSuchEntity') return null;
      throw e;
    }
  });
  const [p, setP] = useState<Record<string, string | boolean>>();
  const [saved, setSaved] = useState(false);
  const a = useAction();
  const c = current.data;
  const v = p ?? {
    min: String(c?.MinimumPasswordLength ?? 8),
    upper: c?.RequireUppercaseCharacters ?? false,
    lower: c?.RequireLowercaseCharacters ?? false,
    numbers: c?.RequireNumbers ?? false,
    symbols: c?.RequireSymbols ?? false,
    change: c?.AllowUsersToChangePassword ?? false,
    expire: Boolean(c?.MaxPasswordAge),
    maxAge: String(c?.MaxPasswordAge ?? 90),
    reuse: Boolean(c?.PasswordReusePrevention),
    reuseN: String(c?.PasswordReusePrevention ?? 5),
    hard: c?.HardExpiry ?? false,
  };
  const set = (k: string, x: string | boolean): void => setP({ ...v, [k]: x });
  const save = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      await call('UpdateAccountPasswordPolicy', {
        MinimumPasswordLength: Number(v.min),
        RequireUppercaseCharacters: v.upper,
        RequireLowercaseCharacters: v.lower,
        RequireNumbers: v.numbers,
        RequireSymbols: v.symbols,
        AllowUsersToChangePassword: v.change,
        ...(v.expire ? { MaxPasswordAge: Number(v.maxAge), HardExpiry: v.hard } : {}),
        ...(v.reuse ? { PasswordReusePrevention: Number(v.reuseN) } : {}),
      });
      setSaved(true);
      setP(undefined);
      current.reload();
    });
  };
  return (
    <Section title="Password policy" actions={c ? <button type="button" onClick={() => { if (window.confirm('Delete the password policy? AWS\'s default policy applies then.')) void a.run(async () => { await call('DeleteAccountPasswordPolicy'); setP(undefined); current.reload(); }); }}>Delete policy</button> : undefined}>
      <ErrorBox error={current.error ?? a.error} />
      {saved ? <Notice kind="success">Password policy saved.</Notice> : null}
      {c === null ? <p>This account uses the default password policy: at least 8 characters, three character classes, not the account name or email address.</p> : null}
      <form onSubmit={save} className="subform">
        <Field label="Minimum password length (6–128)" type="number" value={String(v.min)} onChange={(x) => set('min', x)} required />
        <Check label="Require at least one uppercase letter" checked={Boolean(v.upper)} onChange={(x) => set('upper', x)} />
        <Check label="Require at least one lowercase letter" checked={Boolean(v.lower)} onChange={(x) => set('lower', x)} />
        <Check label="Require at least one number" checked={Boolean(v.numbers)} onChange={(x) => set('numbers', x)} />
        <Check label="Require at least one non-alphanumeric character" checked={Boolean(v.symbols)} onChange={(x) => set('symbols', x)} />
        <Check label="Allow users to change their own password" checked={Boolean(v.change)} onChange={(x) => set('change', x)} />
        <Check label="Enable password expiration" checked={Boolean(v.expire)} onChange={(x) => set('expire', x)} />
        {v.expire ? <>
          <Field label="Password expiration period (days)" type="number" value={String(v.maxAge)} onChange={(x) => set('maxAge', x)} />
          <Check label="Password expiration requires administrator reset" checked={Boolean(v.hard)} onChange={(x) => set('hard', x)} />
        </> : null}
        <Check label="Prevent password reuse" checked={Boolean(v.reuse)} onChange={(x) => set('reuse', x)} />
        {v.reuse ? <Field label="Number of passwords to remember" type="number" value={String(v.reuseN)} onChange={(x) => set('reuseN', x)} /> : null}
        <button type="submit" className="primary" disabled={a.busy}>Save password policy</button>
      </form>
    </Section>
  );
}

function AccountAlias(): ReactNode {
  const aliases = useLoad(async () => (await call<{ AccountAliases: string[] }>('ListAccountAliases')).AccountAliases);
  const [alias, setAlias] = useState('');
  const a = useAction();
  const current = aliases.data?.[0];
  return (
    <Section title="Account alias">
      <ErrorBox error={aliases.error ?? a.error} />
      <p>{current ? <>Alias: <strong>{current}</strong>. Users sign in at <code>{window.location.origin}/console/{current}</code>.</> : 'No alias: users sign in with the account ID.'}</p>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void a.run(async () => { if (current) await call('DeleteAccountAlias', { AccountAlias: current }); await call('CreateAccountAlias', { AccountAlias: alias }); setAlias(''); aliases.reload(); }); }}>
        <Field label={current ? 'New alias' : 'Alias'} value={alias} onChange={setAlias} required hint="3–63 lowercase letters, digits and hyphens." />
        <button type="submit" disabled={a.busy}>{current ? 'Change alias' : 'Create alias'}</button>
        {current ? <button type="button" className="danger" onClick={() => void a.run(async () => { await call('DeleteAccountAlias', { AccountAlias: current }); aliases.reload(); })}>Delete alias</button> : null}
      </form>
    </Section>
  );
}

function CredentialReport(): ReactNode {
  const a = useAction();
  const get = (): void => {
    void a.run(async () => {
      for (let i = 0; i < 20; i++) {
        const g = await call<{ State: string }>('GenerateCredentialReport');
        if (g.State === 'COMPLETE') break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const r = await call<{ Content: string }>('GetCredentialReport');
      download('credential-report.csv', atob(r.Content));
    });
  };
  return (
    <Section title="Credential report">
      <p>A CSV of every user and the root user with the state of their passwords, access keys and MFA devices.</p>
      <ErrorBox error={a.error} />
      <button type="button" onClick={get} disabled={a.busy}>{a.busy ? 'Generating…' : 'Download credential report'}</button>
    </Section>
  );
}

export function Settings(): ReactNode {
  return (
    <>
      <PageTitle>Account settings</PageTitle>
      <PasswordPolicyEditor />
      <AccountAlias />
      <CredentialReport />
    </>
  );
}
