/**
 * Issuing temporary credentials: the one place every STS operation that hands out credentials (AssumeRole*,
 * GetSessionToken, GetFederationToken) turns a session's claims into an ASIA key, a secret and a sealed token.
 */
import { AwsError } from '../errors.js';
import type { Tag } from '../iam/entities.js';
import type { IamDeps } from '../iam/operation.js';
import { claimsVersion, sealSession, type SessionClaims } from './sessions.js';

/** The claims an operation decides; the key and secret are generated here. */
export type SessionRequestClaims = Omit<SessionClaims, 'v' | 'accessKeyId' | 'secretAccessKey' | 'pad'>;

// A type alias (not an interface) so that it fits the protocol layer's StructureValue as an output member.
export type IssuedCredentials = {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
};

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Bits 7–46 of the first 48 bits of an access key ID's body hold the account ID in AWS's key format. */
const ACCOUNT_MASK = 0x7fffffffff80n;

function base32ToBigInt(text: string): bigint | undefined {
  let n = 0n;
  for (const c of text) {
    const i = BASE32.indexOf(c);
    if (i < 0) return undefined;
    n = (n << 5n) | BigInt(i);
  }
  return n;
}

function bigIntToBase32(n: bigint, chars: number): string {
  let out = '';
  for (let i = 0; i < chars; i++) {
    out = (BASE32[Number(n & 31n)] ?? 'A') + out;
    n >>= 5n;
  }
  return out;
}

/**
 * The account ID an access key ID encodes, AWS's way: the 16 characters after the prefix are 80 bits of
 * base32; the account is bits 7–46 of the first 48. Undefined when the ID isn't of that form or encodes no
 * 12-digit account.
 * @example accountOfAccessKeyId('ASIAY34FZKBOKMUTVV7A') // '609629065308'
 */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  const body = accessKeyId.slice(4);
  if (body.length !== 16) return undefined;
  const bits = base32ToBigInt(body);
  if (bits === undefined) return undefined;
  const account = ((bits >> 32n) & ACCOUNT_MASK) >> 7n;
  return account < 1_000_000_000_000n ? account.toString().padStart(12, '0') : undefined;
}

/**
 * A temporary access key ID that carries its account as AWS's do (so GetAccessKeyInfo answers without
 * storage, even for keys nobody stored): random bits from deps.ids with the account written into bits 7–46.
 */
export function temporaryAccessKeyId(ids: IamDeps['ids'], accountId: string): string {
  const random = base32ToBigInt(ids.accessKeyId('ASIA').slice(4)) ?? 0n;
  const head = ((random >> 32n) & ~ACCOUNT_MASK & 0xffffffffffffn) | (BigInt(accountId) << 7n);
  return 'ASIA' + bigIntToBase32((head << 32n) | (random & 0xffffffffn), 16);
}

/**
 * The largest session token Gatehouse issues, in bytes: SessionTokenUtilization is the share of it a token
 * uses, and GetScopedCredentials refuses a larger one with PackedPolicyTooLarge. AWS doesn't publish its
 * limit (its tokens are a compact binary format); Gatehouse's tokens are sealed JSON, so the figure is chosen
 * so that the largest session AWS's other limits let through fits: a 2,048-character session policy, 10
 * policy ARNs, 50 session tags within the packed-size limit, and three 2,048-character scope-down policies.
 */
export const MAX_SESSION_TOKEN_BYTES = 32_768;

/** SessionTokenSize and SessionTokenUtilization, which every call that issues credentials answers with. */
export function tokenFigures(credentials: IssuedCredentials): { SessionTokenSize: number; SessionTokenUtilization: number } {
  const size = credentials.SessionToken.length;
  return { SessionTokenSize: size, SessionTokenUtilization: Math.min(100, Math.ceil((size * 100) / MAX_SESSION_TOKEN_BYTES)) };
}

/**
 * New temporary credentials for `claims`: an ASIA key ID, a fresh secret, the sealed session token — at
 * least `minTokenSize` bytes long when asked (the token is ASCII: characters are bytes).
 */
export function issueCredentials(
  deps: Pick<IamDeps, 'ids' | 'secrets'>,
  claims: SessionRequestClaims,
  minTokenSize = 0,
): { claims: SessionClaims; credentials: IssuedCredentials } {
  let full: SessionClaims = { ...claims, v: claimsVersion(claims), accessKeyId: temporaryAccessKeyId(deps.ids, claims.accountId), secretAccessKey: deps.ids.secretAccessKey() };
  let token = sealSession(deps.secrets, full);
  // The sealed form grows by 4 characters per 3 bytes of claims; a few rounds reach the size asked for.
  while (token.length < minTokenSize) {
    const pad = (full.pad ?? '') + 'x'.repeat(Math.max(1, Math.floor(((minTokenSize - token.length) * 3) / 4)));
    full = { ...full, pad };
    token = sealSession(deps.secrets, full);
  }
  return {
    claims: full,
    credentials: {
      AccessKeyId: full.accessKeyId,
      SecretAccessKey: full.secretAccessKey,
      SessionToken: token,
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
    // AWS's two wordings, as quoted in AWS's knowledge-center article "iam-role-aws-sts-error".
    const message = size.tagBytes >= size.policyBytes
      ? `Packed size of session tags consumes ${size.percent}% of allotted space.`
      : `Packed policy consumes ${size.percent}% of allotted space, please use smaller policy.`;
    throw new AwsError('PackedPolicyTooLarge', message);
  }
  return size.percent;
}
