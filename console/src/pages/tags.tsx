/** Tags of a user, role or customer managed policy. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { call } from '../api.ts';
import { ErrorBox, Field, Section, Table, useAction, useLoad } from '../ui.tsx';

type Tag = { Key: string; Value: string };

export function Tags({ kind, name }: { kind: 'User' | 'Role' | 'Policy'; name: string }): ReactNode {
  const idKey = kind === 'Policy' ? 'PolicyArn' : `${kind}Name`;
  const tags = useLoad(async () => (await call<{ Tags: Tag[] }>(`List${kind}Tags`, { [idKey]: name })).Tags, [name]);
  const [k, setK] = useState('');
  const [v, setV] = useState('');
  const a = useAction();
  const add = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      await call(`Tag${kind}`, { [idKey]: name, Tags: [{ Key: k, Value: v }] });
      setK('');
      setV('');
      tags.reload();
    });
  };
  return (
    <Section title="Tags">
      <ErrorBox error={tags.error ?? a.error} />
      <Table caption="Tags" rowKey={(t) => t.Key} rows={tags.data ?? []} empty="No tags."
        columns={[
          { header: 'Key', cell: (t) => t.Key },
          { header: 'Value', cell: (t) => t.Value },
          { header: 'Actions', cell: (t) => <button type="button" onClick={() => void a.run(async () => { await call(`Untag${kind}`, { [idKey]: name, TagKeys: [t.Key] }); tags.reload(); })}>Remove<span className="sr-only"> tag {t.Key}</span></button> },
        ]} />
      <form className="inline-form" onSubmit={add}>
        <Field label="Key" value={k} onChange={setK} required />
        <Field label="Value" value={v} onChange={setV} />
        <button type="submit" disabled={a.busy}>Add tag</button>
      </form>
    </Section>
  );
}
