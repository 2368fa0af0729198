/**
 * Passwords of IAM users and of the root user: the account password policy (AWS's default one when none is
 * set), password history for reuse prevention, expiry, and the sign-in check the console uses, with
 * throttling and lockout against guessing.
 *
 * Records:
 * - `password-policy` (parent '', key 'current'): the account's policy, as UpdateAccountPasswordPolicy set it.
 * - `login-profile` (parent '', key = the user's key): a user's console password (argon2id hash only). The
 *   key `#root` (which no user name can take) holds the root user's sign-in data; its password hash stays
 *   in the account record.
 * - `password-history` (parent = the user's key): the hashes of the last {@link HISTORY_KEPT} passwords set,
 *   the current one included, keyed so that key order is the order they were set in.
 */
import type { JsonObject, RecordReader, RecordWriter } from '../../store/contract.js';
import type { Clock } from '../deps.js';
import { AwsError } from '../errors.js';
import { rootArn } from '../iam/arns.js';
import { dataOf, getData, key, type AccountData, type UserData } from '../iam/entities.js';
import type { PasswordHasher } from '../iam/operation.js';

export interface PasswordPolicyData extends JsonObject {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  /** Days a password is valid; null: passwords never expire. */
  MaxPasswordAge: number | null;
  /** How many previous passwords can't be used again; null: no reuse prevention. */
  PasswordReusePrevention: number | null;
  /** null when the request left it out (GetAccountPasswordPolicy then leaves it out too). */
  HardExpiry: boolean | null;
}

export interface LoginProfileData extends JsonObject {
  UserName: string;
  CreateDate: string;
  PasswordResetRequired: boolean;
  /** argon2id, PHC string format. */
  PasswordHash: string;
  PasswordLastChanged: string;
  /** The last successful console sign-in, or null. */
  PasswordLastUsed: string | null;
}

/** The root user's sign-in data (its password hash lives in the account record). */
export interface RootSignInData extends JsonObject {
  PasswordLastUsed: string | null;
}

/** The `login-profile` key of the root user's sign-in data: `#` can't appear in a user name. */
export const ROOT_PROFILE_KEY = '#root';
export const PASSWORD_POLICY_KEY = 'current';
/** AWS's largest PasswordReusePrevention: more history than this is never consulted. */
export const HISTORY_KEPT = 24;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The non-alphanumeric characters IAM's policy counts as symbols. */
export const PASSWORD_SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

// IAM answers every policy failure of CreateLoginProfile / UpdateLoginProfile / ChangePassword with this one
// message (tools such as Ansible's iam module match on it); the failed rule is not named.
export const POLICY_VIOLATION_MESSAGE = 'Password does not conform to the account password policy.';
export const passwordPolicyViolation = (): AwsError => new AwsError('PasswordPolicyViolation', POLICY_VIOLATION_MESSAGE);

export async function readPasswordPolicy(r: RecordReader, accountId: string): Promise<PasswordPolicyData | undefined> {
  return getData<PasswordPolicyData>(r, accountId, 'password-policy', '', PASSWORD_POLICY_KEY);
}

interface CharacterClasses {
  upper: boolean;
  lower: boolean;
  number: boolean;
  symbol: boolean;
}

function classesOf(password: string): CharacterClasses {
  const c: CharacterClasses = { upper: false, lower: false, number: false, symbol: false };
  for (const ch of password) {
    // Only the ISO basic Latin letters and digits count, as AWS documents each rule.
    if (ch >= 'A' && ch <= 'Z') c.upper = true;
    else if (ch >= 'a' && ch <= 'z') c.lower = true;
    else if (ch >= '0' && ch <= '9') c.number = true;
    else if (PASSWORD_SYMBOLS.includes(ch)) c.symbol = true;
  }
  return c;
}

/**
 * The rules a new password breaks (empty when it conforms), as short English phrases for logs and tests.
 * Without a custom policy, AWS's default policy applies: at least 8 characters, three of the four character
 * classes, and not the account's name (alias or ID) or root email address.
 *
 * @example
 * policyViolations('short', undefined, { accountId: '123456789012' }); // ['at least 8 characters', 'three character classes']
 */
export function policyViolations(password: string, policy: PasswordPolicyData | undefined, account: { accountId: string; email?: string; alias?: string | null }): string[] {
  const out: string[] = [];
  const c = classesOf(password);
  const length = [...password].length;
  if (!policy) {
    if (length < 8) out.push('at least 8 characters');
    if ([c.upper, c.lower, c.number, c.symbol].filter(Boolean).length < 3) out.push('three character classes');
    const same = (x: string | null | undefined): boolean => typeof x === 'string' && x !== '' && x.toLowerCase() === password.toLowerCase();
    if (same(account.accountId) || same(account.alias) || same(account.email)) out.push('not the account name or email address');
    return out;
  }
  if (length < policy.MinimumPasswordLength) out.push(`at least ${policy.MinimumPasswordLength} characters`);
  if (policy.RequireUppercaseCharacters && !c.upper) out.push('an uppercase letter');
  if (policy.RequireLowercaseCharacters && !c.lower) out.push('a lowercase letter');
  if (policy.RequireNumbers && !c.number) out.push('a number');
  if (policy.RequireSymbols && !c.symbol) out.push('a symbol');
  return out;
}

/** When a password set at `lastChanged` expires under `policy`, or undefined when passwords don't expire. */
export function passwordExpiry(lastChanged: string, policy: PasswordPolicyData | undefined): Date | undefined {
  if (!policy?.MaxPasswordAge) return undefined;
  return new Date(Date.parse(lastChanged) + policy.MaxPasswordAge * DAY_MS);
}

/** A history key: sorts in the order passwords were set (time, then a per-call tiebreaker). */
function historyKey(now: Date, tiebreak: string): string {
  return `${String(now.getTime()).padStart(15, '0')}-${tiebreak}`;
}

async function historyOf(r: RecordReader, accountId: string, userKey: string): Promise<{ key: string; hash: string }[]> {
  const recs = await r.list({ accountId, kind: 'password-history', parent: userKey, limit: 1000 });
  return recs.map((x) => ({ key: x.key, hash: String(x.data.PasswordHash) }));
}

export interface PasswordDeps {
  store: RecordReader;
  passwords: PasswordHasher;
}

/**
 * Checks a new password of a user against the account's policy and the user's history, and hashes it.
 * Runs outside any transaction: hashing and comparing with up to 24 old hashes takes a while, and must not
 * hold the store's write lock. Throws PasswordPolicyViolation.
 */
export async function prepareNewPassword(deps: PasswordDeps, accountId: string, userKey: string, password: string): Promise<string> {
  const policy = await readPasswordPolicy(deps.store, accountId);
  const account = await getData<AccountData>(deps.store, accountId, 'account', '', accountId);
  if (policyViolations(password, policy, { accountId, email: account?.RootEmail ?? '', alias: account?.Alias ?? null }).length > 0) throw passwordPolicyViolation();
  const reuse = policy?.PasswordReusePrevention ?? 0;
  if (reuse > 0) {
    const recent = (await historyOf(deps.store, accountId, userKey)).slice(-reuse);
    for (const h of recent) {
      // Unconfirmed wording: IAM reports a reused password as a policy violation; the same message is assumed.
      if (await deps.passwords.verify(password, h.hash)) throw passwordPolicyViolation();
    }
  }
  return deps.passwords.hash(password);
}

/** Adds a newly set password's hash to the user's history and forgets all but the last {@link HISTORY_KEPT}. */
export async function rememberPassword(tx: RecordWriter, accountId: string, userKey: string, hash: string, now: Date, tiebreak: string): Promise<void> {
  await tx.insert({ accountId, kind: 'password-history', parent: userKey, key: historyKey(now, tiebreak), createdAt: now.getTime(), data: { PasswordHash: hash, ChangedAt: now.toISOString() } });
  const all = await historyOf(tx, accountId, userKey);
  for (const old of all.slice(0, Math.max(0, all.length - HISTORY_KEPT))) await tx.delete(accountId, 'password-history', userKey, old.key);
}

// ---------------------------------------------------------------------------------------------------------
// Console sign-in

export interface SignInGuardOptions {
  /** Consecutive failures after which the user (or root user) is locked out; 0 disables lockout. */
  maxFailures: number;
  /** How long a lockout lasts, from the failure that caused it. */
  lockoutMs: number;
  /** Failed attempts one source address may make within `windowMs`, over all users. */
  maxFailuresPerAddress: number;
  windowMs: number;
  /** After a failure, the next attempt for that user waits this long, doubling with each further failure… */
  baseDelayMs: number;
  /** …up to this. */
  maxDelayMs: number;
}

export const DEFAULT_SIGN_IN_GUARD: SignInGuardOptions = {
  maxFailures: 5,
  lockoutMs: 15 * 60 * 1000,
  maxFailuresPerAddress: 20,
  windowMs: 15 * 60 * 1000,
  baseDelayMs: 1000,
  maxDelayMs: 30 * 1000,
};

export interface SignInRequest {
  accountId: string;
  /** The IAM user signing in; undefined for the root user. */
  userName?: string;
  password: string;
  sourceIp: string;
}

export type SignInResult =
  | {
      ok: true;
      principal: { kind: 'root' | 'user'; accountId: string; arn: string; userName?: string };
      /** The user must set a new password before going on (an admin asked for it, or the password expired). */
      mustChangePassword: boolean;
      why?: 'reset-required' | 'expired';
    }
  | {
      ok: false;
      /**
       * invalid-credentials: unknown user, no password, or a wrong password (never told apart);
       * password-expired: right password, expired under HardExpiry, so only an administrator can reset it;
       * throttled / locked: not checked at all, try again after `retryAfterMs`.
       */
      reason: 'invalid-credentials' | 'password-expired' | 'throttled' | 'locked';
      retryAfterMs?: number;
    };

export interface SignInDeps {
  store: RecordReader & { transaction<T>(fn: (tx: RecordWriter) => Promise<T>): Promise<T> };
  passwords: PasswordHasher;
  clock: Clock;
  /** Where failures and lockouts are reported. Fields never hold the password. */
  log?: (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>) => void;
}

export interface SignInChecker {
  checkSignIn(req: SignInRequest): Promise<SignInResult>;
}

interface UserState {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

// Bounds the memory an attacker can make the guard use; old entries are pruned first.
const MAX_TRACKED = 100_000;

/**
 * The sign-in check: verifies a user's (or the root user's) password, throttled per user (a growing delay
 * after each failure) and per source address (at most N failures per window), with a lockout after a number
 * of consecutive failures. Unknown users are throttled like known ones and cost the same hashing work, so
 * answers don't reveal which users exist. The state is this process's (a restart clears it).
 *
 * @example
 * const checker = createSignInChecker({ store, passwords, clock });
 * const r = await checker.checkSignIn({ accountId, userName: 'alice', password, sourceIp: '192.0.2.1' });
 * if (r.ok && r.mustChangePassword) {  ask for a new password  }
 */
export function createSignInChecker(deps: SignInDeps, options: Partial<SignInGuardOptions> = {}): SignInChecker {
  const o: SignInGuardOptions = { ...DEFAULT_SIGN_IN_GUARD, ...options };
  const users = new Map<string, UserState>();
  const addresses = new Map<string, number[]>();
  let dummyHash: Promise<string> | undefined;

  const prune = (now: number): void => {
    if (users.size + addresses.size < MAX_TRACKED) return;
    const horizon = Math.max(o.lockoutMs, o.windowMs, o.maxDelayMs);
    for (const [k, s] of users) if (now - s.lastFailure > horizon) users.delete(k);
    for (const [k, times] of addresses) if (times.every((t) => now - t > o.windowMs)) addresses.delete(k);
    // Still full: the oldest entries go (Maps iterate in insertion order).
    for (const k of users.keys()) {
      if (users.size + addresses.size < MAX_TRACKED) break;
      users.delete(k);
    }
    for (const k of addresses.keys()) {
      if (users.size + addresses.size < MAX_TRACKED) break;
      addresses.delete(k);
    }
  };

  const recentFailures = (ip: string, now: number): number[] => {
    const times = (addresses.get(ip) ?? []).filter((t) => now - t < o.windowMs);
    if (times.length > 0) addresses.set(ip, times);
    else addresses.delete(ip);
    return times;
  };

  const log = (level: 'info' | 'warn', msg: string, fields: Record<string, unknown>): void => deps.log?.(level, msg, fields);

  return {
    async checkSignIn(req) {
      const now = deps.clock.now();
      const t = now.getTime();
      const who = req.userName === undefined ? ROOT_PROFILE_KEY : key(req.userName);
      const userId = `${req.accountId}/${who}`;
      const where = { accountId: req.accountId, userName: req.userName ?? '<root>', sourceIp: req.sourceIp };

      const fromAddress = recentFailures(req.sourceIp, t);
      if (fromAddress.length >= o.maxFailuresPerAddress) {
        const oldest = fromAddress[fromAddress.length - o.maxFailuresPerAddress] ?? t;
        log('warn', 'sign-in throttled (source address)', where);
        return { ok: false, reason: 'throttled', retryAfterMs: Math.max(1, oldest + o.windowMs - t) };
      }
      const state = users.get(userId);
      if (state && state.lockedUntil > t) {
        log('warn', 'sign-in refused: locked out', where);
        return { ok: false, reason: 'locked', retryAfterMs: state.lockedUntil - t };
      }
      if (state && state.failures > 0) {
        const delay = Math.min(o.baseDelayMs * 2 ** (state.failures - 1), o.maxDelayMs);
        if (t < state.lastFailure + delay) {
          log('warn', 'sign-in throttled (user)', where);
          return { ok: false, reason: 'throttled', retryAfterMs: state.lastFailure + delay - t };
        }
      }

      // The stored hash: the user's login profile, or the root password in the account record.
      let hash: string | null = null;
      let user: UserData | undefined;
      let profile: LoginProfileData | undefined;
      const account = await getData<AccountData>(deps.store, req.accountId, 'account', '', req.accountId);
      if (req.userName === undefined) hash = account?.RootPasswordHash ?? null;
      else if (account) {
        user = await getData<UserData>(deps.store, req.accountId, 'user', '', who);
        profile = user ? await getData<LoginProfileData>(deps.store, req.accountId, 'login-profile', '', who) : undefined;
        hash = profile?.PasswordHash ?? null;
      }
      // Without a hash, still spend the hashing work, so timing doesn't tell which users exist.
      dummyHash ??= deps.passwords.hash('gatehouse-no-such-password');
      const valid = await deps.passwords.verify(req.password, hash ?? (await dummyHash));

      if (!valid || hash === null) {
        const s = users.get(userId) ?? { failures: 0, lastFailure: 0, lockedUntil: 0 };
        s.failures += 1;
        s.lastFailure = t;
        users.delete(userId);
        users.set(userId, s);
        fromAddress.push(t);
        addresses.set(req.sourceIp, fromAddress);
        prune(t);
        log('warn', 'sign-in failed', { ...where, consecutiveFailures: s.failures });
        if (o.maxFailures > 0 && s.failures >= o.maxFailures) {
          s.lockedUntil = t + o.lockoutMs;
          log('warn', 'sign-in locked out after repeated failures', { ...where, consecutiveFailures: s.failures, lockedUntil: new Date(s.lockedUntil).toISOString() });
        }
        return { ok: false, reason: 'invalid-credentials' };
      }
      users.delete(userId);

      if (req.userName === undefined) {
        await recordUse(deps, req.accountId, ROOT_PROFILE_KEY, now);
        log('info', 'sign-in succeeded', where);
        return { ok: true, principal: { kind: 'root', accountId: req.accountId, arn: rootArn(req.accountId) }, mustChangePassword: false };
      }
      // Here `user` and `profile` exist: a hash was found.
      const u = user as UserData;
      const p = profile as LoginProfileData;
      const policy = await readPasswordPolicy(deps.store, req.accountId);
      const expires = passwordExpiry(p.PasswordLastChanged, policy);
      const expired = expires !== undefined && expires.getTime() <= t;
      if (expired && policy?.HardExpiry === true) {
        log('warn', 'sign-in refused: password expired (administrator reset required)', where);
        return { ok: false, reason: 'password-expired' };
      }
      await recordUse(deps, req.accountId, who, now);
      log('info', 'sign-in succeeded', where);
      const principal = { kind: 'user' as const, accountId: req.accountId, arn: u.Arn, userName: u.UserName };
      if (p.PasswordResetRequired) return { ok: true, principal, mustChangePassword: true, why: 'reset-required' };
      if (expired) return { ok: true, principal, mustChangePassword: true, why: 'expired' };
      return { ok: true, principal, mustChangePassword: false };
    },
  };
}

/**
 * Records a successful sign-in: password_last_used in the credential report, and the user's PasswordLastUsed
 * as GetUser and ListUsers show it.
 */
async function recordUse(deps: SignInDeps, accountId: string, profileKey: string, now: Date): Promise<void> {
  await deps.store.transaction(async (tx) => {
    // Locked, so two sign-ins at once don't both insert the root user's record.
    const rec = await tx.lock(accountId, 'login-profile', '', profileKey);
    if (rec) {
      await tx.update({ ...rec, data: { ...dataOf<LoginProfileData>(rec), PasswordLastUsed: now.toISOString() } });
      const user = await tx.get(accountId, 'user', '', profileKey);
      if (user) await tx.update({ ...user, data: { ...user.data, PasswordLastUsed: now.toISOString() } });
    }
    else if (profileKey === ROOT_PROFILE_KEY) {
      const data: RootSignInData = { PasswordLastUsed: now.toISOString() };
      await tx.insert({ accountId, kind: 'login-profile', parent: '', key: ROOT_PROFILE_KEY, createdAt: now.getTime(), data });
    }
  });
}
