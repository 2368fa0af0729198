/** Resource and NotResource: ARN shape, partition, service, Region and account against the service's ARN formats. */
import type { LocatedValue, Statement } from '../ast.js';
import type { CatalogResourceType } from '../catalog-view.js';
import { splitArn } from '../../condition/arn.js';
import { report, type Ctx } from './context.js';
import { globMatches, globsIntersect, hasWildcard, templateToGlob } from './globs.js';

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
const ACCOUNT = /^\d{12}$/;

export function checkResources(ctx: Ctx): void {
  if (ctx.type === 'trust') return;
  for (const s of ctx.doc.statements) {
    for (const values of [s.resource, s.notResource]) {
      if (!values) continue;
      for (const v of values) checkOne(ctx, v);
      checkRedundant(ctx, values);
    }
    checkActionResourceMatch(ctx, s);
  }
}

/** Policy variables resolve at request time; for shape checks they stand for "some text". */
function analysable(ctx: Ctx, value: string): string {
  return ctx.doc.version === '2012-10-17' ? templateToGlob(value) : value;
}

function checkOne(ctx: Ctx, v: LocatedValue): void {
  const text = analysable(ctx, v.value);
  if (text === '*') return;
  if (!text.startsWith('arn:')) {
    report(ctx, 'INVALID_ARN_PREFIX', v);
    return;
  }
  const parts = splitArn(text);
  if (!parts) {
    report(ctx, 'MISSING_ARN_FIELD', v);
    return;
  }
  const [, partition = '', service = '', region = '', account = '', resource = ''] = parts;
  if (!hasWildcard(partition) && !PARTITIONS.has(partition)) report(ctx, 'INVALID_PARTITION', v, { partition });
  if (service === '') {
    report(ctx, 'MISSING_ARN_FIELD', v);
    return;
  }
  if (hasWildcard(service)) {
    if (service !== '*') report(ctx, 'WILDCARD_IN_SERVICE_NAME', v);
    return;
  }
  if (service !== service.toLowerCase()) {
    report(ctx, 'INVALID_ARN_SERVICE_CASE', v);
    return;
  }
  if (region !== '' && !hasWildcard(region) && !REGION.test(region)) report(ctx, 'INVALID_ARN_REGION', v);
  // Amazon-owned resources (AWS managed policies, public SSM documents) use `aws` as the account.
  if (account !== '' && !hasWildcard(account) && !ACCOUNT.test(account) && account !== 'aws') report(ctx, 'INVALID_ARN_ACCOUNT', v);
  const cat = ctx.catalog;
  if (!cat) return;
  if (!cat.serviceExists(service)) {
    report(ctx, 'INVALID_SERVICE', v, { service });
    return;
  }
  if (!cat.hasServiceData(service)) return;
  const templates = cat.resourceTypes(service).map((t) => ({ t, parts: splitArn(t.arn) })).filter((x) => x.parts?.[2] === service);
  if (templates.length === 0) return;
  const fits = templates.filter((x) => globsIntersect(templateToGlob(x.parts?.[5] ?? ''), resource));
  if (fits.length === 0) {
    report(ctx, 'INVALID_ARN_RESOURCE', v);
    return;
  }
  const all = (f: (p: string[]) => boolean): boolean => fits.every((x) => x.parts !== undefined && f(x.parts));
  if (region !== '' && !hasWildcard(region) && all((p) => p[3] === '')) report(ctx, 'ARN_REGION_NOT_ALLOWED', v, { service });
  if (region === '' && all((p) => p[3] !== '')) report(ctx, 'MISSING_ARN_REGION', v);
  if (account !== '' && !hasWildcard(account) && all((p) => p[4] === '')) report(ctx, 'ARN_ACCOUNT_NOT_ALLOWED', v, { service });
  if (account === '' && all((p) => p[4] !== '')) report(ctx, 'MISSING_ARN_ACCOUNT', v);
}

/** A literal ARN already matched by a wildcard ARN of the same element adds nothing. */
function checkRedundant(ctx: Ctx, values: LocatedValue[]): void {
  values.forEach((v, i) => {
    const literal = !hasWildcard(v.value) && !v.value.includes('${');
    for (let j = 0; j < values.length; j++) {
      const other = values[j];
      if (!other || i === j) continue;
      const same = other.value === v.value;
      if ((same && j < i) || (!same && literal && hasWildcard(other.value) && globMatches(analysable(ctx, other.value), v.value))) {
        report(ctx, 'REDUNDANT_RESOURCE', v);
        return;
      }
    }
  });
}

function typeGlob(t: CatalogResourceType): string {
  return templateToGlob(t.arn);
}

/**
 * An Allow statement whose Resource element matches none of an action's resource types never grants that action
 * (Gatehouse's own check). Only literal actions are weighed: a wildcard action usually has some action that fits.
 */
function checkActionResourceMatch(ctx: Ctx, s: Statement): void {
  const cat = ctx.catalog;
  if (!cat || s.effect !== 'Allow' || !s.resource || !s.action) return;
  const resources = s.resource.map((r) => analysable(ctx, r.value));
  if (resources.some((r) => r === '*')) return;
  for (const a of s.action) {
    const colon = a.value.indexOf(':');
    if (colon < 0 || hasWildcard(a.value)) continue;
    const service = a.value.slice(0, colon);
    const action = cat.hasServiceData(service) ? cat.action(service, a.value.slice(colon + 1)) : undefined;
    if (!action) continue;
    const types = action.resourceTypes.map((rt) => cat.resourceType(service, rt.name)).filter((t): t is CatalogResourceType => t !== undefined);
    if (action.resourceTypes.length > 0 && types.length === 0) continue;
    const ok = types.some((t) => resources.some((r) => globsIntersect(typeGlob(t), r)));
    if (!ok) report(ctx, 'ACTION_RESOURCE_MISMATCH', a, { action: a.value, types: types.length === 0 ? 'only "*"' : types.map((t) => t.arn).join(', ') });
  }
}
