/**
 * X.509 signing certificates: Upload, List, Update, Delete, for a user or (without UserName, called by the
 * root user) for the account.
 *
 * Record: kind `signing-certificate`, parent = the user's key (`#root` for the root user, as access keys),
 * key and global id = the CertificateId. AWS derives the ID from the certificate (base32 of the SHA-1 of
 * its DER, 32 characters), which is what makes a certificate unique across users: the same user uploading
 * it again gets the existing record back, anyone else gets DuplicateCertificate (observed on AWS).
 */
import { createHash } from 'node:crypto';
import type { StructureValue } from '../../../protocol/model/index.js';
import type { JsonObject } from '../../../store/contract.js';
import { AwsError, invalidInput, limitExceeded, noSuchEntity } from '../../errors.js';
import type { Input } from '../../input.js';
import { rootArn } from '../arns.js';
import { date, type resourceTagContext } from '../common.js';
import { dataOf, key, lockUser, requireUser } from '../entities.js';
import type { IamEnv, OperationTable } from '../operation.js';
import { pageMembers, pageOf } from '../pagination.js';
import { ROOT_KEY_PARENT } from './access-keys.js';
import { userTarget } from './users.js';
import { base32, certificatesFromPem } from './x509.js';

export const SIGNING_CERTIFICATES_PER_USER = 2;

export interface SigningCertificateData extends JsonObject {
  /** The owning user's name, or null for the root user's certificates. */
  UserName: string | null;
  CertificateId: string;
  /** The body exactly as uploaded. */
  CertificateBody: string;
  Status: 'Active' | 'Inactive';
  UploadDate: string;
}

/** The user a call is about: the named one, else the caller (the root user when root calls). */
function owner(input: Input, env: IamEnv): { userName?: string; parent: string } {
  const name = input.optStr('UserName') ?? env.ctx.caller.userName;
  return name === undefined ? { parent: ROOT_KEY_PARENT } : { userName: name, parent: key(name) };
}

async function ownerAuthz(input: Input, env: IamEnv): Promise<{ resource: string; context: ReturnType<typeof resourceTagContext> }> {
  const o = owner(input, env);
  if (o.userName === undefined) return { resource: rootArn(env.ctx.caller.accountId), context: {} };
  const t = await userTarget(env, o.userName);
  return { resource: t.resource, context: t.context };
}

const notFound = (id: string): AwsError => noSuchEntity(`The Certificate with id ${id} cannot be found.`);

function out(c: SigningCertificateData, accountId: string): StructureValue {
  return { UserName: c.UserName ?? accountId, CertificateId: c.CertificateId, CertificateBody: c.CertificateBody, Status: c.Status, UploadDate: date(c.UploadDate) };
}

export const signingCertificateOperations: OperationTable = {
  UploadSigningCertificate: {
    authorize: ownerAuthz,
    async handle(input, env) {
      const { ctx, deps } = env;
      const { accountId } = ctx.caller;
      const o = owner(input, env);
      const body = input.str('CertificateBody');
      const data = await deps.store.transaction(async (tx) => {
        let userName: string | null = null;
        if (o.userName !== undefined) userName = (await lockUser(tx, accountId, o.userName)).UserName;
        else await tx.lock(accountId, 'account', '', accountId);
        const cert = certificatesFromPem(body)?.[0];
        if (!cert) throw new AwsError('MalformedCertificate', `Certificate ${body} is malformed.`);
        // Unconfirmed wording: AWS refuses an expired certificate as MalformedCertificate; only the message's
        // first line (`Certificate <body…`) has been observed.
        if (new Date(cert.validTo).getTime() < ctx.now.getTime()) throw new AwsError('MalformedCertificate', `Certificate ${body} is malformed.`);
        const id = base32(createHash('sha1').update(cert.raw).digest());
        const existing = await tx.getById('signing-certificate', id);
        if (existing) {
          if (existing.accountId === accountId && existing.parent === o.parent) {
            // Uploading the same certificate again returns the stored one, reported Active (observed).
            return { ...dataOf<SigningCertificateData>(existing), Status: 'Active' } satisfies SigningCertificateData;
          }
          throw new AwsError('DuplicateCertificate', 'Duplicate certificate uploaded.');
        }
        if ((await tx.count(accountId, 'signing-certificate', o.parent)) >= SIGNING_CERTIFICATES_PER_USER) {
          throw limitExceeded(`Cannot exceed quota for CertificatesPerUser: ${SIGNING_CERTIFICATES_PER_USER}`);
        }
        const d: SigningCertificateData = { UserName: userName, CertificateId: id, CertificateBody: body, Status: 'Active', UploadDate: ctx.now.toISOString() };
        await tx.insert({ accountId, kind: 'signing-certificate', parent: o.parent, key: id, id, createdAt: ctx.now.getTime(), data: d });
        return d;
      });
      return { Certificate: out(data, accountId) };
    },
  },

  ListSigningCertificates: {
    authorize: ownerAuthz,
    async handle(input, env) {
      const { accountId } = env.ctx.caller;
      const o = owner(input, env);
      if (o.userName !== undefined) await requireUser(env.deps.store, accountId, o.userName);
      const page = await pageOf(env.deps.store, { accountId, kind: 'signing-certificate', parent: o.parent }, input.page());
      return { Certificates: page.items.map((r) => out(dataOf<SigningCertificateData>(r), accountId)), ...pageMembers(page) };
    },
  },

  UpdateSigningCertificate: {
    authorize: ownerAuthz,
    async handle(input, env) {
      const { accountId } = env.ctx.caller;
      const o = owner(input, env);
      const id = input.str('CertificateId');
      const status = input.str('Status');
      await env.deps.store.transaction(async (tx) => {
        if (o.userName !== undefined) await lockUser(tx, accountId, o.userName);
        if (status === 'Expired') throw invalidInput('Operation does not support status Expired');
        const rec = await tx.get(accountId, 'signing-certificate', o.parent, id);
        if (!rec) throw notFound(id);
        await tx.update({ ...rec, data: { ...rec.data, Status: status } });
      });
      return undefined;
    },
  },

  DeleteSigningCertificate: {
    authorize: ownerAuthz,
    async handle(input, env) {
      const { accountId } = env.ctx.caller;
      const o = owner(input, env);
      const id = input.str('CertificateId');
      await env.deps.store.transaction(async (tx) => {
        if (o.userName !== undefined) await lockUser(tx, accountId, o.userName);
        if (!(await tx.delete(accountId, 'signing-certificate', o.parent, id))) throw notFound(id);
      });
      return undefined;
    },
  },
};
