/** Users: the list, creating a user (console password, groups), and a user's page (permissions, credentials, tags). */
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, call, callAll, decodeDocument, type Session } from '../api.ts';
import { ago, Check, download, ErrorBox, Field, Link, Notice, PageTitle, Section, Table, useAction, useLoad, SYMBOLS } from '../ui.tsx';
import { AccessKeys, ConsolePassword, MfaDevices } from './credentials.tsx';
import { Tags } from './tags.tsx';

interface User { UserName: string; UserId: string; Arn: string; Path: string; CreateDate: string; PasswordLastUsed?: string; PermissionsBoundary?: { PermissionsBoundaryArn: string } }
interface Row extends User { groups: string[]; mfa: boolean; passwordAge?: string; keyAge?: string; lastActivity?: string }

async function optional<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'NoSuchEntity' || e.code === 'AccessDenied')) return undefined;
    throw e;
  }
}

/**
 * When each user's password last changed, from the credential report (the only place the API gives it), when
 * the caller may read the report. A report is regenerated at most every four hours, so the age can lag by that.
 */
async function passwordChanges(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  try {
    await call('GenerateCredentialReport');
    const r = await call<{ Content: string }>('GetCredentialReport');
    const [header, ...rows] = atob(r.Content).trim().split('\n');
    const cols = (header ?? '').split(',');
    const user = cols.indexOf('user');
    const changed = cols.indexOf('password_last_changed');
    for (const row of rows) {
      const cells = row.split(',');
      const when = cells[changed];
      if (cells[user] && when && /^\d{4}-/.test(when)) out.set(cells[user], when);
    }
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
  }
  return out;
}

async function loadUsers(): Promise<Row[]> {
  const [users, changes] = await Promise.all([callAll<User>('ListUsers', 'Users'), passwordChanges()]);
  return Promise.all(
    users.map(async (u) => {
      const [groups, mfa, profile, keys] = await Promise.all([
        optional(call<{ Groups: { GroupName: string }[] }>('ListGroupsForUser', { UserName: u.UserName })),
        optional(call<{ MFADevices: unknown[] }>('ListMFADevices', { UserName: u.UserName })),
        optional(call<{ LoginProfile: { CreateDate: string } }>('GetLoginProfile', { UserName: u.UserName })),
        optional(call<{ AccessKeyMetadata: { AccessKeyId: string; CreateDate: string; Status: string }[] }>('ListAccessKeys', { UserName: u.UserName })),
      ]);
      const active = (keys?.AccessKeyMetadata ?? []).filter((k) => k.Status === 'Active').map((k) => k.CreateDate).sort();
      // Last activity: the latest of the last console sign-in and the last use of any access key.
      const keyUses = await Promise.all(
        (keys?.AccessKeyMetadata ?? []).map(async (k) => (await optional(call<{ AccessKeyLastUsed: { LastUsedDate?: string } }>('GetAccessKeyLastUsed', { AccessKeyId: k.AccessKeyId })))?.AccessKeyLastUsed.LastUsedDate),
      );
      const activity = [u.PasswordLastUsed, ...keyUses].filter((d): d is string => d !== undefined).sort().at(-1);
      const passwordSet = changes.get(u.UserName) ?? profile?.LoginProfile.CreateDate;
      return {
        ...u,
        groups: (groups?.Groups ?? []).map((g) => g.GroupName),
        mfa: (mfa?.MFADevices.length ?? 0) > 0,
        ...(profile && passwordSet ? { passwordAge: passwordSet } : {}),
        ...(active[0] ? { keyAge: active[0] } : {}),
        ...(activity ? { lastActivity: activity } : {}),
      };
    }),
  );
}

export function Users(): ReactNode {
  const users = useLoad(loadUsers);
  const [filter, setFilter] = useState('');
  const rows = (users.data ?? []).filter((u) => u.UserName.toLowerCase().includes(filter.toLowerCase()));
  return (
    <>
      <PageTitle>Users</PageTitle>
      <div className="toolbar">
        <Field label="Find users by name" value={filter} onChange={setFilter} />
        <Link to="/users/$new" className="button primary">Create user</Link>
      </div>
      <ErrorBox error={users.error} />
      {users.loading ? <p aria-busy="true">Loading users…</p> : null}
      <Table
        caption={`Users (${rows.length})`}
        rowKey={(u) => u.UserId}
        rows={rows}
        columns={[
          { header: 'User name', cell: (u) => <Link to={`/users/${encodeURIComponent(u.UserName)}`}>{u.UserName}</Link> },
          { header: 'Groups', cell: (u) => u.groups.join(', ') || 'None' },
          { header: 'MFA', cell: (u) => <span data-testid={`mfa-${u.UserName}`}>{u.mfa ? 'Virtual' : 'Not enabled'}</span> },
          { header: 'Password age', cell: (u) => (u.passwordAge ? ago(u.passwordAge) : 'None') },
          { header: 'Active key age', cell: (u) => (u.keyAge ? ago(u.keyAge) : 'None') },
          { header: 'Last activity', cell: (u) => <span data-testid={`activity-${u.UserName}`}>{ago(u.lastActivity)}</span> },
        ]}
      />
    </>
  );
}

function generatePassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', SYMBOLS];
  const all = sets.join('');
  const pick = (s: string): string => s[crypto.getRandomValues(new Uint32Array(1))[0]! % s.length]!;
  const chars = [...sets.map(pick), ...Array.from({ length: 16 }, () => pick(all))];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export function CreateUser(): ReactNode {
  const [name, setName] = useState('');
  const [consoleAccess, setConsole] = useState(true);
  const [generated, setGenerated] = useState(true);
  const [custom, setCustom] = useState('');
  const [reset, setReset] = useState(true);
  const [chosen, setChosen] = useState<string[]>([]);
  const [done, setDone] = useState<{ user: string; password?: string; warnings: string[] }>();
  const groups = useLoad(() => callAll<{ GroupName: string }>('ListGroups', 'Groups'));
  const a = useAction();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      await call('CreateUser', { UserName: name });
      const warnings: string[] = [];
      let password: string | undefined;
      if (consoleAccess) {
        password = generated ? generatePassword() : custom;
        try {
          await call('CreateLoginProfile', { UserName: name, Password: password, PasswordResetRequired: reset });
        } catch (err) {
          warnings.push(`The user was created, but its console password was not set: ${err instanceof Error ? err.message : String(err)}`);
          password = undefined;
        }
        // As the AWS console does: a user who must reset the password gets the policy that allows it.
        if (password && reset) await call('AttachUserPolicy', { UserName: name, PolicyArn: 'arn:aws:iam::aws:policy/IAMUserChangePassword' }).catch((err: unknown) => warnings.push(`IAMUserChangePassword was not attached: ${err instanceof Error ? err.message : String(err)}`));
      }
      for (const g of chosen) await call('AddUserToGroup', { GroupName: g, UserName: name }).catch((err: unknown) => warnings.push(`Not added to ${g}: ${err instanceof Error ? err.message : String(err)}`));
      setDone({ user: name, ...(password ? { password } : {}), warnings });
    });
  };
  if (done) {
    return (
      <>
        <PageTitle>User {done.user} created</PageTitle>
        {done.warnings.map((w) => <Notice key={w} kind="warning">{w}</Notice>)}
        {done.password ? (
          <Section title="Console sign-in details">
            <p>This is the only time the password can be viewed. Share it with the user securely.</p>
            <dl className="kv">
              <dt>User name</dt><dd>{done.user}</dd>
              <dt>Console password</dt><dd><code data-testid="new-password">{done.password}</code></dd>
            </dl>
            <button type="button" onClick={() => download(`${done.user}_credentials.csv`, `User name,Password\n${done.user},${done.password}\n`)}>Download .csv file</button>
          </Section>
        ) : null}
        <p><Link to={`/users/${encodeURIComponent(done.user)}`}>View user</Link> · <Link to="/users">Back to users</Link></p>
      </>
    );
  }
  return (
    <>
      <PageTitle>Create user</PageTitle>
      <form onSubmit={submit} className="panel">
        <Field label="User name" name="user-name" value={name} onChange={setName} required hint="Up to 64 letters, digits and +=,.@_-" />
        <Check label="Provide access to the console" checked={consoleAccess} onChange={setConsole} />
        {consoleAccess ? (
          <fieldset>
            <legend>Console password</legend>
            <label className="radio"><input type="radio" name="pw" checked={generated} onChange={() => setGenerated(true)} /> Autogenerated password</label>
            <label className="radio"><input type="radio" name="pw" checked={!generated} onChange={() => setGenerated(false)} /> Custom password</label>
            {!generated ? <Field label="Custom password" type="password" name="custom-password" value={custom} onChange={setCustom} autoComplete="new-password" required /> : null}
            <Check label="User must create a new password at next sign-in (attaches IAMUserChangePassword)" checked={reset} onChange={setReset} />
          </fieldset>
        ) : null}
        <fieldset>
          <legend>Add to groups</legend>
          <ErrorBox error={groups.error} />
          {(groups.data ?? []).length === 0 && !groups.error ? <p className="muted">No groups.</p> : null}
          {(groups.data ?? []).map((g) => (
            <Check key={g.GroupName} label={g.GroupName} checked={chosen.includes(g.GroupName)} onChange={(v) => setChosen(v ? [...chosen, g.GroupName] : chosen.filter((x) => x !== g.GroupName))} />
          ))}
        </fieldset>
        <ErrorBox error={a.error} />
        <div className="row"><button type="submit" className="primary" disabled={a.busy}>Create user</button><Link to="/users" className="button">Cancel</Link></div>
      </form>
    </>
  );
}

/** Groups, attached and inline policies, and the permissions boundary of a user (or a role/group, by `kind`). */
export function Permissions({ kind, name, boundary, onChange }: { kind: 'User' | 'Role' | 'Group'; name: string; boundary?: string; onChange?: () => void }): ReactNode {
  const key = `${kind}Name`;
  const attached = useLoad(() => callAll<{ PolicyName: string; PolicyArn: string }>(`ListAttached${kind}Policies`, 'AttachedPolicies', { [key]: name }), [name]);
  const inline = useLoad(() => callAll<string>(`List${kind}Policies`, 'PolicyNames', { [key]: name }), [name]);
  const [arn, setArn] = useState('');
  const [showInline, setShowInline] = useState<string>();
  const [inlineDoc, setInlineDoc] = useState('');
  const [boundaryArn, setBoundaryArn] = useState('');
  const a = useAction();
  const reload = (): void => {
    attached.reload();
    inline.reload();
    onChange?.();
  };
  const attach = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      await call(`Attach${kind}Policy`, { [key]: name, PolicyArn: arn.startsWith('arn:') ? arn : `arn:aws:iam::aws:policy/${arn}` });
      setArn('');
      reload();
    });
  };
  return (
    <>
      <Section title="Attached policies">
        <ErrorBox error={attached.error ?? a.error} />
        <Table caption="Managed policies attached" rowKey={(p) => p.PolicyArn} rows={attached.data ?? []} empty="No managed policies attached."
          columns={[
            { header: 'Policy', cell: (p) => <Link to={`/policies/${encodeURIComponent(p.PolicyArn)}`}>{p.PolicyName}</Link> },
            { header: 'Type', cell: (p) => (p.PolicyArn.includes(':aws:policy/') ? 'AWS managed' : 'Customer managed') },
            { header: 'Actions', cell: (p) => <button type="button" onClick={() => void a.run(async () => { await call(`Detach${kind}Policy`, { [key]: name, PolicyArn: p.PolicyArn }); reload(); })}>Detach<span className="sr-only"> {p.PolicyName}</span></button> },
          ]} />
        <form onSubmit={attach} className="inline-form">
          <Field label="Attach policy (ARN, or an AWS managed policy name)" value={arn} onChange={setArn} required />
          <button type="submit" disabled={a.busy}>Attach</button>
        </form>
      </Section>
      <Section title="Inline policies">
        <ErrorBox error={inline.error} />
        <Table caption="Inline policies" rowKey={(n) => n} rows={inline.data ?? []} empty="No inline policies."
          columns={[
            { header: 'Name', cell: (n) => n },
            { header: 'Actions', cell: (n) => (
              <div className="row">
                <button type="button" onClick={() => void a.run(async () => { const r = await call<{ PolicyDocument: string }>(`Get${kind}Policy`, { [key]: name, PolicyName: n }); setShowInline(n); setInlineDoc(decodeDocument(r.PolicyDocument)); })}>Show<span className="sr-only"> {n}</span></button>
                <button type="button" className="danger" onClick={() => { if (window.confirm(`Delete inline policy ${n}?`)) void a.run(async () => { await call(`Delete${kind}Policy`, { [key]: name, PolicyName: n }); reload(); }); }}>Delete<span className="sr-only"> {n}</span></button>
              </div>
            ) },
          ]} />
        {showInline ? <><h3>{showInline}</h3><pre className="code">{inlineDoc}</pre></> : null}
      </Section>
      {kind !== 'Group' ? (
        <Section title="Permissions boundary">
          {boundary ? (
            <p>Boundary: <Link to={`/policies/${encodeURIComponent(boundary)}`}>{boundary}</Link>{' '}
              <button type="button" onClick={() => void a.run(async () => { await call(`Delete${kind}PermissionsBoundary`, { [key]: name }); reload(); })}>Remove boundary</button></p>
          ) : (
            <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void a.run(async () => { await call(`Put${kind}PermissionsBoundary`, { [key]: name, PermissionsBoundary: boundaryArn }); setBoundaryArn(''); reload(); }); }}>
              <Field label="Set permissions boundary (policy ARN)" value={boundaryArn} onChange={setBoundaryArn} required />
              <button type="submit" disabled={a.busy}>Set boundary</button>
            </form>
          )}
        </Section>
      ) : null}
    </>
  );
}

function UserGroups({ userName }: { userName: string }): ReactNode {
  const groups = useLoad(async () => (await call<{ Groups: { GroupName: string }[] }>('ListGroupsForUser', { UserName: userName })).Groups, [userName]);
  const all = useLoad(() => callAll<{ GroupName: string }>('ListGroups', 'Groups'));
  const [add, setAdd] = useState('');
  const a = useAction();
  const other = (all.data ?? []).filter((g) => !(groups.data ?? []).some((x) => x.GroupName === g.GroupName));
  return (
    <Section title="Groups">
      <ErrorBox error={groups.error ?? a.error} />
      <Table caption="Groups this user belongs to" rowKey={(g) => g.GroupName} rows={groups.data ?? []} empty="Not in any group."
        columns={[
          { header: 'Group', cell: (g) => <Link to={`/groups/${encodeURIComponent(g.GroupName)}`}>{g.GroupName}</Link> },
          { header: 'Actions', cell: (g) => <button type="button" onClick={() => void a.run(async () => { await call('RemoveUserFromGroup', { GroupName: g.GroupName, UserName: userName }); groups.reload(); })}>Remove<span className="sr-only"> from {g.GroupName}</span></button> },
        ]} />
      {other.length > 0 ? (
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void a.run(async () => { await call('AddUserToGroup', { GroupName: add, UserName: userName }); setAdd(''); groups.reload(); }); }}>
          <label htmlFor="add-group">Add to group</label>
          <select id="add-group" value={add} onChange={(e) => setAdd(e.target.value)} required>
            <option value="">Choose a group</option>
            {other.map((g) => <option key={g.GroupName}>{g.GroupName}</option>)}
          </select>
          <button type="submit" disabled={a.busy || add === ''}>Add</button>
        </form>
      ) : null}
    </Section>
  );
}

export function UserPage({ userName, session }: { userName: string; session: Session }): ReactNode {
  const user = useLoad(async () => (await call<{ User: User & { Tags?: { Key: string; Value: string }[] } }>('GetUser', { UserName: userName })).User, [userName]);
  const [tab, setTab] = useState<'permissions' | 'credentials' | 'tags'>('permissions');
  const a = useAction();
  const self = session.identity?.kind === 'user' && session.identity.userName === userName && !session.role;
  const del = (): void => {
    if (!window.confirm(`Delete user ${userName}? Its keys, password, MFA devices, group memberships and policies go first.`)) return;
    void a.run(async () => {
      for (const k of (await call<{ AccessKeyMetadata: { AccessKeyId: string }[] }>('ListAccessKeys', { UserName: userName })).AccessKeyMetadata) await call('DeleteAccessKey', { UserName: userName, AccessKeyId: k.AccessKeyId });
      await call('DeleteLoginProfile', { UserName: userName }).catch((e: unknown) => { if (!(e instanceof ApiError && e.code === 'NoSuchEntity')) throw e; });
      for (const d of (await call<{ MFADevices: { SerialNumber: string }[] }>('ListMFADevices', { UserName: userName })).MFADevices) await call('DeactivateMFADevice', { UserName: userName, SerialNumber: d.SerialNumber });
      for (const g of (await call<{ Groups: { GroupName: string }[] }>('ListGroupsForUser', { UserName: userName })).Groups) await call('RemoveUserFromGroup', { UserName: userName, GroupName: g.GroupName });
      for (const p of await callAll<{ PolicyArn: string }>('ListAttachedUserPolicies', 'AttachedPolicies', { UserName: userName })) await call('DetachUserPolicy', { UserName: userName, PolicyArn: p.PolicyArn });
      for (const n of await callAll<string>('ListUserPolicies', 'PolicyNames', { UserName: userName })) await call('DeleteUserPolicy', { UserName: userName, PolicyName: n });
      await call('DeleteUser', { UserName: userName });
      window.location.hash = '/users';
    });
  };
  const tabs = [['permissions', 'Permissions'], ['credentials', 'Security credentials'], ['tags', 'Tags']] as const;
  return (
    <>
      <PageTitle>User {userName}</PageTitle>
      <ErrorBox error={user.error ?? a.error} />
      {user.data ? (
        <Section title="Summary" actions={<button type="button" className="danger" onClick={del}>Delete user</button>}>
          <dl className="kv">
            <dt>ARN</dt><dd><code>{user.data.Arn}</code></dd>
            <dt>Created</dt><dd>{new Date(user.data.CreateDate).toLocaleString()}</dd>
            <dt>Console last sign-in</dt><dd>{ago(user.data.PasswordLastUsed)}</dd>
          </dl>
        </Section>
      ) : null}
      <div role="tablist" aria-label="User details" className="tabs">
        {tabs.map(([k, label]) => (
          <button key={k} role="tab" type="button" id={`tab-${k}`} aria-selected={tab === k} aria-controls={`panel-${k}`} onClick={() => setTab(k)}>{label}</button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'permissions' ? (
          <>
            <UserGroups userName={userName} />
            <Permissions kind="User" name={userName} boundary={user.data?.PermissionsBoundary?.PermissionsBoundaryArn} onChange={user.reload} />
          </>
        ) : null}
        {tab === 'credentials' ? (
          <>
            <ConsolePassword userName={userName} />
            <MfaDevices who={{ userName, accountId: session.identity?.accountId ?? '', self }} />
            <AccessKeys who={{ userName, accountId: session.identity?.accountId ?? '', self }} />
          </>
        ) : null}
        {tab === 'tags' ? <Tags kind="User" name={userName} /> : null}
      </div>
    </>
  );
}
