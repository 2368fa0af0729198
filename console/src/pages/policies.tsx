/** Policies: AWS managed and customer managed; create with the JSON editor; a policy's versions and default version. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { call, callAll, decodeDocument } from '../api.ts';
import { ErrorBox, Field, Link, Notice, PageTitle, Section, Table, useAction, useLoad } from '../ui.tsx';
import { PolicyEditor } from './policy-editor.tsx';

interface Policy { PolicyName: string; Arn: string; DefaultVersionId: string; AttachmentCount: number; Description?: string; UpdateDate?: string }

const STARTER = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Statement1', Effect: 'Allow', Action: [], Resource: [] }] }, null, 2);

export function Policies(): ReactNode {
  const [scope, setScope] = useState<'Local' | 'AWS'>('Local');
  const [filter, setFilter] = useState('');
  const policies = useLoad(() => callAll<Policy>('ListPolicies', 'Policies', { Scope: scope, MaxItems: 1000 }), [scope]);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [doc, setDoc] = useState(STARTER);
  const a = useAction();
  const create = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      const r = await call<{ Policy: Policy }>('CreatePolicy', { PolicyName: name, PolicyDocument: doc });
      window.location.hash = `/policies/${encodeURIComponent(r.Policy.Arn)}`;
    });
  };
  const rows = (policies.data ?? []).filter((p) => p.PolicyName.toLowerCase().includes(filter.toLowerCase())).slice(0, 300);
  return (
    <>
      <PageTitle>Policies</PageTitle>
      {creating ? (
        <form className="panel" onSubmit={create}>
          <h2>Create policy</h2>
          <Field label="Policy name" value={name} onChange={setName} required />
          <PolicyEditor label="Policy document (JSON)" value={doc} onChange={setDoc} />
          <ErrorBox error={a.error} />
          <div className="row"><button type="submit" className="primary" disabled={a.busy}>Create policy</button><button type="button" onClick={() => setCreating(false)}>Cancel</button></div>
        </form>
      ) : <button type="button" className="primary" onClick={() => setCreating(true)}>Create policy</button>}
      <div className="toolbar">
        <fieldset className="segmented">
          <legend>Show</legend>
          <label><input type="radio" name="scope" checked={scope === 'Local'} onChange={() => setScope('Local')} /> Customer managed</label>
          <label><input type="radio" name="scope" checked={scope === 'AWS'} onChange={() => setScope('AWS')} /> AWS managed</label>
        </fieldset>
        <Field label="Filter by name" value={filter} onChange={setFilter} />
      </div>
      <ErrorBox error={policies.error} />
      {policies.loading ? <p aria-busy="true">Loading policies…</p> : null}
      <Table caption={`Policies (${policies.data?.length ?? 0}${rows.length < (policies.data?.length ?? 0) ? `, showing ${rows.length}` : ''})`} rowKey={(p) => p.Arn} rows={rows} empty="No policies."
        columns={[
          { header: 'Policy name', cell: (p) => <Link to={`/policies/${encodeURIComponent(p.Arn)}`}>{p.PolicyName}</Link> },
          { header: 'Attached entities', cell: (p) => p.AttachmentCount },
          { header: 'Description', cell: (p) => p.Description ?? '' },
        ]} />
    </>
  );
}

export function PolicyPage({ arn }: { arn: string }): ReactNode {
  const policy = useLoad(async () => (await call<{ Policy: Policy }>('GetPolicy', { PolicyArn: arn })).Policy, [arn]);
  const versions = useLoad(async () => (await call<{ Versions: { VersionId: string; IsDefaultVersion: boolean; CreateDate: string }[] }>('ListPolicyVersions', { PolicyArn: arn })).Versions, [arn]);
  const [shown, setShown] = useState<string>();
  const doc = useLoad(async () => {
    const v = shown ?? policy.data?.DefaultVersionId;
    if (!v) return '';
    return decodeDocument((await call<{ PolicyVersion: { Document: string } }>('GetPolicyVersion', { PolicyArn: arn, VersionId: v })).PolicyVersion.Document);
  }, [arn, shown, policy.data?.DefaultVersionId]);
  const [draft, setDraft] = useState<string>();
  const [saved, setSaved] = useState(false);
  const a = useAction();
  const aws = arn.includes(':aws:policy/');
  const reload = (): void => {
    policy.reload();
    versions.reload();
  };
  const save = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      await call('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: draft ?? '', SetAsDefault: true });
      setDraft(undefined);
      setShown(undefined);
      setSaved(true);
      reload();
    });
  };
  return (
    <>
      <PageTitle>Policy {policy.data?.PolicyName ?? arn}</PageTitle>
      <ErrorBox error={policy.error ?? a.error} />
      {policy.data ? (
        <Section title="Summary" actions={!aws ? <button type="button" className="danger" onClick={() => { if (window.confirm('Delete this policy?')) void a.run(async () => { for (const v of versions.data ?? []) if (!v.IsDefaultVersion) await call('DeletePolicyVersion', { PolicyArn: arn, VersionId: v.VersionId }); await call('DeletePolicy', { PolicyArn: arn }); window.location.hash = '/policies'; }); }}>Delete policy</button> : undefined}>
          <dl className="kv">
            <dt>ARN</dt><dd><code>{arn}</code></dd>
            <dt>Type</dt><dd>{aws ? 'AWS managed' : 'Customer managed'}</dd>
            <dt>Default version</dt><dd>{policy.data.DefaultVersionId}</dd>
            <dt>Attached entities</dt><dd>{policy.data.AttachmentCount}</dd>
          </dl>
        </Section>
      ) : null}
      <Section title={`Document${shown ? ` (version ${shown})` : ' (default version)'}`}>
        <ErrorBox error={doc.error} />
        {saved ? <Notice kind="success">New version saved as the default.</Notice> : null}
        {aws ? <pre className="code">{doc.data}</pre> : (
          <form onSubmit={save}>
            <PolicyEditor label="Policy document (JSON)" value={draft ?? doc.data ?? ''} onChange={setDraft} />
            <button type="submit" className="primary" disabled={a.busy || draft === undefined}>Save as new default version</button>
          </form>
        )}
      </Section>
      <Section title="Versions">
        <ErrorBox error={versions.error} />
        <Table caption="Policy versions" rowKey={(v) => v.VersionId} rows={versions.data ?? []}
          columns={[
            { header: 'Version', cell: (v) => <button type="button" className="link" onClick={() => { setShown(v.VersionId); setDraft(undefined); }}>{v.VersionId}{v.IsDefaultVersion ? ' (default)' : ''}</button> },
            { header: 'Created', cell: (v) => new Date(v.CreateDate).toLocaleString() },
            { header: 'Actions', cell: (v) => aws || v.IsDefaultVersion ? null : (
              <div className="row">
                <button type="button" onClick={() => void a.run(async () => { await call('SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: v.VersionId }); reload(); })}>Set as default<span className="sr-only"> {v.VersionId}</span></button>
                <button type="button" className="danger" onClick={() => void a.run(async () => { await call('DeletePolicyVersion', { PolicyArn: arn, VersionId: v.VersionId }); reload(); })}>Delete<span className="sr-only"> {v.VersionId}</span></button>
              </div>
            ) },
          ]} />
      </Section>
    </>
  );
}
