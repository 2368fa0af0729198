/** The IAM dashboard: the sign-in link, security recommendations, and the account's counts. */
import type { ReactNode } from 'react';
import { ApiError, call, callAll, type Session } from '../api.ts';
import { ErrorBox, Link, PageTitle, Section, useLoad } from '../ui.tsx';

interface User { UserName: string; CreateDate: string; PasswordLastUsed?: string }
interface Key { AccessKeyId: string; Status: string; CreateDate: string }
const KEY_AGE_DAYS = 90;

async function recommendations(): Promise<{ text: ReactNode; ok: boolean }[]> {
  const out: { text: ReactNode; ok: boolean }[] = [];
  const summary = (await call<{ SummaryMap: Record<string, number> }>('GetAccountSummary')).SummaryMap;
  out.push(summary.AccountMFAEnabled ? { ok: true, text: 'The root user has MFA.' } : { ok: false, text: 'Add MFA for the root user: sign in as the root user and open My security credentials.' });
  out.push(summary.AccountAccessKeysPresent ? { ok: false, text: 'The root user has access keys: delete them and use IAM users or roles instead.' } : { ok: true, text: 'The root user has no access keys.' });
  try {
    await call('GetAccountPasswordPolicy');
    out.push({ ok: true, text: <>A password policy is set (<Link to="/settings">review it</Link>).</> });
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'NoSuchEntity') throw e;
    out.push({ ok: false, text: <>No password policy is set: <Link to="/settings">set one</Link>.</> });
  }
  const users = await callAll<User>('ListUsers', 'Users');
  const withoutMfa: string[] = [];
  const oldKeys: string[] = [];
  for (const u of users) {
    const devices = (await call<{ MFADevices: unknown[] }>('ListMFADevices', { UserName: u.UserName })).MFADevices;
    if (devices.length === 0) withoutMfa.push(u.UserName);
    const keys = (await call<{ AccessKeyMetadata: Key[] }>('ListAccessKeys', { UserName: u.UserName })).AccessKeyMetadata;
    for (const k of keys) if (k.Status === 'Active' && Date.now() - Date.parse(k.CreateDate) > KEY_AGE_DAYS * 86_400_000) oldKeys.push(`${u.UserName} (${k.AccessKeyId})`);
  }
  out.push(withoutMfa.length === 0 ? { ok: true, text: 'Every user has MFA.' } : { ok: false, text: <>Users without MFA: {withoutMfa.map((n, i) => <span key={n}>{i > 0 ? ', ' : ''}<Link to={`/users/${encodeURIComponent(n)}`}>{n}</Link></span>)}.</> });
  out.push(oldKeys.length === 0 ? { ok: true, text: `No active access key is older than ${KEY_AGE_DAYS} days.` } : { ok: false, text: `Rotate access keys older than ${KEY_AGE_DAYS} days: ${oldKeys.join(', ')}.` });
  return out;
}

const COUNTS: [string, string][] = [
  ['Users', 'Users'],
  ['Groups', 'User groups'],
  ['Roles', 'Roles'],
  ['Policies', 'Customer managed policies'],
  ['MFADevicesInUse', 'MFA devices in use'],
  ['Providers', 'Identity providers'],
];

export function Dashboard({ session }: { session: Session }): ReactNode {
  const summary = useLoad(() => call<{ SummaryMap: Record<string, number> }>('GetAccountSummary'));
  const recs = useLoad(recommendations);
  const id = session.identity;
  return (
    <>
      <PageTitle>IAM dashboard</PageTitle>
      <Section title="Sign-in link for this account">
        <p>Users of account {id?.alias ? `${id.alias} (${id.accountId})` : id?.accountId} sign in at:</p>
        <p><a className="signin-link" data-testid="signin-link" href={session.signInUrl}>{session.signInUrl}</a></p>
        <p><Link to="/settings">Change the account alias</Link></p>
      </Section>
      <Section title="Security recommendations">
        <ErrorBox error={recs.error} />
        {recs.loading ? <p aria-busy="true">Checking…</p> : null}
        <ul className="recs">
          {(recs.data ?? []).map((r, i) => (
            <li key={i} className={r.ok ? 'ok' : 'todo'}><span aria-hidden="true">{r.ok ? '✓' : '!'}</span> <span className="sr-only">{r.ok ? 'Done: ' : 'To do: '}</span>{r.text}</li>
          ))}
        </ul>
      </Section>
      <Section title="IAM resources">
        <ErrorBox error={summary.error} />
        <dl className="counts">
          {COUNTS.map(([k, label]) => (
            <div key={k}><dt>{label}</dt><dd>{summary.data ? (summary.data.SummaryMap[k] ?? 0) : '–'}</dd></div>
          ))}
        </dl>
      </Section>
    </>
  );
}
