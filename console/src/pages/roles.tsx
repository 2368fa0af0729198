/** Roles: list, create (with a trust policy), a role's trust policy editor and permissions. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { call, callAll, decodeDocument } from '../api.ts';
import { ErrorBox, Field, Link, Notice, PageTitle, Section, Table, useAction, useLoad } from '../ui.tsx';
import { PolicyEditor } from './policy-editor.tsx';
import { Tags } from './tags.tsx';
import { Permissions } from './users.tsx';

interface Role { RoleName: string; Arn: string; CreateDate: string; Description?: string; AssumeRolePolicyDocument?: string; MaxSessionDuration?: number; PermissionsBoundary?: { PermissionsBoundaryArn: string } }

export function Roles(): ReactNode {
  const roles = useLoad(() => callAll<Role>('ListRoles', 'Roles'));
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [trust, setTrust] = useState('');
  const a = useAction();
  const start = (): void => {
    void call<{ Account: string }>('GetCallerIdentity', {}, 'sts').then((r) => setTrust(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${r.Account}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] }, null, 2)));
    setCreating(true);
  };
  const create = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      await call('CreateRole', { RoleName: name, AssumeRolePolicyDocument: trust });
      window.location.hash = `/roles/${encodeURIComponent(name)}`;
    });
  };
  return (
    <>
      <PageTitle>Roles</PageTitle>
      <ErrorBox error={roles.error} />
      {creating ? (
        <form className="panel" onSubmit={create}>
          <h2>Create role</h2>
          <Field label="Role name" value={name} onChange={setName} required />
          <PolicyEditor label="Trust policy" value={trust} onChange={setTrust} type="trust" />
          <ErrorBox error={a.error} />
          <div className="row"><button type="submit" className="primary" disabled={a.busy}>Create role</button><button type="button" onClick={() => setCreating(false)}>Cancel</button></div>
        </form>
      ) : <button type="button" className="primary" onClick={start}>Create role</button>}
      <Table caption="Roles" rowKey={(r) => r.Arn} rows={roles.data ?? []} empty="No roles."
        columns={[
          { header: 'Role name', cell: (r) => <Link to={`/roles/${encodeURIComponent(r.RoleName)}`}>{r.RoleName}</Link> },
          { header: 'Description', cell: (r) => r.Description ?? '' },
          { header: 'Created', cell: (r) => new Date(r.CreateDate).toLocaleDateString() },
        ]} />
    </>
  );
}

export function RolePage({ roleName }: { roleName: string }): ReactNode {
  const role = useLoad(async () => {
    const r = (await call<{ Role: Role }>('GetRole', { RoleName: roleName })).Role;
    return { ...r, trust: decodeDocument(r.AssumeRolePolicyDocument) };
  }, [roleName]);
  const [trust, setTrust] = useState<string>();
  const [saved, setSaved] = useState(false);
  const a = useAction();
  const save = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      await call('UpdateAssumeRolePolicy', { RoleName: roleName, PolicyDocument: trust ?? '' });
      setSaved(true);
      role.reload();
    });
  };
  const switchUrl = role.data ? `#/switch-role?role=${encodeURIComponent(role.data.Arn)}` : '';
  return (
    <>
      <PageTitle>Role {roleName}</PageTitle>
      <ErrorBox error={role.error ?? a.error} />
      {role.data ? (
        <>
          <Section title="Summary" actions={<button type="button" className="danger" onClick={() => { if (window.confirm(`Delete role ${roleName}?`)) void a.run(async () => { for (const p of await callAll<{ PolicyArn: string }>('ListAttachedRolePolicies', 'AttachedPolicies', { RoleName: roleName })) await call('DetachRolePolicy', { RoleName: roleName, PolicyArn: p.PolicyArn }); for (const n of await callAll<string>('ListRolePolicies', 'PolicyNames', { RoleName: roleName })) await call('DeleteRolePolicy', { RoleName: roleName, PolicyName: n }); await call('DeleteRole', { RoleName: roleName }); window.location.hash = '/roles'; }); }}>Delete role</button>}>
            <dl className="kv">
              <dt>ARN</dt><dd><code>{role.data.Arn}</code></dd>
              <dt>Maximum session duration</dt><dd>{(role.data.MaxSessionDuration ?? 3600) / 3600} hour(s)</dd>
              <dt>Link to switch roles in the console</dt><dd><a href={switchUrl}>{window.location.origin}/console/{switchUrl}</a></dd>
            </dl>
          </Section>
          <Section title="Trust relationships">
            {saved ? <Notice kind="success">Trust policy updated.</Notice> : null}
            <form onSubmit={save}>
              <PolicyEditor label="Trust policy" value={trust ?? role.data.trust} onChange={setTrust} type="trust" />
              <button type="submit" className="primary" disabled={a.busy || trust === undefined}>Update trust policy</button>
            </form>
          </Section>
          <Permissions kind="Role" name={roleName} boundary={role.data.PermissionsBoundary?.PermissionsBoundaryArn} onChange={role.reload} />
          <Tags kind="Role" name={roleName} />
        </>
      ) : null}
    </>
  );
}
