/** Condition blocks: operators, keys, key types against operators, values against operators, IP and set rules. */
import ipaddr from 'ipaddr.js';
import type { ConditionClause, LocatedValue, Statement } from '../ast.js';
import { parseOperator, type ParsedOperator } from '../../condition/operators.js';
import { parseDate } from '../../condition/date.js';
import { parseNumber } from '../../condition/numeric.js';
import { parseRange } from '../../condition/ip.js';
import { report, type Ctx } from './context.js';
import { hasVariable } from './variables.js';

/** Operator families each catalog key type accepts; Null works with any key. */
const ACCEPTS: Record<string, readonly string[]> = {
  String: ['String'],
  ArrayOfString: ['String'],
  // ARN keys compare as strings too: AWS documents StringLike on aws:PrincipalArn.
  ARN: ['Arn', 'String'],
  ArrayOfARN: ['Arn', 'String'],
  Bool: ['Bool'],
  ArrayOfBool: ['Bool'],
  Numeric: ['Numeric'],
  Date: ['Date'],
  IPAddress: ['Ip'],
};

const OPERATOR_FOR_TYPE: Record<string, string> = {
  String: 'String',
  ArrayOfString: 'String',
  ARN: 'ARN',
  ArrayOfARN: 'ARN',
  Bool: 'Bool',
  ArrayOfBool: 'Bool',
  Numeric: 'Numeric',
  Date: 'Date',
  IPAddress: 'IPAddress',
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const PAIRED: Record<string, string[]> = { 'aws:vpcsourceip': ['aws:SourceVpc'] };

export function checkConditions(ctx: Ctx): void {
  for (const s of ctx.doc.statements) {
    checkDuplicateKeys(ctx, s);
    checkPairs(ctx, s);
    for (const c of s.conditions) checkClause(ctx, c);
  }
}

function checkClause(ctx: Ctx, c: ConditionClause): void {
  const op = parseOperator(c.operator);
  if (!op || !op.exactCase) {
    const nullIfExists = /^((ForAnyValue|ForAllValues):)?NullIfExists$/i.test(c.operator);
    report(ctx, nullIfExists ? 'NULL_WITH_IF_EXISTS' : 'INVALID_CONDITION_OPERATOR', c.located, { operator: c.operator });
    return;
  }
  if (op.base.family === 'Null' && op.qualifier !== 'none') report(ctx, 'NULL_WITH_QUALIFIER', c.located);
  const keyType = checkKey(ctx, c, op);
  checkValues(ctx, c, op, keyType);
}

/** Resolves and checks the key; returns the catalog type when known. */
function checkKey(ctx: Ctx, c: ConditionClause, op: ParsedOperator): string | undefined {
  const key = c.key;
  const colon = key.indexOf(':');
  if (colon <= 0 || colon === key.length - 1) {
    report(ctx, 'INVALID_CONDITION_KEY_FORMAT', c.located);
    return undefined;
  }
  const prefix = key.slice(0, colon).toLowerCase();
  const lower = key.toLowerCase();
  if (lower === 'aws:arn') {
    report(ctx, 'UNSUPPORTED_GLOBAL_CONDITION_KEY', c.located);
    return undefined;
  }
  if (/^aws:(resourcetag|requesttag|principaltag)\/?$/.test(lower)) {
    report(ctx, 'MISSING_TAG_KEY_IN_CONDITION', c.located);
    return undefined;
  }
  const cat = ctx.catalog;
  if (!cat) return undefined;
  const found = cat.conditionKey(key);
  if (!found) {
    if (prefix === 'aws') report(ctx, 'INVALID_GLOBAL_CONDITION_KEY', c.located, { key });
    else if (cat.serviceExists(prefix) && cat.hasServiceData(prefix)) report(ctx, 'INVALID_SERVICE_CONDITION_KEY', c.located, { key, service: prefix });
    else if (!cat.serviceExists(prefix) && /^[a-z0-9-]+$/.test(prefix)) report(ctx, 'INVALID_SERVICE', c.located, { service: prefix });
    return undefined;
  }
  const family = op.base.family;
  const accepted = ACCEPTS[found.type];
  // aws:EpochTime is documented as both a date and a number of seconds.
  const epoch = lower === 'aws:epochtime' && family === 'Numeric';
  if (accepted && family !== 'Null' && !accepted.includes(family) && !epoch) {
    report(ctx, 'TYPE_MISMATCH', c.located, { expected: OPERATOR_FOR_TYPE[found.type] ?? found.type, operator: c.operator, key });
  }
  const multi = found.type.startsWith('ArrayOf');
  if (op.qualifier === 'ForAllValues' && !multi) report(ctx, 'FORALLVALUES_WITH_SINGLE_VALUED_KEY', c.located, { key });
  if (op.qualifier === 'none' && multi && family !== 'Null') report(ctx, 'MISSING_QUALIFIER', c.located, { key });
  return found.type;
}

function isJsonString(ctx: Ctx, v: LocatedValue): boolean {
  return ctx.doc.text[v.span.start.offset] === '"';
}

function checkValues(ctx: Ctx, c: ConditionClause, op: ParsedOperator, _keyType: string | undefined): void {
  const kinds = new Set(c.values.map((v) => isJsonString(ctx, v)));
  if (kinds.size > 1) report(ctx, 'INVALID_CONDITION_DATA_TYPE', c.located);
  const family = op.base.family;
  const variablesAllowed = family === 'String' || family === 'Arn';
  for (const v of c.values) {
    if (ctx.doc.version === '2012-10-17' && hasVariable(v.value)) {
      if (!variablesAllowed) report(ctx, 'INVALID_VARIABLE_FOR_OPERATOR', v);
      continue;
    }
    switch (family) {
      case 'Numeric':
        if (parseNumber(v.value) === undefined) report(ctx, 'TYPE_MISMATCH_NUMBER', v);
        break;
      case 'Date':
        if (parseDate(v.value) === undefined) report(ctx, 'TYPE_MISMATCH_DATE', v);
        else if (/^\d+$/.test(v.value.trim())) report(ctx, 'INVALID_DATE_VALUE', v);
        break;
      case 'Bool':
      case 'Null':
        if (!/^(true|false)$/i.test(v.value)) report(ctx, 'TYPE_MISMATCH_BOOLEAN', v);
        break;
      case 'Binary':
        if (!BASE64.test(v.value) || v.value.length % 4 !== 0) report(ctx, 'TYPE_MISMATCH_STRING', v);
        break;
      case 'Ip':
        checkIp(ctx, v);
        break;
      case 'String':
      case 'Arn':
        if ((op.base.variant === 'equals' || op.base.name.startsWith('ArnEquals') || op.base.name === 'ArnNotEquals') && /[*?]/.test(v.value)) {
          report(ctx, 'WILDCARD_WITHOUT_LIKE_OPERATOR', v);
        }
        break;
    }
  }
  if (family === 'Bool' && c.values.length > 1) report(ctx, 'INVALID_CONDITION_MULTIPLE_BOOLEAN', c.located);
  if (family === 'Ip' && c.key.toLowerCase() === 'aws:sourceip') checkPrivate(ctx, c, op);
  if (family === 'Numeric' && c.values.length > 1 && op.base.variant !== 'eq') {
    const which = op.base.variant === 'lt' || op.base.variant === 'le' ? 'greatest' : 'least';
    report(ctx, 'REDUNDANT_CONDITION_VALUE_NUM', c.located, { operator: c.operator, key: c.key, which });
  }
}

function checkIp(ctx: Ctx, v: LocatedValue): void {
  const r = parseRange(v.value);
  if (!r) {
    report(ctx, 'TYPE_MISMATCH_IP_RANGE', v);
    return;
  }
  if (!v.value.includes('/')) return;
  const [addr, bits] = r;
  const network = networkOf(addr, bits);
  if (network && network.toString() !== addr.toString()) report(ctx, 'IMPROVE_IP_RANGE', v, { value: v.value, better: `${network.toString()}/${bits}` });
}

function networkOf(addr: ipaddr.IPv4 | ipaddr.IPv6, bits: number): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bytes = addr.toByteArray();
  const out = bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    return keep === 8 ? b : b & ((0xff << (8 - keep)) & 0xff);
  });
  try {
    return ipaddr.fromByteArray(out);
  } catch {
    return undefined;
  }
}

const PRIVATE = new Set(['private', 'loopback', 'linkLocal', 'uniqueLocal', 'carrierGradeNat']);

function isPrivate(value: string): boolean | undefined {
  const r = parseRange(value);
  if (!r) return undefined;
  const [addr, bits] = r;
  const first = networkOf(addr, bits);
  if (!first) return undefined;
  // A range is private when its first address is and it is no wider than the private block that holds it.
  const range = first.range();
  if (!PRIVATE.has(range)) return false;
  const minBits: Record<string, number> = { private: first.kind() === 'ipv4' ? (first.toByteArray()[0] === 10 ? 8 : first.toByteArray()[0] === 172 ? 12 : 16) : 7, loopback: first.kind() === 'ipv4' ? 8 : 128, linkLocal: first.kind() === 'ipv4' ? 16 : 10, uniqueLocal: 7, carrierGradeNat: 10 };
  return bits >= (minBits[range] ?? 128);
}

function checkPrivate(ctx: Ctx, c: ConditionClause, op: ParsedOperator): void {
  const flags = c.values.map((v) => isPrivate(v.value)).filter((b): b is boolean => b !== undefined);
  if (flags.length === 0) return;
  const priv = flags.filter((b) => b).length;
  if (priv === 0) return;
  const negated = op.base.negated;
  if (priv === flags.length) report(ctx, negated ? 'PRIVATE_NOT_IP_ADDRESS' : 'PRIVATE_IP_ADDRESS', c.located);
  else report(ctx, negated ? 'PRIVATE_NOT_IP_ADDRESS_SUBSET' : 'PRIVATE_IP_ADDRESS_SUBSET', c.located);
}

/** Keys are case-insensitive, so `aws:SourceIp` and `aws:sourceip` under one operator are one key twice. */
function checkDuplicateKeys(ctx: Ctx, s: Statement): void {
  const seen = new Map<string, string>();
  for (const c of s.conditions) {
    const k = `${c.operator}\u0000${c.key.toLowerCase()}`;
    const prior = seen.get(k);
    if (prior !== undefined && prior !== c.key) report(ctx, 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE', c.located);
    seen.set(k, c.key);
  }
}

function checkPairs(ctx: Ctx, s: Statement): void {
  const keys = new Set(s.conditions.map((c) => c.key.toLowerCase()));
  for (const c of s.conditions) {
    const need = PAIRED[c.key.toLowerCase()];
    if (!need) continue;
    const missing = need.filter((k) => !keys.has(k.toLowerCase()));
    if (missing.length > 0) report(ctx, 'MISSING_PAIRED_CONDITION_KEYS', c.located, { key: c.key, paired: missing.join(', ') });
  }
}
