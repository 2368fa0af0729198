/**
 * The HTTP edge as a function from request to response (the server is an adapter around it; tests can call
 * it without a socket). Every API request passes these steps in order, and produces one audit event:
 * read parameters → verify the signature → parse the input from the service model → authorize with the
 * engine → run the operation → serialize. Everything after the signature check is {@link createInvoker}, which
 * the console calls too (with a console session's caller), so both get the same decisions and errors.
 */
import type { Decision } from '../policy/index.js';
import type { Operation, ServiceModel, StructureValue, WireError } from '../protocol/model/index.js';
import { parseQueryRequest, type QueryParams } from '../protocol/query/index.js';
import type { SigV4Request, SigV4Result } from '../protocol/sigv4/index.js';
import { serializeError, serializeResponse } from '../protocol/xml/index.js';
import type { ResolvedKey } from '../services/auth/credentials.js';
import type { Authorizer } from '../services/authz/authorizer.js';
import { CACHE_NEUTRAL_OPERATIONS } from '../services/cache-neutral.js';
import type { CallContext, Caller } from '../services/context.js';
import type { Clock, Ids } from '../services/deps.js';
import { AwsError, notImplemented } from '../services/errors.js';
import type { Generations } from '../services/generations.js';
import type { IamDeps, OperationTable } from '../services/iam/index.js';
import { Input } from '../services/input.js';
import { withEncodedMessage } from '../services/sts/authz-message.js';
import { sessionRefusal } from '../services/sts/session-limits.js';
import type { AuditSink } from './audit.js';
import type { Logger } from './logger.js';
import { internalError, toWire } from './wire-errors.js';

export interface EdgeRequest {
  method: string;
  /** Path and query string, as received. */
  url: string;
  headers: Record<string, string | readonly string[] | undefined>;
  body: Uint8Array;
  remoteAddress: string;
  secure: boolean;
}

export interface EdgeResponse {
  status: number;
  /** `set-cookie` may repeat. */
  headers: Record<string, string | string[]>;
  /** Text, or bytes (the console's images and fonts). */
  body: string | Uint8Array;
}

export type EnforceMode = 'enforce' | 'log';

export interface AppDeps {
  models: { iam: ServiceModel; sts: ServiceModel };
  operations: { iam: OperationTable; sts: OperationTable };
  iamDeps: IamDeps;
  verify: (req: SigV4Request, now: Date) => Promise<SigV4Result<ResolvedKey>>;
  /** Records a key's use (see CredentialResolver.noteUse); failures are logged, never fail the request. */
  noteKeyUse: (key: ResolvedKey, when: Date, region: string, service: string) => Promise<void>;
  authorizer: Authorizer;
  generations: Generations;
  audit: AuditSink;
  logger: Logger;
  clock: Clock;
  ids: Ids;
  enforce: EnforceMode;
  /** Extra routes (health, console) tried before the API. */
  routes?: (req: EdgeRequest) => Promise<EdgeResponse | undefined>;
}

export type Service = 'iam' | 'sts';

/** Operations that only read: everything else invalidates the account's caches when it succeeds. */
const READ_ONLY = /^(Get|List|Simulate|Generate|Decode)/;

/** The service a request is for: the credential scope's service, else IAM. */
function serviceOf(headers: EdgeRequest['headers'], params: URLSearchParams): Service {
  const auth = headers.authorization;
  const text = (Array.isArray(auth) ? auth[0] : auth) ?? params.get('X-Amz-Credential') ?? '';
  const m = /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([a-z0-9-]+)\//.exec(text) ?? /^[^/]+\/\d{8}\/[^/]+\/([a-z0-9-]+)\//.exec(text);
  return m?.[1] === 'sts' ? 'sts' : 'iam';
}

/** Whether the request carries any signature material (an Authorization header or presigned query). */
function isSigned(headers: EdgeRequest['headers'], params: URLSearchParams): boolean {
  return headers.authorization !== undefined || params.has('X-Amz-Signature') || params.has('X-Amz-Credential');
}

/**
 * The service of an unsigned request for an operation AWS takes without credentials: with no credential
 * scope, the Action names it (the only such operations are STS's), as the registry's flags say.
 */
function unauthenticatedService(operations: AppDeps['operations'], action: string | null): Service | undefined {
  if (action === null) return undefined;
  for (const s of ['sts', 'iam'] as const) if (Object.hasOwn(operations[s], action) && operations[s][action]?.unauthenticated) return s;
  return undefined;
}

/** The caller of an unsigned request: no account, no identity; only `unauthenticated` operations see it. */
const ANONYMOUS: Caller = { kind: 'anonymous', accountId: '', arn: '', userId: '', accessKeyId: '', temporary: false, context: {} };

/** Unsigned requests carry no credential scope; STS's global endpoint answers them as us-east-1. */
const UNSIGNED_REGION = 'us-east-1';

function header(h: EdgeRequest['headers'], name: string): string {
  const v = h[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** What AWS says after "is not authorized to perform: … on resource: …". */
export function denialReason(action: string, d: Decision): string {
  const names: Record<string, string> = {
    identity: 'an identity-based policy',
    resource: 'a resource-based policy',
    boundary: 'a permissions boundary',
    session: 'a session policy',
    scp: 'a service control policy',
    rcp: 'a resource control policy',
  };
  if (d.decision === 'ExplicitlyDenied') {
    const t = d.explanation.denies[0]?.source.type ?? 'identity';
    return `with an explicit deny in ${names[t] ?? 'a policy'}`;
  }
  const t = d.explanation.missingAllow?.type ?? 'identity';
  const noun = (names[t] ?? 'a policy').replace(/^an? /, '');
  return `because no ${noun} allows the ${action} action`;
}

/** One call for a caller already authenticated (by SigV4, or by a console session). */
export interface Invocation {
  service: Service;
  /** The operation and its members in AWS Query form (`Action`, `Version`, `Tags.member.1.Key` …). */
  params: QueryParams;
  caller: Caller;
  requestId: string;
  now: Date;
  region: string;
  sourceIp: string;
  userAgent: string;
  secureTransport: boolean;
  /** The audit event so far (who, from where); the pipeline adds the operation, decision and error. */
  event: Record<string, unknown>;
}

export type InvocationResult =
  | { ok: true; operation: Operation; output: StructureValue | undefined }
  | { ok: false; error: WireError };

export type Invoke = (call: Invocation) => Promise<InvocationResult>;

export type PipelineDeps = Pick<AppDeps, 'models' | 'operations' | 'iamDeps' | 'authorizer' | 'generations' | 'audit' | 'logger' | 'enforce'>;

/** The audit event's `userIdentity` for a caller. */
export function userIdentity(caller: Caller): Record<string, unknown> {
  const type = caller.kind === 'root' ? 'Root' : caller.kind === 'user' ? 'IAMUser' : caller.kind === 'federated-user' ? 'FederatedUser' : 'AssumedRole';
  return { type, principalId: caller.userId, arn: caller.arn, accountId: caller.accountId, accessKeyId: caller.accessKeyId, ...(caller.userName ? { userName: caller.userName } : {}) };
}

/**
 * The steps after authentication, shared by the API and the console: parse the input from the model →
 * authorize with the engine → run the operation → record one audit event. Errors come back as wire errors
 * (AWS's codes and messages); only bugs are logged, as internal errors.
 */
export function createInvoker(deps: PipelineDeps): Invoke {
  return async (call) => {
    const { service, params, caller, requestId, event } = call;
    const model = deps.models[service];
    const anonymous = caller.kind === 'anonymous';
    const accountId = caller.accountId;
    event.eventName ??= params.get('Action');
    event.userIdentity ??= anonymous ? { type: 'Unknown' } : userIdentity(caller);
    event.awsRegion ??= call.region;
    const fail = (error: WireError): InvocationResult => {
      event.errorCode = error.code;
      event.errorMessage = error.message;
      return { ok: false, error };
    };
    const finish = (r: InvocationResult): InvocationResult => {
      deps.audit.record({ eventId: requestId, time: call.now.getTime(), ...(anonymous ? {} : { accountId }), body: event as never });
      return r;
    };
    try {
      const parsed = parseQueryRequest(model, params);
      if (!parsed.ok) return finish(fail(parsed.error));
      const { operation } = parsed.value;
      event.eventName = operation.name;
      const def = deps.operations[service][operation.name];
      if (!def) return finish(fail(toWire(model, notImplemented(operation.name))));
      // INVARIANT: only operations flagged `unauthenticated` ever run without a verified signature.
      if (anonymous && !def.unauthenticated) return finish(fail(toWire(model, new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token'))));

      const ctx: CallContext = {
        requestId,
        now: call.now,
        caller,
        region: call.region,
        sourceIp: call.sourceIp,
        userAgent: call.userAgent,
        secureTransport: call.secureTransport,
      };
      const env = { ctx, deps: deps.iamDeps };
      const input = new Input(parsed.value.input);
      if (def.auditParameters) event.requestParameters = def.auditParameters(input);
      // What this kind of temporary credentials may not call at all, whatever its policies say.
      const refused = sessionRefusal(caller, service, operation.name);
      if (refused) return finish(fail(toWire(model, refused)));
      // Operations that authenticate by what the request carries (a web identity token, a SAML assertion) check
      // the role's trust policy themselves.
      if (!def.unauthorized && !def.unauthenticated) {
        const target = await def.authorize(input, env);
        // Some calls need more than one action on the resource (AssumeRole with tags: sts:TagSession).
        for (const action of [target.action ?? `${service}:${operation.name}`, ...(target.alsoRequires ?? [])]) {
          const decision = await deps.authorizer.authorize(ctx, action, target.resource, target.context, target.resourcePolicy);
          // An account-level grant (AllowUsersToChangePassword) stands in for a missing allow, never for a deny.
          const granted = target.grantedByAccount === true && decision.decision === 'ImplicitlyDenied';
          event.decision = granted ? 'Allowed' : decision.decision;
          if (decision.decision === 'Allowed' || granted) continue;
          const denial = `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${target.display ?? target.resource}${target.bareDenial ? '' : ` ${denialReason(action, decision)}`}`;
          const message = withEncodedMessage(denial, deps.iamDeps.secrets, { ctx, action, resource: target.resource, decision, ...(target.context ? { extra: target.context } : {}) });
          if (deps.enforce === 'enforce') return finish(fail(toWire(model, new AwsError('AccessDenied', message))));
          event.wouldBeDenied = denial;
          deps.logger.log('warn', 'would deny (enforce=log)', { requestId, action, resource: target.resource, principal: caller.arn });
          break;
        }
      }
      const output = await def.handle(input, env);
      if (!anonymous && !READ_ONLY.test(operation.name) && !CACHE_NEUTRAL_OPERATIONS.has(operation.name)) deps.generations.bump(accountId);
      return finish({ ok: true, operation, output });
    } catch (e) {
      if (e instanceof AwsError) {
        // A failed write may have changed nothing, but a partly applied one must not leave stale caches.
        if (!anonymous && !READ_ONLY.test(String(event.eventName))) deps.generations.bump(accountId);
        return finish(fail(toWire(model, e)));
      }
      deps.logger.log('error', 'internal error', { requestId, operation: event.eventName, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      return finish(fail(internalError()));
    }
  };
}

export function createApp(deps: AppDeps): (req: EdgeRequest) => Promise<EdgeResponse> {
  const invoke = createInvoker(deps);
  return async (req) => {
    const routed = await deps.routes?.(req);
    if (routed) return routed;

    const started = deps.clock.now();
    const requestId = deps.ids.requestId();
    const q = req.url.indexOf('?');
    const path = q < 0 ? req.url : req.url.slice(0, q);
    const query = q < 0 ? '' : req.url.slice(q + 1);
    const params = new URLSearchParams(query);
    const contentType = header(req.headers, 'content-type');
    if (req.method === 'POST' && (contentType === '' || contentType.includes('x-www-form-urlencoded'))) {
      for (const [k, v] of new URLSearchParams(Buffer.from(req.body).toString('utf8'))) params.append(k, v);
    }
    const anonymousService = isSigned(req.headers, params) ? undefined : unauthenticatedService(deps.operations, params.get('Action'));
    const service = anonymousService ?? serviceOf(req.headers, params);
    const model = deps.models[service];
    const event: Record<string, unknown> = {
      eventTime: started.toISOString(),
      eventSource: `${service}.amazonaws.com`,
      eventName: params.get('Action') ?? null,
      sourceIPAddress: req.remoteAddress,
      userAgent: header(req.headers, 'user-agent'),
      requestID: requestId,
    };

    const respond = (status: number, body: string): EdgeResponse => ({
      status,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body,
    });
    const fail = (error: WireError): EdgeResponse => {
      const r = serializeError(model, error, requestId);
      return respond(r.status, r.body);
    };

    try {
      let caller: Caller = ANONYMOUS;
      let region = UNSIGNED_REGION;
      // No signature to verify for an operation that authenticates by what it carries (a token, an assertion).
      if (!anonymousService) {
        const verified = await deps.verify({ method: req.method, path, query, headers: req.headers, body: req.body }, started);
        if (!verified.ok) {
          // Unauthenticated: no account to file the event under.
          const error: WireError = { ...verified.error, senderFault: true };
          event.errorCode = error.code;
          event.errorMessage = error.message;
          deps.audit.record({ eventId: requestId, time: started.getTime(), body: event as never });
          return fail(error);
        }
        const resolved = verified.credential;
        caller = resolved.caller;
        region = verified.region;
        deps.noteKeyUse(resolved, started, verified.region, service).catch((e: unknown) => deps.logger.log('error', 'recording key use failed', { requestId, error: String(e) }));
      }
      const r = await invoke({
        service,
        params,
        caller,
        requestId,
        now: started,
        region,
        sourceIp: req.remoteAddress,
        userAgent: header(req.headers, 'user-agent'),
        secureTransport: req.secure,
        event,
      });
      if (!r.ok) return fail(r.error);
      const out = serializeResponse(model, r.operation, r.output, requestId);
      return respond(out.status, out.body);
    } catch (e) {
      deps.logger.log('error', 'internal error', { requestId, operation: event.eventName, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      deps.audit.record({ eventId: requestId, time: started.getTime(), body: { ...event, errorCode: 'InternalFailure' } as never });
      return fail(internalError());
    }
  };
}
