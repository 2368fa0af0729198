/**
 * Service-specific credentials: Create, List, Reset, Update, Delete.
 *
 * Two kinds, by service (as AWS hands them out):
 * - user name and password (`codecommit.amazonaws.com`, `cassandra.amazonaws.com`): ServiceUserName and
 *   ServicePassword;
 * - API keys (`bedrock.amazonaws.com`, `logs.amazonaws.com`, `cloudwatch.amazonaws.com`,
 *   `aws-external-anthropic.amazonaws.com`): ServiceCredentialAlias and ServiceCredentialSecret, the secret
 *   being a bearer token `<prefix><base64(alias ":" password)>`.
 * The public name is `<user>-at-<account>`, then `<user>+1-at-<account>`… whichever is free for that service
 * in the account; it stays with the credential when the user is renamed.
 *
 * Record: kind `service-specific-credential`, parent = the user's key, key and global id = the credential
 * ID (`ACCA…`). Data: {@link ServiceCredentialData}.
 *
 * What a verifier needs (and all that is kept of the secret): `SecretHash`, the SHA-256 of the password
 * (for API keys, of the password inside the token), hex. The services present the password itself (Git
 * over HTTPS basic auth, Cassandra PLAIN, a bearer token), so a verifier finds the credential by its public
 * name (the account ID is its suffix), checks ServiceName, Status and ExpirationDate, and compares hashes.
 * The passwords are 60 characters from a CSPRNG, so a fast hash is enough: there is nothing to brute-force.
 */
import { createHash } from 'node:crypto';
import type { ContextValue } from '../../../policy/index.js';
import type { StructureValue } from '../../../protocol/model/index.js';
import type { JsonObject, RecordReader, StoredRecord } from '../../../store/contract.js';
import { AwsError, invalidInput, limitExceeded, noSuchEntity, validationError } from '../../errors.js';
import type { Input } from '../../input.js';
import { userArn } from '../arns.js';
import { date } from '../common.js';
import { dataOf, key, lockUser, requireUser } from '../entities.js';
import type { IamDeps, IamEnv, OperationTable } from '../operation.js';
import { pageArray, pageMembers } from '../pagination.js';
import { userTarget } from './users.js';

export const CREDENTIALS_PER_USER_PER_SERVICE = 2;

/** Supported services; API-key services carry their token prefix. */
export const SERVICE_CREDENTIAL_SERVICES: Readonly<Record<string, { apiKeyPrefix?: string }>> = {
  'codecommit.amazonaws.com': {},
  'cassandra.amazonaws.com': {},
  'bedrock.amazonaws.com': { apiKeyPrefix: 'ABSK' },
  'logs.amazonaws.com': { apiKeyPrefix: 'ACWL' },
  'cloudwatch.amazonaws.com': { apiKeyPrefix: 'APIAACWM' },
  'aws-external-anthropic.amazonaws.com': { apiKeyPrefix: 'AEAA' },
};

export interface ServiceCredentialData extends JsonObject {
  ServiceSpecificCredentialId: string;
  UserName: string;
  ServiceName: string;
  /** ServiceUserName for user-name/password services, ServiceCredentialAlias for API keys. */
  PublicName: string;
  ApiKey: boolean;
  Status: 'Active' | 'Inactive';
  CreateDate: string;
  ExpirationDate: string | null;
  /** SHA-256 of the password, hex. */
  SecretHash: string;
}

/** The canonical service name, or AWS's error for it. */
function serviceOf(name: string): string {
  if (!/^[a-zA-Z0-9.-]*$/.test(name)) throw validationError('ServiceName must match [a-zA-Z0-9.-]*');
  const canonical = name.toLowerCase();
  if (!SERVICE_CREDENTIAL_SERVICES[canonical]) throw noSuchEntity(`No such service ${name} is supported for Service Specific Credentials`);
  return canonical;
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** 59 characters of the base64 alphabet and a final `=`, the shape of AWS's service passwords. */
const newPassword = (deps: IamDeps): string => `${deps.ids.secretAccessKey()}${deps.ids.secretAccessKey().slice(0, 19)}=`;

/** The secret to hand out once, and the hash to keep. */
function newSecret(deps: IamDeps, c: Pick<ServiceCredentialData, 'ServiceName' | 'PublicName'>): { secret: string; hash: string } {
  const password = newPassword(deps);
  const prefix = SERVICE_CREDENTIAL_SERVICES[c.ServiceName]?.apiKeyPrefix;
  const secret = prefix === undefined ? password : prefix + Buffer.from(`${c.PublicName}:${password}`, 'utf8').toString('base64');
  return { secret, hash: sha256(password) };
}

function status(c: ServiceCredentialData, now: Date): string {
  return c.ExpirationDate !== null && Date.parse(c.ExpirationDate) <= now.getTime() ? 'Expired' : c.Status;
}

function metadataOut(c: ServiceCredentialData, now: Date): StructureValue {
  return {
    UserName: c.UserName,
    Status: status(c, now),
    ...(c.ApiKey ? { ServiceCredentialAlias: c.PublicName } : { ServiceUserName: c.PublicName }),
    CreateDate: date(c.CreateDate),
    ...(c.ExpirationDate !== null ? { ExpirationDate: date(c.ExpirationDate) } : {}),
    ServiceSpecificCredentialId: c.ServiceSpecificCredentialId,
    ServiceName: c.ServiceName,
  };
}

function credentialOut(c: ServiceCredentialData, secret: string, now: Date): StructureValue {
  return { ...metadataOut(c, now), ...(c.ApiKey ? { ServiceCredentialSecret: secret } : { ServicePassword: secret }) };
}

/** The user a call is about: the named one, else the calling user. */
function userOf(input: Input, env: IamEnv): string | undefined {
  return input.optStr('UserName') ?? env.ctx.caller.userName;
}

async function userContext(env: IamEnv, userName: string | undefined): Promise<{ resource: string; context: Record<string, ContextValue> }> {
  if (userName === undefined) return { resource: env.ctx.caller.arn, context: {} };
  const t = await userTarget(env, userName);
  return { resource: t.resource, context: t.context };
}

/** Authorization of calls on one credential: its user, with the stored service as a condition key. */
async function credentialAuthz(input: Input, env: IamEnv): Promise<{ resource: string; context: Record<string, ContextValue> }> {
  const t = await userContext(env, userOf(input, env));
  const rec = await env.deps.store.getById('service-specific-credential', input.str('ServiceSpecificCredentialId'));
  if (rec && rec.accountId === env.ctx.caller.accountId) t.context['iam:ServiceSpecificCredentialServiceName'] = dataOf<ServiceCredentialData>(rec).ServiceName;
  return t;
}

/** The user's credential with this ID, or AWS's error (another user's credential is named as such). */
async function findCredential(r: RecordReader, accountId: string, userName: string, id: string): Promise<StoredRecord> {
  const rec = await r.get(accountId, 'service-specific-credential', key(userName), id);
  if (rec) return rec;
  const other = await r.getById('service-specific-credential', id);
  if (other && other.accountId === accountId) throw validationError(`User ${userName} does not have a service specific credential with id ${id}`);
  throw noSuchEntity(`No such credential ${id} exists`);
}

/** The caller's user name for calls that need one; the root user has no service-specific credentials. */
function requiredUser(input: Input, env: IamEnv): string {
  const name = userOf(input, env);
  // Unconfirmed wording: what AWS answers the root user calling without UserName.
  if (name === undefined) throw new AwsError('NoSuchEntity', 'The user with name root cannot be found.');
  return name;
}

export const serviceCredentialOperations: OperationTable = {
  CreateServiceSpecificCredential: {
    async authorize(input, env) {
      const t = await userContext(env, input.str('UserName'));
      const days = input.optInt('CredentialAgeDays');
      return {
        resource: t.resource,
        context: {
          ...t.context,
          'iam:ServiceSpecificCredentialServiceName': input.str('ServiceName').toLowerCase(),
          ...(days !== undefined ? { 'iam:ServiceSpecificCredentialAgeDays': String(days) } : {}),
        },
      };
    },
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const userName = input.str('UserName');
      const days = input.optInt('CredentialAgeDays');
      const result = await deps.store.transaction(async (tx) => {
        const u = await lockUser(tx, accountId, userName);
        const service = serviceOf(input.str('ServiceName'));
        const mine = (await tx.list({ accountId, kind: 'service-specific-credential', parent: key(userName), limit: 1000 })).map((r) => dataOf<ServiceCredentialData>(r));
        if (mine.filter((c) => c.ServiceName === service).length >= CREDENTIALS_PER_USER_PER_SERVICE) {
          throw limitExceeded(`Cannot exceed quota for ContextSpecificCredentialsPerUserPerContext: ${CREDENTIALS_PER_USER_PER_SERVICE}`);
        }
        // Public names are unique per service in the account, including those of renamed users.
        const taken = new Set(
          (await tx.list({ accountId, kind: 'service-specific-credential', limit: 100_000 }))
            .map((r) => dataOf<ServiceCredentialData>(r))
            .filter((c) => c.ServiceName === service)
            .map((c) => c.PublicName),
        );
        let publicName = `${u.UserName}-at-${accountId}`;
        for (let n = 1; taken.has(publicName); n++) publicName = `${u.UserName}+${n}-at-${accountId}`;
        const id = deps.ids.uniqueId('ACCA');
        const apiKey = SERVICE_CREDENTIAL_SERVICES[service]?.apiKeyPrefix !== undefined;
        const { secret, hash } = newSecret(deps, { ServiceName: service, PublicName: publicName });
        const data: ServiceCredentialData = {
          ServiceSpecificCredentialId: id,
          UserName: u.UserName,
          ServiceName: service,
          PublicName: publicName,
          ApiKey: apiKey,
          Status: 'Active',
          CreateDate: ctx.now.toISOString(),
          ExpirationDate: days !== undefined ? new Date(ctx.now.getTime() + days * 86_400_000).toISOString() : null,
          SecretHash: hash,
        };
        await tx.insert({ accountId, kind: 'service-specific-credential', parent: key(userName), key: id, id, createdAt: ctx.now.getTime(), data });
        return { data, secret };
      });
      return { ServiceSpecificCredential: credentialOut(result.data, result.secret, ctx.now) };
    },
  },

  ListServiceSpecificCredentials: {
    async authorize(input, env) {
      // Listing every user's credentials is authorized against all users of the account.
      if (input.optBool('AllUsers') === true) return { resource: userArn(env.ctx.caller.accountId, '/', '*') };
      return userContext(env, userOf(input, env));
    },
    async handle(input, env) {
      const { ctx, deps } = env;
      const { accountId } = ctx.caller;
      const allUsers = input.optBool('AllUsers') === true;
      if (allUsers && input.has('UserName')) throw invalidInput('Cannot list credentials for all users if a username is given');
      const serviceName = input.optStr('ServiceName');
      const service = serviceName === undefined || serviceName === '' ? undefined : serviceOf(serviceName);
      let rows: StoredRecord[];
      if (allUsers) {
        rows = await deps.store.list({ accountId, kind: 'service-specific-credential', limit: 100_000 });
      } else {
        const userName = userOf(input, env);
        if (userName === undefined) return { ServiceSpecificCredentials: [], IsTruncated: false };
        await requireUser(deps.store, accountId, userName);
        rows = await deps.store.list({ accountId, kind: 'service-specific-credential', parent: key(userName), limit: 100_000 });
      }
      const creds = rows.map((r) => dataOf<ServiceCredentialData>(r)).filter((c) => service === undefined || c.ServiceName === service);
      const page = pageArray(creds, (c) => c.ServiceSpecificCredentialId, input.page());
      return { ServiceSpecificCredentials: page.items.map((c) => metadataOut(c, ctx.now)), ...pageMembers(page) };
    },
  },

  ResetServiceSpecificCredential: {
    authorize: credentialAuthz,
    async handle(input, env) {
      const { ctx, deps } = env;
      const { accountId } = ctx.caller;
      const userName = requiredUser(input, env);
      const id = input.str('ServiceSpecificCredentialId');
      const result = await deps.store.transaction(async (tx) => {
        await lockUser(tx, accountId, userName);
        const rec = await findCredential(tx, accountId, userName, id);
        const c = dataOf<ServiceCredentialData>(rec);
        // Unconfirmed wording: AWS refuses to reset an expired credential; its message hasn't been seen.
        if (status(c, ctx.now) === 'Expired') throw invalidInput(`Credential ${id} has expired and cannot be reset.`);
        const { secret, hash } = newSecret(deps, c);
        const data: ServiceCredentialData = { ...c, SecretHash: hash };
        await tx.update({ ...rec, data });
        return { data, secret };
      });
      return { ServiceSpecificCredential: credentialOut(result.data, result.secret, ctx.now) };
    },
  },

  UpdateServiceSpecificCredential: {
    authorize: credentialAuthz,
    async handle(input, env) {
      const { accountId } = env.ctx.caller;
      const userName = requiredUser(input, env);
      const id = input.str('ServiceSpecificCredentialId');
      const newStatus = input.str('Status');
      await env.deps.store.transaction(async (tx) => {
        await lockUser(tx, accountId, userName);
        const rec = await findCredential(tx, accountId, userName, id);
        if (newStatus === 'Expired') throw invalidInput('Operation does not support status Expired');
        await tx.update({ ...rec, data: { ...rec.data, Status: newStatus } });
      });
      return undefined;
    },
  },

  DeleteServiceSpecificCredential: {
    authorize: credentialAuthz,
    async handle(input, env) {
      const { accountId } = env.ctx.caller;
      const userName = requiredUser(input, env);
      const id = input.str('ServiceSpecificCredentialId');
      await env.deps.store.transaction(async (tx) => {
        await lockUser(tx, accountId, userName);
        const rec = await findCredential(tx, accountId, userName, id);
        await tx.delete(accountId, 'service-specific-credential', rec.parent, rec.key);
      });
      return undefined;
    },
  },
};
