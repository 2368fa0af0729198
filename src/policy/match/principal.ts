/**
 * Who is calling, read from the principal string of a request, and how a Principal element matches it.
 */
import type { PrincipalBlock, PrincipalType } from '../document/ast.js';

export type PrincipalKind =
  | 'user'
  | 'assumed-role'
  | 'federated-user'
  | 'root'
  | 'role'
  | 'service'
  | 'anonymous'
  | 'other';

export interface RequestPrincipal {
  /** The string the request gave. */
  raw: string;
  kind: PrincipalKind;
  partition: string;
  account?: string;
  /** User name, role name (for roles and sessions), or federated user name. */
  name?: string;
  sessionName?: string;
  /** For a user or role: the path, with leading and trailing slashes. */
  path?: string;
}

const ACCOUNT = /^\d{12}$/;

/**
 * Reads a principal string.
 * @example parsePrincipal('arn:aws:sts::111122223333:assumed-role/Admin/alice').kind // 'assumed-role'
 */
export function parsePrincipal(raw: string): RequestPrincipal {
  if (raw === '*' || raw === '' || raw.toLowerCase() === 'anonymous') return { raw, kind: 'anonymous', partition: 'aws' };
  if (!raw.startsWith('arn:')) {
    if (ACCOUNT.test(raw)) return { raw, kind: 'root', partition: 'aws', account: raw };
    // Service principals and federated providers are plain names such as `ec2.amazonaws.com`.
    return { raw, kind: raw.includes('.') ? 'service' : 'other', partition: 'aws' };
  }
  const parts = raw.split(':');
  const partition = parts[1] ?? 'aws';
  const service = parts[2] ?? '';
  const account = parts[4] ?? '';
  const resource = parts.slice(5).join(':');
  const slash = resource.indexOf('/');
  const type = slash < 0 ? resource : resource.slice(0, slash);
  const rest = slash < 0 ? '' : resource.slice(slash + 1);
  const base = { raw, partition, ...(ACCOUNT.test(account) ? { account } : {}) };
  if (service === 'iam' && resource === 'root') return { ...base, kind: 'root' };
  if (service === 'iam' && (type === 'user' || type === 'role')) {
    const cut = rest.lastIndexOf('/');
    const name = cut < 0 ? rest : rest.slice(cut + 1);
    const path = cut < 0 ? '/' : `/${rest.slice(0, cut + 1)}`;
    return { ...base, kind: type, name, path };
  }
  if (service === 'sts' && type === 'assumed-role') {
    const cut = rest.indexOf('/');
    return { ...base, kind: 'assumed-role', name: rest.slice(0, cut < 0 ? undefined : cut), sessionName: cut < 0 ? '' : rest.slice(cut + 1) };
  }
  if (service === 'sts' && type === 'federated-user') return { ...base, kind: 'federated-user', name: rest };
  return { ...base, kind: 'other' };
}

/** How a Principal element matched: naming the caller itself, its role, its account, or everyone. */
export type PrincipalMatch = 'direct' | 'role' | 'account' | 'wildcard';

function accountOfValue(v: string): string | undefined {
  if (ACCOUNT.test(v)) return v;
  const m = /^arn:[^:]+:iam::(\d{12}):root$/.exec(v);
  return m?.[1];
}

/**
 * Matches one `AWS` principal value against the caller.
 * `principalArn` is the caller's `aws:PrincipalArn` (for a session: its role's ARN, with the role's path when
 * the request gave it).
 */
function matchAwsValue(v: string, p: RequestPrincipal, principalArn: string): PrincipalMatch | undefined {
  if (v === '*') return 'wildcard';
  if (p.kind === 'anonymous' || p.kind === 'service') return undefined;
  const acct = accountOfValue(v);
  if (acct !== undefined) {
    if (p.account !== acct) return undefined;
    // The root user is the account itself.
    return p.kind === 'root' ? 'direct' : 'account';
  }
  if (v === p.raw) return 'direct';
  if (p.kind === 'assumed-role' && v.startsWith('arn:') && v.includes(':role/')) {
    if (v === principalArn) return 'role';
    // A session's ARN carries its role's name but not its path; role names are unique in an account, so the
    // name identifies the role whatever path the policy writes.
    const m = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(v);
    if (m && m[1] === p.partition && m[2] === p.account && m[3] === p.name) return 'role';
  }
  return undefined;
}

/**
 * The strongest way a Principal element matches the caller, or undefined.
 * Partial wildcards are not principals in IAM: only a whole `*` is a wildcard.
 */
export function matchPrincipal(block: PrincipalBlock, p: RequestPrincipal, principalArn: string): PrincipalMatch | undefined {
  if (block.kind === 'any') return 'wildcard';
  let best: PrincipalMatch | undefined;
  const rank = { direct: 4, role: 3, wildcard: 2, account: 1 } as const;
  const consider = (m: PrincipalMatch | undefined): void => {
    if (m && (!best || rank[m] > rank[best])) best = m;
  };
  for (const [type, values] of Object.entries(block.entries) as [PrincipalType, { value: string }[]][]) {
    for (const { value } of values) {
      if (type === 'AWS') consider(matchAwsValue(value, p, principalArn));
      else if (value === '*') consider('wildcard');
      else if (type === 'Service') {
        if (p.kind === 'service' && value.toLowerCase() === p.raw.toLowerCase()) consider('direct');
      } else if (value === p.raw) consider('direct');
    }
  }
  return best;
}

/**
 * NotPrincipal excludes the caller only when it names the caller itself (its exact ARN; for the root user,
 * its account). Naming a session's role alone doesn't exclude the session, as AWS documents.
 */
export function excludedByNotPrincipal(block: PrincipalBlock, p: RequestPrincipal, principalArn: string): boolean {
  if (block.kind === 'any') return true;
  for (const [type, values] of Object.entries(block.entries) as [PrincipalType, { value: string }[]][]) {
    for (const { value } of values) {
      if (value === '*') return true;
      if (type === 'AWS') {
        const m = matchAwsValue(value, p, principalArn);
        if (m === 'direct' || m === 'wildcard') return true;
      } else if (type === 'Service' ? p.kind === 'service' && value.toLowerCase() === p.raw.toLowerCase() : value === p.raw) return true;
    }
  }
  return false;
}

/** The caller's account, when it has one. */
export function principalAccount(p: RequestPrincipal): string | undefined {
  return p.account;
}
