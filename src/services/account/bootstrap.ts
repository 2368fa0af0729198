/**
 * Creating an account: the account record with its root user (email and password hash), then — through the
 * IAM operations themselves, called as the new root user — the group `Administrators` with
 * AdministratorAccess and the user `admin` in it with one access key.
 */
import type { RecordReader } from '../../store/contract.js';
import type { CallContext } from '../context.js';
import { alreadyExists } from '../errors.js';
import { rootArn } from '../iam/arns.js';
import type { AccountData } from '../iam/entities.js';
import type { IamDeps, OperationTable } from '../iam/index.js';
import { Input } from '../input.js';

/** Records that belong to the deployment rather than to one account live under this account ID. */
export const DEPLOYMENT = '';

/** The accounts of this deployment, in ID order. */
export async function listAccounts(r: RecordReader): Promise<string[]> {
  return (await r.list({ accountId: DEPLOYMENT, kind: 'account', parent: 'index', limit: 100_000 })).map((x) => x.key);
}

export interface NewAccount {
  accountId: string;
  root: { email: string; password: string };
  admin: { userName: string; accessKeyId: string; secretAccessKey: string };
}

export interface BootstrapOptions {
  accountId?: string;
  rootEmail?: string;
  rootPassword?: string;
  hashPassword: (password: string) => Promise<string>;
}

export async function createAccount(deps: IamDeps, operations: OperationTable, opts: BootstrapOptions): Promise<NewAccount> {
  const now = deps.clock.now();
  const accountId = opts.accountId ?? deps.ids.accountId();
  const email = opts.rootEmail ?? `root@${accountId}.gatehouse.local`;
  const password = opts.rootPassword ?? deps.ids.password(24);
  const account: AccountData = { AccountId: accountId, CreateDate: now.toISOString(), Alias: null, RootEmail: email, RootPasswordHash: await opts.hashPassword(password) };
  await deps.store.transaction(async (tx) => {
    if (await tx.get(accountId, 'account', '', accountId)) throw alreadyExists(`Account ${accountId} already exists.`);
    await tx.insert({ accountId, kind: 'account', parent: '', key: accountId, createdAt: now.getTime(), data: account });
    await tx.insert({ accountId: DEPLOYMENT, kind: 'account', parent: 'index', key: accountId, createdAt: now.getTime(), data: { AccountId: accountId } });
  });

  const ctx: CallContext = {
    requestId: deps.ids.requestId(),
    now,
    caller: { kind: 'root', accountId, arn: rootArn(accountId), userId: accountId, accessKeyId: '', temporary: false, context: {} },
    region: 'us-east-1',
    sourceIp: '127.0.0.1',
    userAgent: 'gatehouse-init',
    secureTransport: false,
  };
  const call = async (op: string, input: Record<string, string>): Promise<Record<string, unknown>> => {
    const def = operations[op];
    if (!def) throw new Error(`operation ${op} is missing`);
    return ((await def.handle(new Input(input), { ctx, deps })) ?? {}) as Record<string, unknown>;
  };
  await call('CreateGroup', { GroupName: 'Administrators' });
  await call('AttachGroupPolicy', { GroupName: 'Administrators', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
  await call('CreateUser', { UserName: 'admin' });
  await call('AddUserToGroup', { GroupName: 'Administrators', UserName: 'admin' });
  const key = (await call('CreateAccessKey', { UserName: 'admin' })).AccessKey as { AccessKeyId: string; SecretAccessKey: string };
  return { accountId, root: { email, password }, admin: { userName: 'admin', accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } };
}
