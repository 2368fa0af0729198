/**
 * IAM identity policies → an equivalent Cedar policy set, where Cedar can express them.
 *
 * - Each statement becomes one `permit` (Allow) or `forbid` (Deny). IAM's "an explicit deny wins, else an
 *   allow, else an implicit deny" is Cedar's "forbid overrides permit, default deny"; a deny whose diagnostics
 *   name a policy is IAM's explicit deny, one that names none is the implicit deny.
 * - Actions are `Action` entities with lower-cased ids (IAM action names are case-insensitive). A wildcard
 *   pattern such as `iam:*` becomes an action group `Action::"iam:*"`; the request's action entity lists the
 *   groups it falls in as parents (computed when the request is built, as an action hierarchy would be), and
 *   the policy says `action in [...]`. NotAction is `unless { action in [...] }`.
 * - Resources: the request's resource entity carries its ARN as `arn`; Resource patterns are `resource.arn
 *   like "…"` (`*` only: Cedar's `like` has no single-character wildcard, so `?` can't be expressed).
 * - Condition keys are context attributes under their lower-cased names, typed by the operator family that
 *   reads them: strings, sets of strings (keys read with ForAnyValue/ForAllValues), `ip` (IpAddress),
 *   `datetime` (Date*), Long (Numeric*, integers only), Bool as the strings "true"/"false".
 * - Policy variables: Cedar has no string concatenation, so `${…}` can't be read from the request. Variables
 *   that belong to the principal (aws:username, aws:PrincipalTag/…) are substituted when the policy set is
 *   built for that principal; any other variable makes the statement inexpressible.
 * - Not expressible: `?` wildcards, *IgnoreCase, ArnLike/StringLike patterns on multi-valued keys with
 *   wildcards, Binary, non-integer numbers, ArnLike wildcards before the resource part, request-dependent
 *   variables.
 */
import { hasWildcard } from '../lib/glob.js';
import { statementsOf, type NamedPolicy, type StatementJson } from '../engine/bench-case.js';

export type KeyKind = 'string' | 'set' | 'bool' | 'ip' | 'datetime' | 'long';

export interface CedarTranslation {
  text: string;
  policyCount: number;
  /** Lower-cased wildcard action patterns that became action groups. */
  actionGroups: string[];
  /** How each condition key is typed in the request context. */
  keyKinds: Map<string, KeyKind>;
  /** How the case was expressed, for the output. */
  summary: string;
}

export class Unexpressible extends Error {}

interface Operator {
  family: 'String' | 'Numeric' | 'Date' | 'Bool' | 'Ip' | 'Arn' | 'Null' | 'Binary';
  variant: 'equals' | 'like' | 'ignoreCase' | 'eq' | 'lt' | 'le' | 'gt' | 'ge' | '';
  negated: boolean;
  qualifier: 'none' | 'ForAnyValue' | 'ForAllValues';
  ifExists: boolean;
  name: string;
}

const BASE: Record<string, Omit<Operator, 'qualifier' | 'ifExists' | 'name'>> = {
  stringequals: { family: 'String', variant: 'equals', negated: false },
  stringnotequals: { family: 'String', variant: 'equals', negated: true },
  stringequalsignorecase: { family: 'String', variant: 'ignoreCase', negated: false },
  stringnotequalsignorecase: { family: 'String', variant: 'ignoreCase', negated: true },
  stringlike: { family: 'String', variant: 'like', negated: false },
  stringnotlike: { family: 'String', variant: 'like', negated: true },
  numericequals: { family: 'Numeric', variant: 'eq', negated: false },
  numericnotequals: { family: 'Numeric', variant: 'eq', negated: true },
  numericlessthan: { family: 'Numeric', variant: 'lt', negated: false },
  numericlessthanequals: { family: 'Numeric', variant: 'le', negated: false },
  numericgreaterthan: { family: 'Numeric', variant: 'gt', negated: false },
  numericgreaterthanequals: { family: 'Numeric', variant: 'ge', negated: false },
  dateequals: { family: 'Date', variant: 'eq', negated: false },
  datenotequals: { family: 'Date', variant: 'eq', negated: true },
  datelessthan: { family: 'Date', variant: 'lt', negated: false },
  datelessthanequals: { family: 'Date', variant: 'le', negated: false },
  dategreaterthan: { family: 'Date', variant: 'gt', negated: false },
  dategreaterthanequals: { family: 'Date', variant: 'ge', negated: false },
  bool: { family: 'Bool', variant: '', negated: false },
  binaryequals: { family: 'Binary', variant: '', negated: false },
  ipaddress: { family: 'Ip', variant: '', negated: false },
  notipaddress: { family: 'Ip', variant: '', negated: true },
  arnequals: { family: 'Arn', variant: 'equals', negated: false },
  arnlike: { family: 'Arn', variant: 'like', negated: false },
  arnnotequals: { family: 'Arn', variant: 'equals', negated: true },
  arnnotlike: { family: 'Arn', variant: 'like', negated: true },
  null: { family: 'Null', variant: '', negated: false },
};

function parseOperator(written: string): Operator {
  let rest = written;
  let qualifier: Operator['qualifier'] = 'none';
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon).toLowerCase();
    if (q === 'foranyvalue') qualifier = 'ForAnyValue';
    else if (q === 'forallvalues') qualifier = 'ForAllValues';
    else throw new Unexpressible(`unknown operator \`${written}\``);
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const base = BASE[rest.toLowerCase()];
  if (!base) throw new Unexpressible(`unknown operator \`${written}\``);
  return { ...base, qualifier, ifExists, name: written };
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function cedarString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A value with `${…}` variables substituted from the principal's fixed values. */
type Piece = { kind: 'text'; text: string } | { kind: 'literal'; text: string };

function substitute(value: string, fixed: ReadonlyMap<string, string>, used: Set<string>): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const m of value.matchAll(/\$\{([^}]*)\}/g)) {
    if (m.index > at) out.push({ kind: 'text', text: value.slice(at, m.index) });
    const name = m[1] ?? '';
    if (name === '*' || name === '?' || name === '$') out.push({ kind: 'literal', text: name });
    else {
      const v = fixed.get(name.toLowerCase());
      if (v === undefined) throw new Unexpressible(`the variable \`\${${name}}\` depends on the request (Cedar has no string concatenation)`);
      used.add(name);
      out.push({ kind: 'literal', text: v });
    }
    at = m.index + m[0].length;
  }
  if (at < value.length) out.push({ kind: 'text', text: value.slice(at) });
  return out;
}

/** The exact string a value stands for (wildcards are plain characters here, as in StringEquals). */
function exact(pieces: Piece[]): string {
  return pieces.map((p) => p.text).join('');
}

/** Cedar `like` pattern text: IAM `*` stays a wildcard, a literal `*` is escaped. */
function likePattern(pieces: Piece[]): string {
  let s = '';
  for (const p of pieces) {
    if (p.kind === 'literal') s += p.text.replace(/\\/g, '\\\\').replace(/\*/g, '\\*').replace(/"/g, '\\"');
    else {
      if (p.text.includes('?')) throw new Unexpressible('`?` wildcards (Cedar `like` has only `*`)');
      s += p.text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    }
  }
  return `"${s}"`;
}

function patternHasWildcard(pieces: Piece[]): boolean {
  return pieces.some((p) => p.kind === 'text' && hasWildcard(p.text));
}

function isoDate(v: string): string {
  const n = Number(v);
  const d = Number.isFinite(n) && /^\d+$/.test(v) ? new Date(n * 1000) : new Date(v);
  if (Number.isNaN(d.getTime())) throw new Unexpressible(`the date \`${v}\``);
  return d.toISOString();
}

const CMP = { eq: '==', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

function kindOf(op: Operator): KeyKind | undefined {
  switch (op.family) {
    case 'String':
    case 'Arn':
      return op.qualifier === 'none' ? 'string' : 'set';
    case 'Bool':
      return 'bool';
    case 'Ip':
      return 'ip';
    case 'Date':
      return 'datetime';
    case 'Numeric':
      return 'long';
    case 'Null':
      return undefined;
    case 'Binary':
      throw new Unexpressible('Binary conditions');
  }
}

class Translator {
  readonly groups = new Set<string>();
  readonly kinds = new Map<string, KeyKind>();
  readonly variables = new Set<string>();
  readonly operators = new Set<string>();
  likeCount = 0;

  constructor(private readonly fixed: ReadonlyMap<string, string>) {}

  collectKinds(s: StatementJson): void {
    for (const [opName, block] of Object.entries(s.Condition ?? {})) {
      const op = parseOperator(opName);
      const kind = kindOf(op);
      if (!kind) continue;
      for (const key of Object.keys(block)) {
        const k = key.toLowerCase();
        const had = this.kinds.get(k);
        if (had === undefined || had === kind) this.kinds.set(k, kind);
        else if ((had === 'string' && kind === 'set') || (had === 'set' && kind === 'string')) this.kinds.set(k, 'set');
        else throw new Unexpressible(`the key \`${key}\` is read both as ${had} and as ${kind}`);
      }
    }
  }

  actionList(patterns: string[]): string {
    const ids = patterns.map((p) => {
      const lower = p.toLowerCase();
      if (hasWildcard(lower)) {
        if (lower.includes('?')) throw new Unexpressible('`?` in an action pattern');
        this.groups.add(lower);
      }
      return `Action::${cedarString(lower)}`;
    });
    return `[${ids.join(', ')}]`;
  }

  resourceExpr(patterns: string[]): string | undefined {
    if (patterns.includes('*')) return undefined;
    const tests = patterns.map((p) => {
      const pieces = substitute(p, this.fixed, this.variables);
      if (!patternHasWildcard(pieces)) return `resource.arn == ${cedarString(exact(pieces))}`;
      this.likeCount++;
      return `resource.arn like ${likePattern(pieces)}`;
    });
    return tests.join(' || ');
  }

  valueTest(op: Operator, v: string, raw: string): string {
    switch (op.family) {
      case 'String':
      case 'Arn': {
        if (op.variant === 'ignoreCase') throw new Unexpressible(`${op.name} (Cedar has no case folding)`);
        const pieces = substitute(raw, this.fixed, this.variables);
        if (op.variant === 'equals' || !patternHasWildcard(pieces)) return `${v} == ${cedarString(exact(pieces))}`;
        if (op.family === 'Arn') {
          // ArnLike matches each of the first five colon-separated parts on its own; `like` matches the whole
          // string, which only agrees when the wildcards are all in the resource part.
          const text = exact(pieces);
          const head = text.split(':').slice(0, 5).join(':');
          if (hasWildcard(head)) throw new Unexpressible(`ArnLike \`${raw}\` (wildcards before the resource part)`);
        }
        this.likeCount++;
        return `${v} like ${likePattern(pieces)}`;
      }
      case 'Bool':
        return `${v} == ${cedarString(raw.toLowerCase())}`;
      case 'Ip':
        return `${v}.isInRange(ip(${cedarString(raw)}))`;
      case 'Date':
        return `${v} ${CMP[op.variant as keyof typeof CMP]} datetime(${cedarString(isoDate(raw))})`;
      case 'Numeric': {
        if (!/^-?\d+$/.test(raw)) throw new Unexpressible(`the number \`${raw}\` (Cedar has integers only)`);
        return `${v} ${CMP[op.variant as keyof typeof CMP]} ${raw}`;
      }
      default:
        throw new Unexpressible(op.name);
    }
  }

  condition(opName: string, key: string, values: string[]): string {
    const op = parseOperator(opName);
    this.operators.add(opName);
    const k = key.toLowerCase();
    const has = `context has ${cedarString(k)}`;
    const v = `context[${cedarString(k)}]`;
    if (op.family === 'Null') {
      const lower = values.map((x) => x.toLowerCase());
      const absent = lower.includes('true');
      const present = lower.includes('false');
      if (absent && present) return 'true';
      return absent ? `!(${has})` : `(${has})`;
    }
    const kind = this.kinds.get(k);
    if (kind === 'set') {
      if (op.family !== 'String' && op.family !== 'Arn') throw new Unexpressible(`${op.name} on a multi-valued key`);
      const strings = values.map((raw) => {
        const pieces = substitute(raw, this.fixed, this.variables);
        if (op.variant === 'like' && patternHasWildcard(pieces)) throw new Unexpressible(`${op.name} with wildcards on a multi-valued key (Cedar can't quantify over a set)`);
        if (op.variant === 'ignoreCase') throw new Unexpressible(op.name);
        return cedarString(exact(pieces));
      });
      const set = `[${strings.join(', ')}]`;
      if (op.qualifier === 'ForAllValues') return op.negated ? `(!(${has}) || !${v}.containsAny(${set}))` : `(!(${has}) || ${set}.containsAll(${v}))`;
      // Unqualified on a multi-valued key behaves like ForAnyValue for a positive operator.
      const anyIn = `${v}.containsAny(${set})`;
      if (op.qualifier === 'ForAnyValue') {
        const test = op.negated ? `!${set}.containsAll(${v})` : anyIn;
        return op.ifExists ? `(!(${has}) || ${test})` : `(${has} && ${test})`;
      }
      return op.negated ? `(!(${has}) || !${anyIn})` : op.ifExists ? `(!(${has}) || ${anyIn})` : `(${has} && ${anyIn})`;
    }
    if (op.qualifier !== 'none') throw new Unexpressible(`${op.name} on a key read as a single value`);
    const any = values.map((raw) => this.valueTest(op, v, raw)).join(' || ');
    if (op.negated) return `(!(${has}) || !(${any}))`;
    return op.ifExists ? `(!(${has}) || (${any}))` : `(${has} && (${any}))`;
  }

  statement(s: StatementJson): string {
    const effect = s.Effect === 'Allow' ? 'permit' : 'forbid';
    const clauses: string[] = [];
    let actionScope = 'action';
    if (s.Action !== undefined) {
      const acts = list(s.Action);
      if (!acts.includes('*')) actionScope = `action in ${this.actionList(acts)}`;
    } else if (s.NotAction !== undefined) {
      const acts = list(s.NotAction);
      if (acts.includes('*')) clauses.push('unless { true }');
      else clauses.push(`unless { action in ${this.actionList(acts)} }`);
    }
    if (s.Resource !== undefined) {
      const e = this.resourceExpr(list(s.Resource));
      if (e) clauses.push(`when { ${e} }`);
    } else if (s.NotResource !== undefined) {
      const e = this.resourceExpr(list(s.NotResource));
      clauses.push(e ? `unless { ${e} }` : 'unless { true }');
    }
    const conds: string[] = [];
    for (const [opName, block] of Object.entries(s.Condition ?? {})) {
      for (const [key, value] of Object.entries(block)) conds.push(this.condition(opName, key, list(value)));
    }
    if (conds.length > 0) clauses.push(`when { ${conds.join(' && ')} }`);
    return `${effect}(principal, ${actionScope}, resource)${clauses.length ? '\n  ' + clauses.join('\n  ') : ''};`;
  }
}

/**
 * Translates a principal's identity policies; `fixed` holds the principal's own variable values (lower-cased
 * names). Throws {@link Unexpressible} with the reason when Cedar can't say the same thing.
 */
export function translateToCedar(policies: readonly NamedPolicy[], fixed: ReadonlyMap<string, string>): CedarTranslation {
  const t = new Translator(fixed);
  const statements = policies.flatMap((p) => statementsOf(p.document));
  for (const s of statements) t.collectKinds(s);
  const text = statements.map((s) => t.statement(s)).join('\n');
  const kinds = [...new Set(t.kinds.values())].sort();
  const parts = [
    `${statements.length} permit/forbid`,
    t.groups.size > 0 ? `${t.groups.size} wildcard action group(s) via Action membership` : 'actions by entity equality',
    t.likeCount > 0 ? `${t.likeCount} \`like\` pattern(s)` : 'no `like`',
  ];
  if (t.operators.size > 0) parts.push(`conditions (${[...t.operators].sort().join(', ')}) over context typed as ${kinds.join('/')}`);
  if (t.variables.size > 0) parts.push(`principal variables substituted at translation (${[...t.variables].sort().join(', ')})`);
  return { text, policyCount: statements.length, actionGroups: [...t.groups], keyKinds: t.kinds, summary: parts.join('; ') };
}
