/**
 * Issuing temporary credentials: the one place every STS operation that hands out credentials (AssumeRole*,
 * GetSessionToken, GetFederationToken) turns a session's claims into an ASIA key, a secret and a sealed token.
 */
import { AwsError } from '../errors.js';
import type { Tag } from '../iam/entities.js';
import type { IamDeps } from '../iam/operation.js';
import { sealSession, type SessionClaims } from './sessions.js';

/** The claims an operation decides; the key and secret are generated here. */
export type SessionRequestClaims = Omit<SessionClaims, 'v' | 'accessKeyId' | 'secretAccessKey'>;

export interface IssuedCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

/** New temporary credentials for `claims`: an ASIA key ID, a fresh secret, the sealed session token. */
export function issueCredentials(deps: Pick<IamDeps, 'ids' | 'secrets'>, claims: SessionRequestClaims): { claims: SessionClaims; credentials: IssuedCredentials } {
  const full: SessionClaims = { v: 1, ...claims, accessKeyId: deps.ids.accessKeyId('ASIA'), secretAccessKey: deps.ids.secretAccessKey() };
  return {
    claims: full,
    credentials: {
      AccessKeyId: full.accessKeyId,
      SecretAccessKey: full.secretAccessKey,
      SessionToken: sealSession(deps.secrets, full),
      Expiration: new Date(full.expiresAt),
    },
  };
}

/** The AssumedRoleUser of an AssumeRole* response (and the session's aws:userid and ARN). */
export function assumedRoleUser(role: { RoleId: string; RoleName: string; Arn: string }, sessionName: string): { AssumedRoleId: string; Arn: string } {
  const account = role.Arn.split(':')[4] ?? '';
  // The session ARN carries the role name without its path, as AWS's does.
  return { AssumedRoleId: `${role.RoleId}:${sessionName}`, Arn: `arn:aws:sts::${account}:assumed-role/${role.RoleName}/${sessionName}` };
}

/**
 * The packing model. AWS compresses the session policy, the policy ARNs and the session tags into a binary
 * format with its own limit and reports its use as PackedPolicySize (a percentage); the format is not
 * published. Gatehouse's model, chosen so that what AWS accepts in practice fits and what it refuses (e.g. 50
 * tags of maximal length) does not:
 * - the inline policy counts its minified JSON length (whitespace outside strings removed) at half a byte
 *   per character (AWS's compression roughly halves policy text), so a 2,048-character policy alone uses 50%;
 * - each policy ARN counts its length plus 2 bytes;
 * - each tag counts key length + value length + 2 bytes;
 * - the allotted space is PACKED_LIMIT_BYTES (2,048).
 * The result is rounded up to a whole percent; over 100 → PackedPolicyTooLarge.
 */
export const PACKED_LIMIT_BYTES = 2048;

function minifiedLength(text: string): number {
  try {
    return JSON.stringify(JSON.parse(text)).length;
  } catch {
    return text.length;
  }
}

export interface PackedSize {
  /** Percent of the allotted space, rounded up. */
  percent: number;
  policyBytes: number;
  tagBytes: number;
}

export function packedSize(policy: string | undefined, policyArns: readonly string[] | undefined, tags: readonly Tag[] | undefined): PackedSize {
  const policyBytes = (policy !== undefined ? Math.ceil(minifiedLength(policy) / 2) : 0) + (policyArns ?? []).reduce((n, a) => n + a.length + 2, 0);
  const tagBytes = (tags ?? []).reduce((n, t) => n + t.Key.length + t.Value.length + 2, 0);
  return { percent: Math.ceil(((policyBytes + tagBytes) * 100) / PACKED_LIMIT_BYTES), policyBytes, tagBytes };
}

/**
 * PackedPolicySize for a response; throws PackedPolicyTooLarge when the packed session data exceeds the
 * allotted space, naming the larger part as AWS's messages do.
 */
export function packedPolicySize(policy: string | undefined, policyArns: readonly string[] | undefined, tags: readonly Tag[] | undefined): number {
  const size = packedSize(policy, policyArns, tags);
  if (size.percent > 100) {
    // "Packed size of session tags consumes 112% of allotted space." is AWS's wording for tags.
    // Unconfirmed wording: the policy variant ("session policies").
    const what = size.tagBytes >= size.policyBytes ? 'session tags' : 'session policies';
    throw new AwsError('PackedPolicyTooLarge', `Packed size of ${what} consumes ${size.percent}% of allotted space.`);
  }
  return size.percent;
}
