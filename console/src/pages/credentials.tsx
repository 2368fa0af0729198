/** A user's security credentials: console password, MFA devices, access keys. Shared by the user page and My security credentials. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, call } from '../api.ts';
import { ago, Check, download, ErrorBox, Field, Notice, Section, Table, useAction, useLoad } from '../ui.tsx';

interface Key { AccessKeyId: string; Status: 'Active' | 'Inactive'; CreateDate: string; LastUsed?: string }
interface Mfa { SerialNumber: string; EnableDate: string }

/** userName undefined: the root user's own credentials. */
type Who = { userName?: string; accountId: string; self: boolean };

const userInput = (w: Who): Record<string, unknown> => (w.userName ? { UserName: w.userName } : {});

export function AccessKeys({ who }: { who: Who }): ReactNode {
  const keys = useLoad(async () => {
    const list = (await call<{ AccessKeyMetadata: Key[] }>('ListAccessKeys', userInput(who))).AccessKeyMetadata;
    for (const k of list) {
      try {
        const r = await call<{ AccessKeyLastUsed?: { LastUsedDate?: string } }>('GetAccessKeyLastUsed', { AccessKeyId: k.AccessKeyId });
        k.LastUsed = r.AccessKeyLastUsed?.LastUsedDate;
      } catch {
        // Last use is extra information: a caller not allowed to see it still sees the keys.
      }
    }
    return list;
  }, [who.userName]);
  const [created, setCreated] = useState<{ AccessKeyId: string; SecretAccessKey: string }>();
  const a = useAction();
  const create = (): Promise<boolean> =>
    a.run(async () => {
      const r = await call<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>('CreateAccessKey', userInput(who));
      setCreated(r.AccessKey);
      keys.reload();
    });
  const act = (op: string, input: Record<string, unknown>): Promise<boolean> => a.run(async () => {
    await call(op, { ...userInput(who), ...input });
    keys.reload();
  });
  return (
    <Section title="Access keys" actions={<button type="button" onClick={() => void create()} disabled={a.busy || (keys.data?.length ?? 0) >= 2}>Create access key</button>}>
      <ErrorBox error={keys.error ?? a.error} />
      {created ? (
        <div className="alert success" role="status" data-testid="new-key">
          <p><strong>Access key created.</strong> This is the only time the secret access key can be viewed or downloaded.</p>
          <dl className="kv">
            <dt>Access key ID</dt><dd><code>{created.AccessKeyId}</code></dd>
            <dt>Secret access key</dt><dd><code data-testid="secret-key">{created.SecretAccessKey}</code></dd>
          </dl>
          <div className="row">
            <button type="button" onClick={() => download(`${who.userName ?? 'root'}_accessKeys.csv`, `Access key ID,Secret access key\n${created.AccessKeyId},${created.SecretAccessKey}\n`)}>Download .csv file</button>
            <button type="button" onClick={() => setCreated(undefined)}>Done</button>
          </div>
        </div>
      ) : null}
      <Table
        caption="Access keys"
        rowKey={(k) => k.AccessKeyId}
        rows={keys.data ?? []}
        empty="No access keys."
        columns={[
          { header: 'Access key ID', cell: (k) => <code>{k.AccessKeyId}</code> },
          { header: 'Status', cell: (k) => k.Status },
          { header: 'Created', cell: (k) => ago(k.CreateDate) },
          { header: 'Last used', cell: (k) => ago(k.LastUsed) },
          {
            header: 'Actions',
            cell: (k) => (
              <div className="row">
                <button type="button" onClick={() => void act('UpdateAccessKey', { AccessKeyId: k.AccessKeyId, Status: k.Status === 'Active' ? 'Inactive' : 'Active' })}>
                  {k.Status === 'Active' ? 'Deactivate' : 'Activate'}<span className="sr-only"> {k.AccessKeyId}</span>
                </button>
                <button type="button" className="danger" disabled={k.Status === 'Active'} title={k.Status === 'Active' ? 'Deactivate the key first' : undefined} onClick={() => { if (window.confirm(`Delete access key ${k.AccessKeyId}?`)) void act('DeleteAccessKey', { AccessKeyId: k.AccessKeyId }); }}>
                  Delete<span className="sr-only"> {k.AccessKeyId}</span>
                </button>
              </div>
            ),
          },
        ]}
      />
    </Section>
  );
}

function base64ToText(b64: string): string {
  return atob(b64);
}

/** Assigning a virtual MFA device: create it, show its QR code and secret, enable it with two consecutive codes. */
function RegisterMfa({ who, onDone }: { who: Who; onDone: () => void }): ReactNode {
  const [name, setName] = useState(who.userName ?? 'root-mfa');
  const [device, setDevice] = useState<{ SerialNumber: string; qr: string; secret: string }>();
  const [code1, setCode1] = useState('');
  const [code2, setCode2] = useState('');
  const a = useAction();
  const create = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      const r = await call<{ VirtualMFADevice: { SerialNumber: string; QRCodePNG: string; Base32StringSeed: string } }>('CreateVirtualMFADevice', { VirtualMFADeviceName: name });
      const d = r.VirtualMFADevice;
      setDevice({ SerialNumber: d.SerialNumber, qr: `data:image/png;base64,${d.QRCodePNG}`, secret: base64ToText(d.Base32StringSeed) });
    });
  };
  const enable = (e: FormEvent): void => {
    e.preventDefault();
    if (!device) return;
    void a.run(async () => {
      await call('EnableMFADevice', { UserName: who.userName ?? who.accountId, SerialNumber: device.SerialNumber, AuthenticationCode1: code1, AuthenticationCode2: code2 });
      onDone();
    });
  };
  const cancel = (): void => {
    if (device) void call('DeleteVirtualMFADevice', { SerialNumber: device.SerialNumber }).catch(() => undefined);
    onDone();
  };
  if (!device) {
    return (
      <form onSubmit={create} className="subform" aria-label="Assign MFA device">
        <h3>Assign a virtual MFA device</h3>
        <Field label="Device name" value={name} onChange={setName} required hint="Letters, digits and +=,.@-_ only." />
        <ErrorBox error={a.error} />
        <div className="row"><button type="submit" className="primary" disabled={a.busy}>Next</button><button type="button" onClick={onDone}>Cancel</button></div>
      </form>
    );
  }
  return (
    <form onSubmit={enable} className="subform" aria-label="Set up MFA device">
      <h3>Set up device {name}</h3>
      <ol>
        <li>Open an authenticator app on your phone or computer.</li>
        <li>
          Scan this QR code, or enter the secret key by hand.
          <div className="mfa-setup">
            <img src={device.qr} alt="QR code for the MFA device (the secret key is shown as text too)" width={200} height={200} />
            <p>Secret key: <code data-testid="mfa-secret">{device.secret}</code></p>
          </div>
        </li>
        <li>Enter two consecutive codes from the app.</li>
      </ol>
      <Field label="MFA code 1" value={code1} onChange={setCode1} inputMode="numeric" autoComplete="one-time-code" required />
      <Field label="MFA code 2" value={code2} onChange={setCode2} inputMode="numeric" autoComplete="one-time-code" required />
      <ErrorBox error={a.error} />
      <div className="row"><button type="submit" className="primary" disabled={a.busy}>Add MFA</button><button type="button" onClick={cancel}>Cancel</button></div>
    </form>
  );
}

export function MfaDevices({ who }: { who: Who }): ReactNode {
  const devices = useLoad(async () => (await call<{ MFADevices: Mfa[] }>('ListMFADevices', userInput(who))).MFADevices, [who.userName]);
  const [adding, setAdding] = useState(false);
  const [done, setDone] = useState(false);
  const a = useAction();
  const remove = (serial: string): void => {
    if (!window.confirm(`Remove MFA device ${serial}?`)) return;
    void a.run(async () => {
      await call('DeactivateMFADevice', { UserName: who.userName ?? who.accountId, SerialNumber: serial });
      await call('DeleteVirtualMFADevice', { SerialNumber: serial }).catch(() => undefined);
      devices.reload();
    });
  };
  return (
    <Section title="Multi-factor authentication (MFA)" actions={who.self && !adding ? <button type="button" onClick={() => { setAdding(true); setDone(false); }}>Assign MFA device</button> : undefined}>
      <ErrorBox error={devices.error ?? a.error} />
      {done ? <Notice kind="success">MFA device assigned. Sign out and sign in again to use it.</Notice> : null}
      {adding ? <RegisterMfa who={who} onDone={() => { setAdding(false); setDone(true); devices.reload(); }} /> : null}
      <Table
        caption="MFA devices"
        rowKey={(d) => d.SerialNumber}
        rows={devices.data ?? []}
        empty="No MFA devices assigned."
        columns={[
          { header: 'Identifier', cell: (d) => <code>{d.SerialNumber}</code> },
          { header: 'Type', cell: () => 'Virtual' },
          { header: 'Assigned', cell: (d) => ago(d.EnableDate) },
          { header: 'Actions', cell: (d) => <button type="button" className="danger" onClick={() => remove(d.SerialNumber)}>Remove<span className="sr-only"> {d.SerialNumber}</span></button> },
        ]}
      />
      {!who.self ? <p className="muted">Users assign their own MFA devices from My security credentials.</p> : null}
    </Section>
  );
}

/** Console password of another user (administrators): enable, reset, remove. */
export function ConsolePassword({ userName }: { userName: string }): ReactNode {
  const profile = useLoad(async () => {
    try {
      return (await call<{ LoginProfile: { CreateDate: string; PasswordResetRequired?: boolean } }>('GetLoginProfile', { UserName: userName })).LoginProfile;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NoSuchEntity') return null;
      throw e;
    }
  }, [userName]);
  const [editing, setEditing] = useState(false);
  const [password, setPassword] = useState('');
  const [reset, setReset] = useState(true);
  const a = useAction();
  const save = (e: FormEvent): void => {
    e.preventDefault();
    void a.run(async () => {
      const input = { UserName: userName, Password: password, PasswordResetRequired: reset };
      await call(profile.data ? 'UpdateLoginProfile' : 'CreateLoginProfile', input);
      setEditing(false);
      setPassword('');
      profile.reload();
    });
  };
  return (
    <Section title="Console sign-in" actions={!editing ? <button type="button" onClick={() => setEditing(true)}>{profile.data ? 'Reset password' : 'Enable console access'}</button> : undefined}>
      <ErrorBox error={profile.error ?? a.error} />
      {profile.data === null ? <p>Console access is disabled.</p> : profile.data ? (
        <p>Console password set {ago(profile.data.CreateDate)}{profile.data.PasswordResetRequired ? '; the user must set a new one at next sign-in' : ''}.{' '}
          <button type="button" className="link danger" onClick={() => { if (window.confirm('Disable console access?')) void a.run(async () => { await call('DeleteLoginProfile', { UserName: userName }); profile.reload(); }); }}>Disable console access</button>
        </p>
      ) : null}
      {editing ? (
        <form onSubmit={save} className="subform">
          <Field label="New console password" type="password" value={password} onChange={setPassword} autoComplete="new-password" required />
          <Check label="User must create a new password at next sign-in" checked={reset} onChange={setReset} />
          <div className="row"><button type="submit" className="primary" disabled={a.busy}>Apply</button><button type="button" onClick={() => setEditing(false)}>Cancel</button></div>
        </form>
      ) : null}
    </Section>
  );
}
