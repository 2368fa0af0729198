/**
 * JSON text (or a value) → PolicyDocument, with located findings for everything that keeps the document
 * from being a policy. Never throws on any input.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type {
  ConditionClause,
  Effect,
  Located,
  LocatedValue,
  PathElement,
  PolicyDocument,
  PolicyVersion,
  PrincipalBlock,
  PrincipalType,
  Statement,
} from './ast.js';
import type { Finding } from './finding.js';
import { LineIndex } from './positions.js';

export type ParseResult =
  | { ok: true; document: PolicyDocument; findings: Finding[] }
  /**
   * `partial` holds what could be read despite the errors (statements without a valid Effect are left out, and so
   * is any element that failed to read), for the validator to check further. Never evaluate it.
   */
  | { ok: false; findings: Finding[]; partial?: PolicyDocument };

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const TOP_KEYS = new Set(['Version', 'Id', 'Statement']);
const PRINCIPAL_TYPES = new Set<string>(['AWS', 'Service', 'Federated', 'CanonicalUser']);

/** Deeper nesting than any policy needs; checked before parsing because the JSON parser recurses. */
export const MAX_DEPTH = 64;

/** The deepest nesting of arrays and objects in the text, ignoring brackets inside strings (linear). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Largest document we read at all; the per-type limits are far below, this only bounds work on hostile input. */
export const MAX_PARSE_LENGTH = 1_000_000;

class Reader {
  readonly findings: Finding[] = [];
  private readonly lines: LineIndex;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }

  at(node: Node, path: PathElement[]): Located {
    return { path, span: this.lines.span(node.offset, node.length) };
  }

  error(issueCode: string, message: string, node: Node | undefined, path: PathElement[]): void {
    const loc = node ? [this.at(node, path)] : [];
    this.findings.push({ findingType: 'ERROR', issueCode, message, locations: loc });
  }

  suggestion(issueCode: string, message: string, node: Node, path: PathElement[]): void {
    this.findings.push({ findingType: 'SUGGESTION', issueCode, message, locations: [this.at(node, path)] });
  }

  /** Object members by name; a repeated name keeps the last, as JSON parsers commonly do. */
  members(node: Node, path: PathElement[] = []): Map<string, { key: Node; value: Node }> {
    const out = new Map<string, { key: Node; value: Node }>();
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (k && v && typeof k.value === 'string') {
        if (out.has(k.value)) this.findings.push({ findingType: 'WARNING', issueCode: 'DUPLICATE_KEY', message: `The key \`${k.value}\` appears more than once; only the last is used.`, locations: [this.at(k, [...path, { key: k.value }])] });
        out.set(k.value, { key: k, value: v });
      }
    }
    return out;
  }

  /** A string, or an array of strings: returned as located values. Numbers and booleans only where AWS reads them as strings. */
  strings(node: Node, path: PathElement[], field: string, scalarsAsStrings = false): LocatedValue[] | undefined {
    const one = (n: Node, p: PathElement[]): LocatedValue | undefined => {
      if (n.type === 'string') return { value: String(n.value), ...this.at(n, p) };
      if (scalarsAsStrings && (n.type === 'number' || n.type === 'boolean')) {
        // AWS reads the literal as written (`true`, `10`, `1.50`), so take the source text, not the JS value.
        return { value: this.text.slice(n.offset, n.offset + n.length), ...this.at(n, p) };
      }
      this.error('INVALID_VALUE_TYPE', `\`${field}\` must be a string or an array of strings.`, n, p);
      return undefined;
    };
    if (node.type === 'array') {
      const out: LocatedValue[] = [];
      (node.children ?? []).forEach((c, i) => {
        const v = one(c, [...path, { index: i }]);
        if (v) out.push(v);
      });
      if (out.length !== (node.children ?? []).length) return undefined;
      return out;
    }
    const v = one(node, path);
    return v ? [v] : undefined;
  }
}

function syntaxMessage(e: ParseError): string {
  const code = printParseErrorCode(e.error);
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `Invalid JSON: ${words}.`;
}

/**
 * Parses a policy document given as JSON text, or as a value (a JSON object, or a string holding one).
 * @example parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}').ok // true
 */
export function parsePolicy(input: unknown): ParseResult {
  let text: string;
  if (typeof input === 'string') text = input;
  else if (input !== null && typeof input === 'object') {
    try {
      text = JSON.stringify(input, null, 2);
    } catch {
      // Cyclic or too deeply nested to serialise: no policy is either.
      return { ok: false, findings: [{ findingType: 'ERROR', issueCode: 'JSON_SYNTAX', message: `The policy is nested more than ${MAX_DEPTH} levels deep.`, locations: [] }] };
    }
  } else return { ok: false, findings: [{ findingType: 'ERROR', issueCode: 'JSON_SYNTAX', message: 'A policy must be a JSON object.', locations: [] }] };
  if (text.length > MAX_PARSE_LENGTH) {
    return { ok: false, findings: [{ findingType: 'ERROR', issueCode: 'POLICY_SIZE', message: `The policy is ${text.length} characters long, more than any policy may be.`, locations: [] }] };
  }
  if (nestingDepth(text) > MAX_DEPTH) {
    return { ok: false, findings: [{ findingType: 'ERROR', issueCode: 'JSON_SYNTAX', message: `The policy is nested more than ${MAX_DEPTH} levels deep.`, locations: [] }] };
  }
  const r = new Reader(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    const e = errors[0];
    const lines = new LineIndex(text);
    const loc = e ? [{ path: [], span: lines.span(e.offset, e.length) }] : [];
    return { ok: false, findings: [{ findingType: 'ERROR', issueCode: 'JSON_SYNTAX', message: e ? syntaxMessage(e) : 'Invalid JSON: empty document.', locations: loc }] };
  }
  if (root.type !== 'object') {
    r.error('JSON_SYNTAX', 'A policy must be a JSON object.', root, []);
    return { ok: false, findings: r.findings };
  }
  const top = r.members(root);
  for (const [name, { key }] of top) {
    if (!TOP_KEYS.has(name)) r.error('UNKNOWN_ELEMENT', `\`${name}\` is not a policy element (Version, Id, Statement).`, key, [{ key: name }]);
  }
  let version: PolicyVersion | undefined;
  const v = top.get('Version');
  if (v) {
    if (v.value.type === 'string' && (v.value.value === '2012-10-17' || v.value.value === '2008-10-17')) version = v.value.value;
    else r.error('INVALID_VERSION', 'The Version must be `2012-10-17` or `2008-10-17`.', v.value, [{ key: 'Version' }]);
  }
  let id: string | undefined;
  const idNode = top.get('Id');
  if (idNode) {
    if (idNode.value.type === 'string') id = String(idNode.value.value);
    else r.error('INVALID_VALUE_TYPE', '`Id` must be a string.', idNode.value, [{ key: 'Id' }]);
  }
  const st = top.get('Statement');
  const statements: Statement[] = [];
  if (!st) r.error('MISSING_STATEMENT', 'The policy has no `Statement`.', root, []);
  else if (st.value.type === 'object') {
    const s = readStatement(r, st.value, [{ key: 'Statement' }], 0);
    if (s) statements.push(s);
  } else if (st.value.type === 'array') {
    const items = st.value.children ?? [];
    if (items.length === 0) r.error('MISSING_STATEMENT', 'The policy has an empty `Statement` list.', st.value, [{ key: 'Statement' }]);
    items.forEach((item, i) => {
      const path: PathElement[] = [{ key: 'Statement' }, { index: i }];
      if (item.type !== 'object') r.error('INVALID_VALUE_TYPE', 'Each statement must be a JSON object.', item, path);
      else {
        const s = readStatement(r, item, path, i);
        if (s) statements.push(s);
      }
    });
  } else r.error('INVALID_VALUE_TYPE', '`Statement` must be an object or an array of objects.', st.value, [{ key: 'Statement' }]);

  const document: PolicyDocument = { statements, text, ...(version ? { version } : {}), ...(id !== undefined ? { id } : {}) };
  if (r.findings.some((f) => f.findingType === 'ERROR')) return { ok: false, findings: r.findings, partial: document };
  return { ok: true, document, findings: r.findings };
}

function readStatement(r: Reader, node: Node, path: PathElement[], index: number): Statement | undefined {
  const m = r.members(node, path);
  for (const [name, { key }] of m) {
    if (!STATEMENT_KEYS.has(name)) r.error('UNKNOWN_ELEMENT', `\`${name}\` is not a statement element.`, key, [...path, { key: name }]);
  }
  let sid: string | undefined;
  let sidLocated: Located | undefined;
  const sidNode = m.get('Sid');
  if (sidNode) {
    sidLocated = r.at(sidNode.value, [...path, { key: 'Sid' }]);
    if (sidNode.value.type === 'string') sid = String(sidNode.value.value);
    else r.error('INVALID_VALUE_TYPE', '`Sid` must be a string.', sidNode.value, [...path, { key: 'Sid' }]);
  }
  let effect: Effect | undefined;
  const eff = m.get('Effect');
  if (!eff) r.error('MISSING_EFFECT', 'The statement has no `Effect`.', node, path);
  else if (eff.value.type === 'string' && (eff.value.value === 'Allow' || eff.value.value === 'Deny')) effect = eff.value.value;
  else r.error('INVALID_EFFECT', 'The `Effect` must be `Allow` or `Deny`.', eff.value, [...path, { key: 'Effect' }]);

  const list = (name: string): LocatedValue[] | undefined => {
    const e = m.get(name);
    if (!e) return undefined;
    const vals = r.strings(e.value, [...path, { key: name }], name);
    if (vals && vals.length === 0) r.error('EMPTY_ARRAY', `\`${name}\` must not be an empty array.`, e.value, [...path, { key: name }]);
    return vals;
  };
  const action = list('Action');
  const notAction = list('NotAction');
  const resource = list('Resource');
  const notResource = list('NotResource');
  if (m.has('Action') && m.has('NotAction')) r.error('ACTION_AND_NOTACTION', 'A statement may have `Action` or `NotAction`, not both.', node, path);
  if (!m.has('Action') && !m.has('NotAction')) r.error('MISSING_ACTION', 'The statement has no `Action` or `NotAction`.', node, path);
  if (m.has('Resource') && m.has('NotResource')) r.error('RESOURCE_AND_NOTRESOURCE', 'A statement may have `Resource` or `NotResource`, not both.', node, path);
  if (m.has('Principal') && m.has('NotPrincipal')) r.error('PRINCIPAL_AND_NOTPRINCIPAL', 'A statement may have `Principal` or `NotPrincipal`, not both.', node, path);

  const principalOf = (name: 'Principal' | 'NotPrincipal'): PrincipalBlock | undefined => {
    const e = m.get(name);
    if (!e) return undefined;
    const p = [...path, { key: name }];
    if (e.value.type === 'string') {
      if (e.value.value === '*') return { kind: 'any', located: r.at(e.value, p) };
      r.error('INVALID_PRINCIPAL', `\`${name}\` must be \`*\` or an object such as {"AWS": …}.`, e.value, p);
      return undefined;
    }
    if (e.value.type !== 'object') {
      r.error('INVALID_PRINCIPAL', `\`${name}\` must be \`*\` or an object such as {"AWS": …}.`, e.value, p);
      return undefined;
    }
    const entries: Partial<Record<PrincipalType, LocatedValue[]>> = {};
    for (const [t, { key, value }] of r.members(e.value, p)) {
      if (!PRINCIPAL_TYPES.has(t)) {
        r.error('INVALID_PRINCIPAL_KEY', `\`${t}\` is not a principal type (AWS, Service, Federated, CanonicalUser).`, key, [...p, { key: t }]);
        continue;
      }
      const vals = r.strings(value, [...p, { key: t }], `${name}.${t}`);
      if (vals) entries[t as PrincipalType] = vals;
    }
    if (Object.keys(entries).length === 0 && (e.value.children ?? []).length === 0) r.error('EMPTY_PRINCIPAL', `\`${name}\` must name at least one principal.`, e.value, p);
    return { kind: 'map', entries, located: r.at(e.value, p) };
  };
  const principal = principalOf('Principal');
  const notPrincipal = principalOf('NotPrincipal');

  const conditions: ConditionClause[] = [];
  const cond = m.get('Condition');
  if (cond) {
    const cp = [...path, { key: 'Condition' }];
    if (cond.value.type !== 'object') r.error('INVALID_CONDITION', '`Condition` must be an object of operators.', cond.value, cp);
    else {
      // An empty block is valid JSON and has no effect; the validator reports it as a suggestion.
      if ((cond.value.children ?? []).length === 0) r.suggestion('EMPTY_OBJECT', 'The condition block is empty.', cond.value, cp);
      for (const [operator, { value: opNode }] of r.members(cond.value, cp)) {
        const op = [...cp, { key: operator }];
        if (opNode.type !== 'object') {
          r.error('INVALID_CONDITION', `The operator \`${operator}\` must map condition keys to values.`, opNode, op);
          continue;
        }
        if ((opNode.children ?? []).length === 0) r.suggestion('EMPTY_OBJECT', `The operator \`${operator}\` has no condition keys.`, opNode, op);
        for (const [key, { value: valNode }] of r.members(opNode, op)) {
          const kp = [...op, { key }];
          const values = r.strings(valNode, kp, `Condition ${operator} ${key}`, true);
          if (!values) continue;
          if (values.length === 0) r.error('EMPTY_ARRAY', `The condition key \`${key}\` has no values.`, valNode, kp);
          conditions.push({ operator, key, values, located: r.at(valNode, kp) });
        }
      }
    }
  }
  // A statement with errors is still returned: parsePolicy refuses the whole document then, and the validator
  // checks the rest of the statement. Only a statement without an Effect is unusable.
  if (!effect) return undefined;
  return {
    index,
    effect,
    conditions,
    located: r.at(node, path),
    ...(sid !== undefined ? { sid } : {}),
    ...(sid !== undefined && sidLocated ? { sidLocated } : {}),
    ...(action ? { action } : {}),
    ...(notAction ? { notAction } : {}),
    ...(resource ? { resource } : {}),
    ...(notResource ? { notResource } : {}),
    ...(principal ? { principal } : {}),
    ...(notPrincipal ? { notPrincipal } : {}),
  };
}
