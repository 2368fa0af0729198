/** Checks on the shape of the document: parser findings in Access Analyzer's terms, per-type elements, Sids, size. */
import type { Located, PathElement, PolicyType, Statement } from '../ast.js';
import type { Finding } from '../finding.js';
import { report, isIdentityLike, type Ctx } from './context.js';
import type { IssueCode } from './issues.js';
import { issue } from './issues.js';

function lastKey(path: PathElement[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const p = path[i];
    if (p && 'key' in p) return p.key;
  }
  return '';
}

/** The condition operator a path points into (`Statement/0/Condition/<operator>/…`), if any. */
function operatorOf(path: PathElement[]): string | undefined {
  const at = path.findIndex((p) => 'key' in p && p.key === 'Condition');
  const op = at >= 0 ? path[at + 1] : undefined;
  return op && 'key' in op ? op.key : undefined;
}

function emptyConditionCode(operator: string): IssueCode {
  const lower = operator.toLowerCase();
  if (lower.startsWith('forallvalues:')) return 'EMPTY_ARRAY_CONDITION_FORALLVALUES';
  if (lower.startsWith('foranyvalue:')) return 'EMPTY_ARRAY_CONDITION_FORANYVALUE';
  if (lower.endsWith('ifexists')) return 'EMPTY_ARRAY_CONDITION_IFEXISTS';
  return 'EMPTY_ARRAY_CONDITION';
}

/**
 * Re-states the parser's structural findings as Access Analyzer issues. The parser's own codes describe why the
 * engine refuses a document; Access Analyzer names the same problems differently and grades some (empty arrays)
 * as suggestions.
 */
export function fromParser(parsed: Finding[]): Finding[] {
  return parsed.map((f): Finding => {
    const loc = f.locations;
    const path = loc[0]?.path ?? [];
    const key = lastKey(path);
    switch (f.issueCode) {
      case 'JSON_SYNTAX': {
        const at = loc[0]?.span.start;
        return issue('JSON_SYNTAX_ERROR', loc, at ? { where: `index ${at.offset} line ${at.line} column ${at.column}` } : {});
      }
      case 'POLICY_SIZE':
        return issue('POLICY_SIZE_EXCEEDS_QUOTA', loc, { size: 'more than 1,000,000', limit: '1,000,000', what: 'policy' });
      case 'UNKNOWN_ELEMENT':
        return issue('INVALID_POLICY_ELEMENT', loc, { element: key });
      case 'INVALID_VERSION':
      case 'MISSING_STATEMENT':
      case 'MISSING_EFFECT':
      case 'INVALID_EFFECT':
      case 'MISSING_ACTION':
        return issue(f.issueCode, loc);
      case 'INVALID_VALUE_TYPE':
      case 'INVALID_CONDITION':
        return issue('DATA_TYPE_MISMATCH', loc);
      case 'EMPTY_ARRAY': {
        if (key === 'Action' || key === 'NotAction') return issue('EMPTY_ARRAY_ACTION', loc);
        if (key === 'Resource' || key === 'NotResource') return issue('EMPTY_ARRAY_RESOURCE', loc);
        const op = operatorOf(path);
        return issue(op ? emptyConditionCode(op) : 'EMPTY_ARRAY_CONDITION', loc);
      }
      case 'EMPTY_OBJECT':
        return issue('EMPTY_OBJECT_CONDITION', loc);
      case 'ACTION_AND_NOTACTION':
        return issue('UNSUPPORTED_ELEMENT_COMBINATION', loc, { a: 'Action', b: 'NotAction' });
      case 'RESOURCE_AND_NOTRESOURCE':
        return issue('UNSUPPORTED_ELEMENT_COMBINATION', loc, { a: 'Resource', b: 'NotResource' });
      case 'PRINCIPAL_AND_NOTPRINCIPAL':
        return issue('UNSUPPORTED_ELEMENT_COMBINATION', loc, { a: 'Principal', b: 'NotPrincipal' });
      case 'INVALID_PRINCIPAL':
        return issue('INVALID_PRINCIPAL_FORMAT', loc);
      case 'INVALID_PRINCIPAL_KEY':
        return issue('INVALID_PRINCIPAL_KEY', loc, { key });
      case 'EMPTY_PRINCIPAL':
        return issue('EMPTY_OBJECT_PRINCIPAL', loc);
      case 'DUPLICATE_KEY':
        return issue('DUPLICATE_KEY', loc, { key });
      default:
        return f;
    }
  });
}

const SID = /^[A-Za-z0-9]*$/;

/** Elements each policy type requires or forbids, and Sid rules. */
export function checkElements(ctx: Ctx): void {
  const { doc, type } = ctx;
  if (doc.version === undefined) report(ctx, 'MISSING_VERSION', undefined);
  const seen = new Map<string, Located>();
  for (const s of doc.statements) {
    checkStatementElements(ctx, s, type);
    if (s.sid === undefined) continue;
    const sidLoc = s.sidLocated ?? s.located;
    if (s.sid === '') {
      report(ctx, 'EMPTY_SID_VALUE', sidLoc);
      continue;
    }
    // Bucket, queue and key policies accept spaces and punctuation in Sids; IAM and Organizations do not.
    if (type !== 'resource' && !SID.test(s.sid)) report(ctx, 'UNSUPPORTED_SID', sidLoc);
    const first = seen.get(s.sid);
    if (first) report(ctx, type === 'resource' ? 'UNIQUE_SIDS_RECOMMENDED' : 'UNIQUE_SIDS_REQUIRED', [sidLoc, first]);
    else seen.set(s.sid, sidLoc);
  }
}

/** The located key of a statement element (path only; the span is the statement's, refined when the value is known). */
export function locOf(_ctx: Ctx, s: Statement, element: string): Located {
  const vals =
    element === 'Action' ? s.action : element === 'NotAction' ? s.notAction : element === 'Resource' ? s.resource : element === 'NotResource' ? s.notResource : undefined;
  const first = vals?.[0];
  if (first && vals && vals.length > 0) {
    const last = vals[vals.length - 1] ?? first;
    // A list's span is that of its values; a string's is the string's.
    return { path: [...s.located.path, { key: element }], span: { start: first.span.start, end: last.span.end } };
  }
  if (element === 'Principal' && s.principal) return s.principal.located;
  if (element === 'NotPrincipal' && s.notPrincipal) return s.notPrincipal.located;
  return { path: [...s.located.path, { key: element }], span: s.located.span };
}

function checkStatementElements(ctx: Ctx, s: Statement, type: PolicyType): void {
  const hasPrincipal = s.principal !== undefined || s.notPrincipal !== undefined;
  const hasResource = s.resource !== undefined || s.notResource !== undefined;
  const principalLoc = s.principal ? s.principal.located : s.notPrincipal?.located;
  if (isIdentityLike(type)) {
    if (hasPrincipal) report(ctx, 'UNSUPPORTED_PRINCIPAL', principalLoc);
  } else if (type === 'scp') {
    if (hasPrincipal) report(ctx, 'SCP_SYNTAX_ERROR_PRINCIPAL', principalLoc);
  } else if (type === 'trust') {
    if (!s.principal && !s.notPrincipal) report(ctx, 'MISSING_PRINCIPAL', s.located);
    if (s.notPrincipal) report(ctx, 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', s.notPrincipal.located);
    if (hasResource) report(ctx, 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', locOf(ctx, s, s.resource ? 'Resource' : 'NotResource'));
  } else if (!hasPrincipal) report(ctx, 'MISSING_PRINCIPAL', s.located);
  if (type !== 'trust' && !hasResource && !ctx.findings.some((f) => f.issueCode === 'EMPTY_ARRAY_RESOURCE' && samePath(f, s))) {
    report(ctx, 'MISSING_RESOURCE', s.located);
  }
  if (type === 'rcp') checkRcpStatement(ctx, s);
  if (s.effect === 'Allow' && s.notPrincipal) report(ctx, 'ALLOW_WITH_NOT_PRINCIPAL', s.notPrincipal.located);
  for (const p of [s.principal, s.notPrincipal]) {
    if (p?.kind !== 'map') continue;
    for (const [t, vals] of Object.entries(p.entries)) if (vals.length === 0) report(ctx, 'EMPTY_ARRAY_PRINCIPAL', { path: [...p.located.path, { key: t }], span: p.located.span });
  }
}

function samePath(f: Finding, s: Statement): boolean {
  const p = f.locations[0]?.path ?? [];
  return s.located.path.every((e, i) => JSON.stringify(e) === JSON.stringify(p[i]));
}

/** RCPs: Deny only (except the RCPFullAWSAccess form), Principal `*` only, no NotAction or NotPrincipal. */
function checkRcpStatement(ctx: Ctx, s: Statement): void {
  const fullAccess =
    s.effect === 'Allow' &&
    s.principal?.kind === 'any' &&
    s.action?.length === 1 &&
    s.action[0]?.value === '*' &&
    s.resource?.length === 1 &&
    s.resource[0]?.value === '*' &&
    s.conditions.length === 0;
  if (s.effect === 'Allow' && !fullAccess) report(ctx, 'RCP_SYNTAX_ERROR_ALLOW', s.located);
  if (s.notPrincipal) report(ctx, 'RCP_SYNTAX_ERROR_PRINCIPAL', s.notPrincipal.located);
  else if (s.principal && s.principal.kind !== 'any') report(ctx, 'RCP_SYNTAX_ERROR_PRINCIPAL', s.principal.located);
  if (s.notAction) report(ctx, 'RCP_SYNTAX_ERROR_NOTACTION', locOf(ctx, s, 'NotAction'));
}

/** Statements that grant exactly the same as an earlier one (Sid aside). */
export function checkRedundantStatements(ctx: Ctx): void {
  const seen = new Set<string>();
  for (const s of ctx.doc.statements) {
    const key = JSON.stringify([
      s.effect,
      s.action?.map((v) => v.value).sort(),
      s.notAction?.map((v) => v.value).sort(),
      s.resource?.map((v) => v.value).sort(),
      s.notResource?.map((v) => v.value).sort(),
      principalKey(s.principal),
      principalKey(s.notPrincipal),
      s.conditions.map((c) => [c.operator, c.key.toLowerCase(), c.values.map((v) => v.value).sort()]).sort(),
    ]);
    if (seen.has(key)) report(ctx, 'REDUNDANT_STATEMENT', s.located);
    seen.add(key);
  }
}

function principalKey(p: Statement['principal']): unknown {
  if (!p) return null;
  if (p.kind === 'any') return '*';
  return Object.entries(p.entries)
    .map(([t, vs]) => [t, vs.map((v) => v.value).sort()])
    .sort();
}

/** Characters IAM counts: everything but JSON whitespace outside string literals. */
export function policySize(text: string): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      n++;
      if (c === '\\') {
        n++;
        i++;
      } else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      n++;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') n++;
  }
  return n;
}

export interface SizeRule {
  limit: number;
  code: IssueCode;
  what: string;
}

/** Default quotas per type (iam-facts.md); `sizeLimit` overrides, e.g. 2,048 for a user's inline policies. */
export function sizeRule(type: PolicyType, sizeLimit: number | undefined): SizeRule | undefined {
  switch (type) {
    case 'identity':
    case 'boundary':
      return { limit: sizeLimit ?? 6144, code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', what: 'identity policy' };
    case 'trust':
      return { limit: sizeLimit ?? 2048, code: 'POLICY_SIZE_EXCEEDS_QUOTA', what: 'role trust policy' };
    case 'session':
      return { limit: sizeLimit ?? 2048, code: 'POLICY_SIZE_EXCEEDS_QUOTA', what: 'session policy' };
    case 'scp':
      return { limit: sizeLimit ?? 5120, code: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA', what: 'service control policy' };
    case 'rcp':
      return { limit: sizeLimit ?? 5120, code: 'POLICY_SIZE_EXCEEDS_RCP_QUOTA', what: 'resource control policy' };
    case 'resource':
      // Each service sets its own limit (S3 20 KB, SQS 8 KB, …); only the caller knows which applies.
      return sizeLimit === undefined ? undefined : { limit: sizeLimit, code: 'POLICY_SIZE_EXCEEDS_QUOTA', what: 'resource policy' };
  }
}

export function checkSize(ctx: Ctx, text: string, sizeLimit: number | undefined): number {
  const size = policySize(text);
  const rule = sizeRule(ctx.type, sizeLimit);
  if (rule && size > rule.limit) report(ctx, rule.code, { path: [], span: wholeSpan(text) }, { size: String(size), limit: String(rule.limit), what: rule.what });
  return size;
}

/** The first character outside tab, LF, CR and U+0020–U+00FF, located. */
export function checkCharacters(ctx: Ctx, text: string, positionOf: (offset: number) => Located['span']): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xff)) continue;
    const hex = c.toString(16).toUpperCase().padStart(4, '0');
    report(ctx, 'INVALID_CHARACTER', { path: [], span: positionOf(i) }, { char: `U+${hex}` });
    return;
  }
}

function wholeSpan(text: string): Located['span'] {
  const lines = text.split('\n');
  const last = lines[lines.length - 1] ?? '';
  return { start: { line: 1, column: 1, offset: 0 }, end: { line: lines.length, column: last.length + 1, offset: text.length } };
}
