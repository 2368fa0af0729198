/**
 * The web console's server side, mounted under /console/: the built single-page app, and a small JSON API
 * for what the IAM API has no call for (sign-in with a password and an MFA code, the session, the forced
 * password change, sign-out, policy validation, switching roles), plus ONE generic endpoint that runs any
 * IAM or STS operation for the signed-in principal through the API's own pipeline (parse from the model →
 * authorize with the engine → run → audit): the console gets exactly the API's decisions and errors.
 *
 * Security: the session ID lives in an HttpOnly, SameSite=Strict cookie (Secure on TLS); every POST must be
 * JSON, come from this origin when the browser says where it comes from, and echo the double-submit
 * token (cookie `gh_csrf`, header `x-gatehouse-csrf`) that is also bound to the session.
 */
import { listAccounts } from '../../services/account/bootstrap.js';
import { catalogForPolicy } from '../../catalog/index.js';
import { validatePolicy, type PolicyType } from '../../policy/index.js';
import type { ServiceModel, StructureValue, WireError } from '../../protocol/model/index.js';
import { queryParamsFromJson } from '../../protocol/query/index.js';
import type { ResolvedKey } from '../../services/auth/credentials.js';
import { sessionCaller } from '../../services/auth/credentials.js';
import { policyViolations, readPasswordPolicy, type SignInChecker } from '../../services/auth/passwords.js';
import type { Caller } from '../../services/context.js';
import { dataOf, getData, key, type AccountData, type UserData } from '../../services/iam/entities.js';
import type { IamDeps } from '../../services/iam/index.js';
import { ROOT_MFA_PARENT, verifyMfaCode, type MfaDeviceData } from '../../services/iam/ops/mfa.js';
import type { SessionClaims } from '../../services/sts/sessions.js';
import type { EdgeRequest, EdgeResponse, Invoke, Service } from '../app.js';
import type { AuditSink } from '../audit.js';
import type { Logger } from '../logger.js';
import { ConsoleSessions, randomToken, type ConsoleIdentity, type ConsoleSession } from './sessions.js';
import { fileResponse, SECURITY_HEADERS, type StaticFiles } from './static-files.js';

export interface ConsoleDeps {
  invoke: Invoke;
  models: { iam: ServiceModel; sts: ServiceModel };
  iamDeps: IamDeps;
  signIn: SignInChecker;
  /** Resolves temporary credentials (a switched-to role's session) to their caller. */
  resolveCredential: (accessKeyId: string, sessionToken: string) => Promise<ResolvedKey | undefined>;
  audit: AuditSink;
  logger: Logger;
  files: StaticFiles;
  sessions?: ConsoleSessions;
}

const SESSION_COOKIE = 'gh_console';
const CSRF_COOKIE = 'gh_csrf';
const CSRF_HEADER = 'x-gatehouse-csrf';
/** Wrong MFA codes before a pending sign-in ends and the password must be given again. */
const MAX_MFA_FAILURES = 5;
/** Console sessions are recorded in this region, as the AWS console's IAM calls are. */
const REGION = 'us-east-1';
const GENERIC_FAILURE = 'Your authentication information is incorrect. Please try again.';

const POLICY_TYPES: readonly PolicyType[] = ['identity', 'resource', 'trust', 'boundary', 'session', 'scp', 'rcp'];

function header(req: EdgeRequest, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

function cookies(req: EdgeRequest): Map<string, string> {
  const out = new Map<string, string>();
  const raw = req.headers.cookie;
  for (const line of Array.isArray(raw) ? raw : raw ? [raw] : []) {
    for (const part of String(line).split(';')) {
      const i = part.indexOf('=');
      if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
    }
  }
  return out;
}

function cookie(name: string, value: string, req: EdgeRequest, opts: { httpOnly: boolean; clear?: boolean }): string {
  return [
    `${name}=${opts.clear ? '' : value}`,
    'Path=/console',
    'SameSite=Strict',
    ...(opts.httpOnly ? ['HttpOnly'] : []),
    ...(req.secure ? ['Secure'] : []),
    ...(opts.clear ? ['Max-Age=0'] : []),
  ].join('; ');
}

/** Dates as ISO-8601 text and bytes as base64, as a JSON client expects them. */
export function toJson(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJson(x);
    return out;
  }
  return v;
}

type Json = Record<string, unknown>;

interface Reply {
  status: number;
  body: Json;
  cookies?: string[];
}

const ok = (body: Json, cookies?: string[]): Reply => ({ status: 200, body, ...(cookies ? { cookies } : {}) });
const problem = (status: number, code: string, message: string, extra: Json = {}): Reply => ({ status, body: { error: { code, message, ...extra } } });

/**
 * The console's routes: tried by the HTTP edge before the API.
 *
 * @example
 * const consoleRoutes = createConsoleRoutes({ invoke, models, iamDeps, signIn, resolveCredential, audit, logger, files });
 * createApp({ ..., routes: (req) => consoleRoutes(req) });
 */
export function createConsoleRoutes(deps: ConsoleDeps): (req: EdgeRequest) => Promise<EdgeResponse | undefined> {
  const sessions = deps.sessions ?? new ConsoleSessions();
  const { store, clock, ids, secrets } = deps.iamDeps;

  const json = (r: Reply): EdgeResponse => ({
    status: r.status,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...(r.cookies && r.cookies.length > 0 ? { 'set-cookie': r.cookies } : {}),
    },
    body: JSON.stringify(r.body),
  });

  const page = (): EdgeResponse => {
    const index = deps.files.index();
    if (!index) return { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'The console has not been built (npm run build:console).\n' };
    return fileResponse(index, false);
  };

  // --- identities -------------------------------------------------------------------------------------

  /** The account an account field names: a 12-digit ID or an alias; undefined when there is none. */
  const findAccount = async (text: string): Promise<AccountData | undefined> => {
    const t = text.trim().toLowerCase();
    if (/^\d{12}$/.test(t)) return getData<AccountData>(store, t, 'account', '', t);
    const rec = await store.getById('account', t);
    return rec ? dataOf<AccountData>(rec) : undefined;
  };

  /** The account whose root user has this email address (addresses are unique per deployment, as on AWS). */
  const accountByRootEmail = async (email: string): Promise<AccountData | undefined> => {
    for (const id of await listAccounts(store)) {
      const a = await getData<AccountData>(store, id, 'account', '', id);
      if (a && a.RootEmail.toLowerCase() === email) return a;
    }
    return undefined;
  };

  const mfaDevices = async (identity: ConsoleIdentity): Promise<string[]> => {
    const parent = identity.kind === 'root' ? ROOT_MFA_PARENT : key(identity.userName ?? '');
    const recs = await store.list({ accountId: identity.accountId, kind: 'mfa-device', parent, limit: 100 });
    return recs.map((r) => dataOf<MfaDeviceData>(r).SerialNumber);
  };

  /**
   * The caller a session acts as, built afresh for each request: a temporary-credential caller of the user (or
   * root user) with the sign-in's MFA state, or the role session switched to. Undefined when the principal no
   * longer exists.
   */
  const callerOf = async (s: ConsoleSession): Promise<Caller | undefined> => {
    if (s.role) {
      const r = await deps.resolveCredential(s.role.accessKeyId, s.role.sessionToken);
      if (r && (r.expiresAt === undefined || r.expiresAt.getTime() > clock.now().getTime())) return r.caller;
      s.role = undefined;
    }
    const id = s.identity;
    const claims: SessionClaims = {
      v: 1,
      accountId: id.accountId,
      kind: id.kind,
      arn: id.arn,
      userId: id.accountId,
      accessKeyId: id.accessKeyId,
      secretAccessKey: '',
      issuedAt: id.issuedAt,
      expiresAt: id.issuedAt + sessions.options.maxAgeMs,
      console: true,
      ...(id.mfaAuthenticatedAt !== undefined ? { mfaAuthenticatedAt: id.mfaAuthenticatedAt } : {}),
    };
    if (id.kind === 'user') {
      const u = await getData<UserData>(store, id.accountId, 'user', '', key(id.userName ?? ''));
      if (!u) return undefined;
      claims.userId = u.UserId;
      claims.userName = u.UserName;
      claims.tags = u.Tags;
    }
    return sessionCaller(claims, id.accessKeyId, []);
  };

  const accountView = async (accountId: string): Promise<{ accountId: string; alias: string | null }> => {
    const a = await getData<AccountData>(store, accountId, 'account', '', accountId);
    return { accountId, alias: a?.Alias ?? null };
  };

  const passwordRules = async (accountId: string): Promise<Json> => {
    const policy = await readPasswordPolicy(store, accountId);
    return { passwordPolicy: policy ?? null };
  };

  const sessionView = async (req: EdgeRequest, s: ConsoleSession): Promise<Json> => {
    const { accountId, alias } = await accountView(s.identity.accountId);
    const id = s.identity;
    return {
      signedIn: s.stage === 'active',
      stage: s.stage,
      csrf: s.csrf,
      identity: { kind: id.kind, accountId, alias, arn: id.arn, ...(id.userName ? { userName: id.userName } : {}), mfa: id.mfaAuthenticatedAt !== undefined },
      signInUrl: `${req.secure ? 'https' : 'http'}://${header(req, 'host')}/console/${alias ?? accountId}`,
      ...(s.role ? { role: { arn: s.role.roleArn, displayName: s.role.displayName, expiresAt: new Date(s.role.expiresAt).toISOString() } } : {}),
      ...(s.stage === 'password' ? { passwordWhy: s.passwordWhy, ...(await passwordRules(accountId)) } : {}),
    };
  };

  const auditSignIn = (req: EdgeRequest, accountId: string | undefined, identity: Json, outcome: 'Success' | 'Failure', extra: Json = {}): void => {
    const now = clock.now();
    const requestId = ids.requestId();
    deps.audit.record({
      eventId: requestId,
      time: now.getTime(),
      ...(accountId ? { accountId } : {}),
      body: {
        eventTime: now.toISOString(),
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        sourceIPAddress: req.remoteAddress,
        userAgent: header(req, 'user-agent'),
        requestID: requestId,
        userIdentity: identity,
        responseElements: { ConsoleLogin: outcome },
        ...extra,
      } as never,
    });
  };

  // --- one call through the pipeline --------------------------------------------------------------------

  const invoke = async (req: EdgeRequest, caller: Caller, service: Service, operation: string, input: unknown): Promise<{ ok: true; output: StructureValue | undefined } | { ok: false; error: WireError }> => {
    const now = clock.now();
    const requestId = ids.requestId();
    const r = await deps.invoke({
      service,
      params: queryParamsFromJson(deps.models[service], operation, input),
      caller,
      requestId,
      now,
      region: REGION,
      sourceIp: req.remoteAddress,
      userAgent: header(req, 'user-agent'),
      secureTransport: req.secure,
      event: {
        eventTime: now.toISOString(),
        eventSource: `${service}.amazonaws.com`,
        eventName: operation,
        sourceIPAddress: req.remoteAddress,
        userAgent: header(req, 'user-agent'),
        requestID: requestId,
        sessionCredentialFromConsole: 'true',
      },
    });
    return r.ok ? { ok: true, output: r.output } : { ok: false, error: r.error };
  };

  const wireProblem = (e: WireError, extra: Json = {}): Reply => problem(e.httpStatus, e.code, e.message, { type: e.senderFault ? 'Sender' : 'Receiver', ...extra });

  // --- handlers ---------------------------------------------------------------------------------------

  const signIn = async (req: EdgeRequest, body: Json): Promise<Reply> => {
    const accountText = typeof body.account === 'string' ? body.account : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const userName = typeof body.userName === 'string' && body.userName !== '' ? body.userName : undefined;
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : undefined;
    const rootSignIn = userName === undefined;
    if (password === '' || (rootSignIn ? !email : accountText === '')) return problem(400, 'ValidationError', 'Enter the account and your user name (or the root user\'s email address), and your password.');
    // The root user signs in by email address alone, as on AWS; an account given as well must be that one.
    const account = rootSignIn && accountText === '' ? await accountByRootEmail(email ?? '') : await findAccount(accountText);
    const accountId = account?.AccountId ?? accountText.trim().toLowerCase();
    // The root user signs in with the account's email address; another address fails like a wrong password,
    // and is throttled like one (a user name no user can have costs the same hashing work).
    const rootMismatch = userName === undefined && (account?.RootEmail ?? '').toLowerCase() !== email;
    const result = await deps.signIn.checkSignIn({ accountId, ...(userName !== undefined ? { userName } : rootMismatch ? { userName: '#no-such-root' } : {}), password, sourceIp: req.remoteAddress });
    const who: Json = userName !== undefined ? { type: 'IAMUser', userName, accountId } : { type: 'Root', accountId };
    if (!result.ok) {
      auditSignIn(req, account?.AccountId, who, 'Failure', { errorMessage: result.reason });
      if (result.reason === 'throttled' || result.reason === 'locked') {
        const seconds = Math.ceil((result.retryAfterMs ?? 1000) / 1000);
        return problem(429, 'Throttling', `Too many failed sign-in attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, { retryAfterSeconds: seconds });
      }
      if (result.reason === 'password-expired') return problem(403, 'PasswordExpired', 'Your password has expired. Ask your administrator to reset it.');
      return problem(401, 'InvalidCredentials', GENERIC_FAILURE);
    }
    const now = clock.now().getTime();
    const identity: ConsoleIdentity = {
      kind: result.principal.kind,
      accountId: result.principal.accountId,
      arn: result.principal.arn,
      ...(result.principal.userName !== undefined ? { userName: result.principal.userName } : {}),
      accessKeyId: ids.accessKeyId('ASIA'),
      issuedAt: now,
    };
    const devices = await mfaDevices(identity);
    const session: ConsoleSession = {
      stage: devices.length > 0 ? 'mfa' : result.mustChangePassword ? 'password' : 'active',
      identity,
      csrf: randomToken(),
      createdAt: now,
      lastSeen: now,
      mfaFailures: 0,
      ...(result.mustChangePassword && result.why ? { passwordWhy: result.why } : {}),
    };
    if (session.stage !== 'mfa') auditSignIn(req, identity.accountId, { ...who, arn: identity.arn }, 'Success', { additionalEventData: { MFAUsed: 'No' } });
    const id = sessions.create(session);
    return ok(await sessionView(req, session), [cookie(SESSION_COOKIE, id, req, { httpOnly: true }), cookie(CSRF_COOKIE, session.csrf, req, { httpOnly: false })]);
  };

  const signInMfa = async (req: EdgeRequest, s: ConsoleSession, sessionId: string, body: Json): Promise<Reply> => {
    if (s.stage !== 'mfa') return problem(409, 'InvalidState', 'No MFA code is expected now.');
    const code = typeof body.code === 'string' ? body.code.trim() : '';
    const id = s.identity;
    const owner = id.kind === 'root' ? null : (id.userName ?? '');
    const now = clock.now();
    let passed = false;
    for (const serial of await mfaDevices(id)) {
      if (await verifyMfaCode(store, secrets, id.accountId, serial, code, now, owner)) {
        passed = true;
        break;
      }
    }
    const who: Json = id.kind === 'user' ? { type: 'IAMUser', userName: id.userName, accountId: id.accountId, arn: id.arn } : { type: 'Root', accountId: id.accountId, arn: id.arn };
    if (!passed) {
      s.mfaFailures += 1;
      auditSignIn(req, id.accountId, who, 'Failure', { errorMessage: 'invalid MFA code', additionalEventData: { MFAUsed: 'Yes' } });
      if (s.mfaFailures >= MAX_MFA_FAILURES) {
        sessions.delete(sessionId);
        return problem(401, 'InvalidCredentials', 'Too many wrong codes. Sign in again.', { restart: true });
      }
      return problem(401, 'InvalidMfaCode', 'The MFA code is not valid. Enter the current code from your device.');
    }
    auditSignIn(req, id.accountId, who, 'Success', { additionalEventData: { MFAUsed: 'Yes' } });
    id.mfaAuthenticatedAt = now.getTime();
    s.stage = s.passwordWhy ? 'password' : 'active';
    return ok(await sessionView(req, s));
  };

  /** ChangePassword through the pipeline: the forced change at sign-in, and a user's own change later. */
  const changePassword = async (req: EdgeRequest, s: ConsoleSession, body: Json): Promise<Reply> => {
    if (s.stage === 'mfa') return problem(409, 'InvalidState', 'Enter your MFA code first.');
    if (s.identity.kind !== 'user') return problem(400, 'InvalidUserType', 'Only IAM users can change their own password here.');
    const caller = await callerOf({ ...s, role: undefined });
    if (!caller) return problem(401, 'SessionEnded', 'Your session has ended. Sign in again.');
    const oldPassword = typeof body.oldPassword === 'string' ? body.oldPassword : '';
    const newPassword = typeof body.newPassword === 'string' ? body.newPassword : '';
    const r = await invoke(req, caller, 'iam', 'ChangePassword', { OldPassword: oldPassword, NewPassword: newPassword });
    if (!r.ok) {
      if (r.error.code === 'PasswordPolicyViolation') {
        const policy = await readPasswordPolicy(store, s.identity.accountId);
        const account = await getData<AccountData>(store, s.identity.accountId, 'account', '', s.identity.accountId);
        const broken = policyViolations(newPassword, policy, { accountId: s.identity.accountId, email: account?.RootEmail ?? '', alias: account?.Alias ?? null });
        return wireProblem(r.error, { violations: broken });
      }
      return wireProblem(r.error);
    }
    if (s.stage === 'password') {
      s.stage = 'active';
      delete s.passwordWhy;
    }
    return ok(await sessionView(req, s));
  };

  const call = async (req: EdgeRequest, s: ConsoleSession, body: Json): Promise<Reply> => {
    const service = body.service === 'sts' ? 'sts' : body.service === 'iam' || body.service === undefined ? 'iam' : undefined;
    const operation = typeof body.operation === 'string' ? body.operation : '';
    if (!service || !/^[A-Za-z]+$/.test(operation)) return problem(400, 'ValidationError', 'Give `service` (iam or sts) and `operation`.');
    const caller = await callerOf(s);
    if (!caller) return problem(401, 'SessionEnded', 'Your session has ended. Sign in again.');
    const r = await invoke(req, caller, service, operation, body.input ?? {});
    return r.ok ? ok({ output: toJson(r.output ?? {}) }) : wireProblem(r.error);
  };

  const validate = async (body: Json): Promise<Reply> => {
    const document = typeof body.document === 'string' ? body.document : '';
    const type = POLICY_TYPES.includes(body.type as PolicyType) ? (body.type as PolicyType) : 'identity';
    const catalog = await catalogForPolicy(document);
    const r = validatePolicy(document, { policyType: type, catalog });
    return ok({
      findings: r.findings.map((f) => ({
        findingType: f.findingType,
        issueCode: f.issueCode,
        message: f.message,
        ...(f.learnMoreLink ? { learnMoreLink: f.learnMoreLink } : {}),
        locations: f.locations.map((l) => ({ path: l.path, start: l.span.start, end: l.span.end })),
      })),
      ...(r.iamError ? { iamError: r.iamError } : {}),
    });
  };

  const switchRole = async (req: EdgeRequest, s: ConsoleSession, body: Json): Promise<Reply> => {
    const roleArn = typeof body.roleArn === 'string' ? body.roleArn : '';
    const displayName = typeof body.displayName === 'string' && body.displayName !== '' ? body.displayName : (roleArn.split('/').pop() ?? roleArn);
    const base = s.identity;
    const caller = await callerOf({ ...s, role: undefined });
    if (!caller) return problem(401, 'SessionEnded', 'Your session has ended. Sign in again.');
    const sessionName = (base.userName ?? 'root').replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
    const r = await invoke(req, caller, 'sts', 'AssumeRole', { RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 3600 });
    if (!r.ok) return wireProblem(r.error);
    const creds = (r.output?.Credentials ?? {}) as { AccessKeyId?: string; SessionToken?: string; Expiration?: Date };
    if (!creds.AccessKeyId || !creds.SessionToken) return problem(500, 'InternalFailure', 'AssumeRole returned no credentials.');
    s.role = { accessKeyId: creds.AccessKeyId, sessionToken: creds.SessionToken, roleArn, displayName, expiresAt: creds.Expiration instanceof Date ? creds.Expiration.getTime() : clock.now().getTime() + 3600_000 };
    return ok(await sessionView(req, s));
  };

  // --- routing ----------------------------------------------------------------------------------------

  /** CSRF: JSON only, same origin when the browser names one, and the double-submit token. */
  const csrfProblem = (req: EdgeRequest, s: ConsoleSession | undefined): string | undefined => {
    if (!header(req, 'content-type').toLowerCase().startsWith('application/json')) return 'Requests must be JSON.';
    const origin = header(req, 'origin');
    const host = header(req, 'host');
    if (origin !== '' && origin !== `${req.secure ? 'https' : 'http'}://${host}`) return 'Cross-origin requests are refused.';
    const sent = header(req, CSRF_HEADER);
    const jar = cookies(req).get(CSRF_COOKIE);
    if (sent === '' || sent !== jar) return 'The request is missing its anti-forgery token. Reload the page.';
    if (s && sent !== s.csrf) return 'The request is missing its anti-forgery token. Reload the page.';
    return undefined;
  };

  const api = async (req: EdgeRequest, path: string): Promise<Reply> => {
    const jar = cookies(req);
    const sessionId = jar.get(SESSION_COOKIE);
    const s = sessions.get(sessionId, clock.now().getTime());
    if (req.method === 'GET') {
      if (path === 'session') {
        if (s) return ok(await sessionView(req, s));
        // A fresh anti-forgery token for the sign-in form.
        const csrf = jar.get(CSRF_COOKIE) ?? randomToken();
        return ok({ signedIn: false, csrf }, [cookie(CSRF_COOKIE, csrf, req, { httpOnly: false }), ...(sessionId ? [cookie(SESSION_COOKIE, '', req, { httpOnly: true, clear: true })] : [])]);
      }
      return problem(404, 'NotFound', 'No such console API.');
    }
    if (req.method !== 'POST') return problem(405, 'MethodNotAllowed', 'Use GET or POST.');
    const refused = csrfProblem(req, s);
    if (refused) return problem(403, 'InvalidCsrfToken', refused);
    let body: Json;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(req.body).toString('utf8') || '{}');
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Json;
    } catch {
      return problem(400, 'ValidationError', 'The request body is not a JSON object.');
    }
    if (path === 'sign-in') {
      if (s) sessions.delete(sessionId);
      return signIn(req, body);
    }
    if (path === 'sign-out') {
      sessions.delete(sessionId);
      const csrf = randomToken();
      return ok({ signedIn: false, csrf }, [cookie(SESSION_COOKIE, '', req, { httpOnly: true, clear: true }), cookie(CSRF_COOKIE, csrf, req, { httpOnly: false })]);
    }
    if (!s || !sessionId) return problem(401, 'SessionEnded', 'Your session has ended. Sign in again.');
    if (path === 'sign-in/mfa') return signInMfa(req, s, sessionId, body);
    if (path === 'change-password') return changePassword(req, s, body);
    if (s.stage !== 'active') return problem(409, 'InvalidState', s.stage === 'mfa' ? 'Enter your MFA code first.' : 'Set a new password first.');
    if (path === 'call') return call(req, s, body);
    if (path === 'validate-policy') return validate(body);
    if (path === 'switch-role') return switchRole(req, s, body);
    if (path === 'switch-back') {
      delete s.role;
      return ok(await sessionView(req, s));
    }
    return problem(404, 'NotFound', 'No such console API.');
  };

  return async (req) => {
    const q = req.url.indexOf('?');
    const path = q < 0 ? req.url : req.url.slice(0, q);
    if (path !== '/console' && !path.startsWith('/console/')) return undefined;
    if (path.startsWith('/console/api/')) {
      try {
        return json(await api(req, path.slice('/console/api/'.length)));
      } catch (e) {
        deps.logger.log('error', 'console request failed', { path, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        return json(problem(500, 'InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.'));
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, headers: { 'content-type': 'text/plain' }, body: 'Method not allowed\n' };
    if (path === '/console') return { status: 308, headers: { location: '/console/' }, body: '' };
    let rel: string;
    try {
      rel = decodeURIComponent(path.slice('/console/'.length));
    } catch {
      return page();
    }
    const file = rel.includes('..') ? undefined : deps.files.get(rel);
    if (file && rel !== 'index.html') return fileResponse(file, rel.startsWith('assets/'));
    if (rel.startsWith('assets/')) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not found\n' };
    // The app itself: /console/, the per-account sign-in link /console/<alias or account ID>.
    return page();
  };
}
