/**
 * SSH public keys (for CodeCommit): Upload, Get, List, Update, Delete.
 *
 * Record: kind `ssh-public-key`, parent = the user's key, key and global id = the SSHPublicKeyId
 * (`APKA` + 16 characters). Data: {@link SshPublicKeyData}: the body as uploaded (Upload answers with it),
 * the key in SSH wire form (Get renders either encoding from it) and the MD5 fingerprint (duplicates are
 * found by it, so the same key as OpenSSH text and as PEM is one key).
 */
import type { StructureValue } from '../../../protocol/model/index.js';
import type { JsonObject, RecordReader } from '../../../store/contract.js';
import { AwsError, invalidInput, limitExceeded, noSuchEntity } from '../../errors.js';
import type { Input } from '../../input.js';
import { date, type resourceTagContext } from '../common.js';
import { dataOf, key, lockUser, requireUser } from '../entities.js';
import type { IamEnv, OperationTable } from '../operation.js';
import { pageMembers, pageOf } from '../pagination.js';
import { userTarget } from './users.js';
import { parseSshPublicKey } from './x509.js';

export const SSH_PUBLIC_KEYS_PER_USER = 5;

export interface SshPublicKeyData extends JsonObject {
  UserName: string;
  SSHPublicKeyId: string;
  Fingerprint: string;
  /** The body exactly as uploaded. */
  SSHPublicKeyBody: string;
  /** The `ssh-rsa` wire blob, base64. */
  Blob: string;
  Status: 'Active' | 'Inactive';
  UploadDate: string;
}

async function userAuthz(input: Input, env: IamEnv): Promise<{ resource: string; context: ReturnType<typeof resourceTagContext> }> {
  const name = input.optStr('UserName') ?? env.ctx.caller.userName;
  if (name === undefined) return { resource: env.ctx.caller.arn, context: {} };
  const t = await userTarget(env, name);
  return { resource: t.resource, context: t.context };
}

/** A key the named user doesn't have: AWS says so differently when the key belongs to another user. */
async function keyNotFound(r: RecordReader, accountId: string, id: string): Promise<AwsError> {
  const other = await r.getById('ssh-public-key', id);
  if (other && other.accountId === accountId) return noSuchEntity(`User has no Public Key with id ${id}.`);
  return noSuchEntity(`The Public Key with id ${id} cannot be found.`);
}

function metadataOut(k: SshPublicKeyData): StructureValue {
  return { UserName: k.UserName, SSHPublicKeyId: k.SSHPublicKeyId, Status: k.Status, UploadDate: date(k.UploadDate) };
}

/** The key in the encoding asked for: `ssh-rsa <blob>` without the comment, or SPKI PEM. */
function render(k: SshPublicKeyData, encoding: string): string {
  if (encoding === 'SSH') return `ssh-rsa ${k.Blob}`;
  const parsed = parseSshPublicKey(`ssh-rsa ${k.Blob}`);
  // INVARIANT: a stored blob parsed when it was uploaded.
  if (typeof parsed === 'string') throw new Error('stored SSH public key does not parse');
  return parsed.key.export({ type: 'spki', format: 'pem' }).toString();
}

export const sshKeyOperations: OperationTable = {
  UploadSSHPublicKey: {
    authorize: userAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const userName = input.str('UserName');
      const body = input.str('SSHPublicKeyBody');
      const parsed = parseSshPublicKey(body);
      const data = await deps.store.transaction(async (tx) => {
        const u = await lockUser(tx, accountId, userName);
        if (parsed === 'unrecognized') throw new AwsError('UnrecognizedPublicKeyEncoding', 'Invalid public key uploaded.');
        if (parsed === 'invalid') throw new AwsError('InvalidPublicKey', 'Invalid body for public key');
        const existing = await tx.list({ accountId, kind: 'ssh-public-key', parent: key(userName), limit: 1000 });
        if (existing.some((r) => dataOf<SshPublicKeyData>(r).Fingerprint === parsed.fingerprint)) {
          throw new AwsError('DuplicateSSHPublicKey', 'Duplicate SSH public key uploaded.');
        }
        // Unconfirmed wording: the quota name AWS reports for SSH public keys.
        if (existing.length >= SSH_PUBLIC_KEYS_PER_USER) throw limitExceeded(`Cannot exceed quota for SSHPublicKeysPerUser: ${SSH_PUBLIC_KEYS_PER_USER}`);
        const id = deps.ids.uniqueId('APKA').slice(0, 20);
        const d: SshPublicKeyData = {
          UserName: u.UserName,
          SSHPublicKeyId: id,
          Fingerprint: parsed.fingerprint,
          SSHPublicKeyBody: body,
          Blob: parsed.blob.toString('base64'),
          Status: 'Active',
          UploadDate: ctx.now.toISOString(),
        };
        await tx.insert({ accountId, kind: 'ssh-public-key', parent: key(userName), key: id, id, createdAt: ctx.now.getTime(), data: d });
        return d;
      });
      return { SSHPublicKey: { ...metadataOut(data), Fingerprint: data.Fingerprint, SSHPublicKeyBody: data.SSHPublicKeyBody } };
    },
  },

  GetSSHPublicKey: {
    authorize: userAuthz,
    async handle(input, env) {
      const { accountId } = env.ctx.caller;
      const userName = input.str('UserName');
      const id = input.str('SSHPublicKeyId');
      await requireUser(env.deps.store, accountId, userName);
      const rec = await env.deps.store.get(accountId, 'ssh-public-key', key(userName), id);
      if (!rec) throw await keyNotFound(env.deps.store, accountId, id);
      const k = dataOf<SshPublicKeyData>(rec);
      return { SSHPublicKey: { ...metadataOut(k), Fingerprint: k.Fingerprint, SSHPublicKeyBody: render(k, input.str('Encoding')) } };
    },
  },

  ListSSHPublicKeys: {
    authorize: userAuthz,
    async handle(input, env) {
      const { accountId, userName: callerName } = env.ctx.caller;
      const userName = input.optStr('UserName') ?? callerName;
      // The root user has no SSH public keys.
      if (userName === undefined) return { SSHPublicKeys: [], IsTruncated: false };
      await requireUser(env.deps.store, accountId, userName);
      const page = await pageOf(env.deps.store, { accountId, kind: 'ssh-public-key', parent: key(userName) }, input.page());
      return { SSHPublicKeys: page.items.map((r) => metadataOut(dataOf<SshPublicKeyData>(r))), ...pageMembers(page) };
    },
  },

  UpdateSSHPublicKey: {
    authorize: userAuthz,
    async handle(input, env) {
      const { accountId } = env.ctx.caller;
      const userName = input.str('UserName');
      const id = input.str('SSHPublicKeyId');
      const status = input.str('Status');
      if (status === 'Expired') throw invalidInput('Operation does not support status Expired');
      await env.deps.store.transaction(async (tx) => {
        await lockUser(tx, accountId, userName);
        const rec = await tx.get(accountId, 'ssh-public-key', key(userName), id);
        if (!rec) throw await keyNotFound(tx, accountId, id);
        await tx.update({ ...rec, data: { ...rec.data, Status: status } });
      });
      return undefined;
    },
  },

  DeleteSSHPublicKey: {
    authorize: userAuthz,
    async handle(input, env) {
      const { accountId } = env.ctx.caller;
      const userName = input.str('UserName');
      const id = input.str('SSHPublicKeyId');
      await env.deps.store.transaction(async (tx) => {
        await lockUser(tx, accountId, userName);
        if (!(await tx.delete(accountId, 'ssh-public-key', key(userName), id))) throw await keyNotFound(tx, accountId, id);
      });
      return undefined;
    },
  },
};
