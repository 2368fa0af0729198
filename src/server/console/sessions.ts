/**
 * Console sessions, held server-side in this process (a restart signs everyone out). The browser holds only
 * an opaque random ID in an HttpOnly cookie; the map is keyed by its SHA-256, so a heap dump or a log line
 * with a key in it does not hand out a usable cookie.
 */
import { createHash, randomBytes } from 'node:crypto';

export type SessionStage =
  /** Password accepted; waiting for a code from the principal's MFA device. */
  | 'mfa'
  /** Signed in, but must set a new password before anything else. */
  | 'password'
  | 'active';

/** The identity a console session acts as. */
export interface ConsoleIdentity {
  kind: 'root' | 'user';
  accountId: string;
  arn: string;
  userName?: string;
  /** The temporary access key ID the session's calls are recorded under (ASIA…). */
  accessKeyId: string;
  /** When the session was issued (aws:TokenIssueTime). */
  issuedAt: number;
  /** When an MFA code was checked at sign-in (aws:MultiFactorAuthPresent / Age). */
  mfaAuthenticatedAt?: number;
}

/** A role session the console switched to (AssumeRole), with what it needs to act and to switch back. */
export interface SwitchedRole {
  accessKeyId: string;
  sessionToken: string;
  roleArn: string;
  displayName: string;
  expiresAt: number;
}

export interface ConsoleSession {
  stage: SessionStage;
  identity: ConsoleIdentity;
  /** The anti-CSRF token every state-changing request must echo in `x-gatehouse-csrf`. */
  csrf: string;
  createdAt: number;
  lastSeen: number;
  /** Why a new password is needed (stage `password`). */
  passwordWhy?: 'reset-required' | 'expired';
  /** Wrong MFA codes so far (stage `mfa`): the pending sign-in ends after too many. */
  mfaFailures: number;
  role?: SwitchedRole;
}

export interface SessionOptions {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, used or not. */
  maxAgeMs: number;
  /** A pending sign-in (MFA code, new password) must finish within this. */
  pendingMs: number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = { idleMs: 30 * 60 * 1000, maxAgeMs: 12 * 60 * 60 * 1000, pendingMs: 5 * 60 * 1000 };

const MAX_SESSIONS = 100_000;

const digest = (id: string): string => createHash('sha256').update(id).digest('base64url');

export const randomToken = (): string => randomBytes(32).toString('base64url');

export class ConsoleSessions {
  private readonly sessions = new Map<string, ConsoleSession>();

  constructor(readonly options: SessionOptions = DEFAULT_SESSION_OPTIONS) {}

  /** Starts a session; returns the cookie value. */
  create(session: ConsoleSession): string {
    if (this.sessions.size >= MAX_SESSIONS) this.prune(session.createdAt);
    const id = randomToken();
    this.sessions.set(digest(id), session);
    return id;
  }

  /** The live session for a cookie value (touching it), or undefined when unknown or timed out. */
  get(id: string | undefined, now: number): ConsoleSession | undefined {
    if (!id) return undefined;
    const k = digest(id);
    const s = this.sessions.get(k);
    if (!s) return undefined;
    if (this.expired(s, now)) {
      this.sessions.delete(k);
      return undefined;
    }
    s.lastSeen = now;
    return s;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(digest(id));
  }

  /** Ends every session of a principal (its password was reset by an administrator, it was deleted …). */
  deleteFor(accountId: string, arn: string): void {
    for (const [k, s] of this.sessions) if (s.identity.accountId === accountId && s.identity.arn === arn) this.sessions.delete(k);
  }

  private expired(s: ConsoleSession, now: number): boolean {
    if (s.stage !== 'active') return now - s.createdAt > this.options.pendingMs;
    return now - s.lastSeen > this.options.idleMs || now - s.createdAt > this.options.maxAgeMs;
  }

  private prune(now: number): void {
    for (const [k, s] of this.sessions) if (this.expired(s, now)) this.sessions.delete(k);
    for (const k of this.sessions.keys()) {
      if (this.sessions.size < MAX_SESSIONS) break;
      this.sessions.delete(k);
    }
  }
}
