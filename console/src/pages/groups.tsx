/** User groups: list, create, delete; a group's members and permissions. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { call, callAll } from '../api.ts';
import { ErrorBox, Field, Link, PageTitle, Section, Table, useAction, useLoad } from '../ui.tsx';
import { Permissions } from './users.tsx';

export function Groups(): ReactNode {
  const groups = useLoad(() => callAll<{ GroupName: string; Arn: string; CreateDate: string }>('ListGroups', 'Groups'));
  const [name, setName] = useState('');
  const a = useAction();
  const create = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      await call('CreateGroup', { GroupName: name });
      setName('');
      groups.reload();
    });
  };
  return (
    <>
      <PageTitle>User groups</PageTitle>
      <ErrorBox error={groups.error ?? a.error} />
      <form className="inline-form" onSubmit={create}>
        <Field label="New group name" value={name} onChange={setName} required />
        <button type="submit" className="primary" disabled={a.busy}>Create group</button>
      </form>
      <Table caption="Groups" rowKey={(g) => g.Arn} rows={groups.data ?? []} empty="No groups."
        columns={[
          { header: 'Group name', cell: (g) => <Link to={`/groups/${encodeURIComponent(g.GroupName)}`}>{g.GroupName}</Link> },
          { header: 'Created', cell: (g) => new Date(g.CreateDate).toLocaleDateString() },
        ]} />
    </>
  );
}

export function GroupPage({ groupName }: { groupName: string }): ReactNode {
  const group = useLoad(() => call<{ Users: { UserName: string }[] }>('GetGroup', { GroupName: groupName }), [groupName]);
  const a = useAction();
  return (
    <>
      <PageTitle>Group {groupName}</PageTitle>
      <ErrorBox error={group.error ?? a.error} />
      <Section title="Users in this group" actions={<button type="button" className="danger" onClick={() => { if (window.confirm(`Delete group ${groupName}?`)) void a.run(async () => { await call('DeleteGroup', { GroupName: groupName }); window.location.hash = '/groups'; }); }}>Delete group</button>}>
        <Table caption="Members" rowKey={(u) => u.UserName} rows={group.data?.Users ?? []} empty="No users."
          columns={[
            { header: 'User', cell: (u) => <Link to={`/users/${encodeURIComponent(u.UserName)}`}>{u.UserName}</Link> },
            { header: 'Actions', cell: (u) => <button type="button" onClick={() => void a.run(async () => { await call('RemoveUserFromGroup', { GroupName: groupName, UserName: u.UserName }); group.reload(); })}>Remove<span className="sr-only"> {u.UserName}</span></button> },
          ]} />
      </Section>
      <Permissions kind="Group" name={groupName} />
    </>
  );
}
