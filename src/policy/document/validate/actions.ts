/** Action and NotAction: format, service and action existence, per-type limits, redundancy. */
import type { LocatedValue, Statement } from '../ast.js';
import type { CatalogAction } from '../catalog-view.js';
import { report, type Ctx } from './context.js';
import { closest, globMatches, globsIntersect, hasWildcard } from './globs.js';

/** The actions a role trust policy may grant (IAM refuses any other). */
export const TRUST_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'];

const SERVICE = /^[a-z0-9-]+$/i;

export function checkActions(ctx: Ctx): void {
  for (const s of ctx.doc.statements) {
    for (const [element, values] of [['Action', s.action], ['NotAction', s.notAction]] as const) {
      if (!values) continue;
      for (const v of values) checkOne(ctx, s, element, v);
      checkRedundant(ctx, values);
    }
  }
}

function checkOne(ctx: Ctx, s: Statement, element: 'Action' | 'NotAction', v: LocatedValue): void {
  const text = v.value;
  if (text.includes('${')) {
    report(ctx, 'VARIABLE_UNSUPPORTED_IN_ELEMENT', v);
    return;
  }
  if (text === '*') return;
  const colon = text.indexOf(':');
  if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
    report(ctx, 'INVALID_ACTION', v, { action: text, ...suggestFormat(ctx, text) });
    return;
  }
  const service = text.slice(0, colon);
  const name = text.slice(colon + 1);
  if (ctx.type === 'scp' && /[*?]/.test(name.replace(/\*$/, ''))) report(ctx, 'SCP_SYNTAX_ERROR_ACTION_WILDCARD', v);
  if (ctx.type === 'trust' && element === 'Action' && !TRUST_ACTIONS.some((a) => globsIntersect(text, a, true))) {
    report(ctx, 'UNSUPPORTED_ACTION_IN_POLICY', v, { action: text, why: 'Role trust policies grant only sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity and sts:SetContext.' });
  }
  if (hasWildcard(service)) {
    report(ctx, 'WILDCARD_IN_SERVICE_NAME', v);
    return;
  }
  if (!SERVICE.test(service)) {
    report(ctx, 'INVALID_SERVICE_IN_ACTION', v, { service });
    return;
  }
  const cat = ctx.catalog;
  if (!cat) return;
  if (!cat.serviceExists(service)) {
    const near = closest(service.toLowerCase(), cat.services());
    report(ctx, 'INVALID_SERVICE_IN_ACTION', v, { service, ...(near ? { suggestion: `${near}:${name}` } : {}) });
    return;
  }
  if (ctx.type === 'rcp' && element === 'Action' && !cat.rcpSupported(service)) {
    report(ctx, 'RCP_SYNTAX_ERROR_ACTION', v, { action: text, why: `resource control policies do not apply to ${service.toLowerCase()}.` });
  }
  if (!cat.hasServiceData(service)) return;
  if (hasWildcard(name)) {
    if (cat.actionsMatching(service, name).length === 0) report(ctx, 'INVALID_ACTION', v, { action: text });
    return;
  }
  if (!cat.action(service, name)) {
    const near = closest(
      name,
      cat.actionsMatching(service, '*').map((a) => a.name),
    );
    report(ctx, 'INVALID_ACTION', v, { action: text, ...(near ? { suggestion: `${service.toLowerCase()}:${near}` } : {}) });
  }
}

/** `iam>DeleteAccessKey` or `iam.DeleteAccessKey`: a mistyped separator after a real service prefix. */
function suggestFormat(ctx: Ctx, text: string): { suggestion?: string } {
  const m = /^([a-z0-9-]+)[^a-z0-9:*?-]+([A-Za-z0-9*?]+)$/i.exec(text);
  if (!m) return {};
  const [, service = '', name = ''] = m;
  if (ctx.catalog && !ctx.catalog.serviceExists(service)) return {};
  const known = ctx.catalog?.action(service, name)?.name ?? name;
  return { suggestion: `${service.toLowerCase()}:${known}` };
}

/** The actions a pattern grants, by lower-case `service:name`; undefined when the catalog can't tell. */
function expand(ctx: Ctx, pattern: string): Set<string> | undefined {
  const cat = ctx.catalog;
  const colon = pattern.indexOf(':');
  if (!cat || colon < 0) return undefined;
  const service = pattern.slice(0, colon);
  if (hasWildcard(service) || !cat.hasServiceData(service)) return undefined;
  const found: readonly CatalogAction[] = cat.actionsMatching(service, pattern.slice(colon + 1));
  return new Set(found.map((a) => `${service.toLowerCase()}:${a.name.toLowerCase()}`));
}

/**
 * An entry is redundant when another entry of the same element already grants everything it grants. With the
 * catalog that is set inclusion over real actions; without, only a literal covered by a pattern.
 */
function checkRedundant(ctx: Ctx, values: LocatedValue[]): void {
  const sets = values.map((v) => expand(ctx, v.value));
  values.forEach((v, i) => {
    for (let j = 0; j < values.length; j++) {
      if (i === j) continue;
      const other = values[j];
      if (!other) continue;
      const same = other.value.toLowerCase() === v.value.toLowerCase();
      // Of two equal entries the later one is reported.
      if (same && j > i) continue;
      if (same || covers(other.value, v.value, sets[j], sets[i])) {
        report(ctx, 'REDUNDANT_ACTION', v, { action: v.value });
        return;
      }
    }
  });
}

function covers(general: string, specific: string, g: Set<string> | undefined, s: Set<string> | undefined): boolean {
  if (general === '*') return true;
  if (!hasWildcard(specific)) return globMatches(general, specific, true);
  if (!g || !s || s.size === 0) return false;
  for (const a of s) if (!g.has(a)) return false;
  // Equal sets cover each other; only the strictly wider pattern makes the narrower one redundant.
  return g.size > s.size;
}
