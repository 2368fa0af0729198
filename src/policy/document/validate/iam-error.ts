/**
 * The error IAM's own policy validator returns when CreatePolicy / PutUserPolicy / CreateRole /
 * UpdateAssumeRolePolicy rejects a document, in the order IAM applies its checks: syntax, Version, principals,
 * legacy parsing, Sid uniqueness, actions, resources, resource formats, action prefixes; then size.
 *
 * Wording: every message here was found quoted from real AWS responses (error reports, SDK and tool tests);
 * the few we could not confirm are marked UNCONFIRMED where they are produced.
 */
import type { PolicyType } from '../ast.js';
import { parseDate } from '../../condition/date.js';
import { parseOperator } from '../../condition/operators.js';
import { TRUST_ACTIONS } from './actions.js';
import { awsPrincipalShapeOk } from './principals.js';

export interface IamError {
  code: 'MalformedPolicyDocument' | 'LimitExceeded';
  message: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const SYNTAX = 'Syntax errors in policy.';
const TOP = new Set(['Version', 'Id', 'Statement']);
const STATEMENT = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc', '*']);
const IAM_PATHS = ['user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/', 'policy/', 'sms-mfa/', 'saml-provider/', 'oidc-provider/', 'report/', 'access-report/', 'assumed-role/', 'delegation-request/', 'role-template/'];

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: Json | undefined): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const stringOrList = (v: Json | undefined): boolean => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
const scalar = (v: Json): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

export interface IamErrorInput {
  /** The document as JSON text. */
  text: string;
  type: PolicyType;
  /** Characters without whitespace, as IAM counts them. */
  size: number;
  sizeLimit?: number;
  /** The user, group or role an inline policy is for, when known (IAM names it in the size message). */
  entityName?: string;
}

/**
 * IAM's verdict on a document for the types IAM itself stores (identity, boundary, trust); undefined when IAM
 * would accept it, or for types another service validates (resource policies, SCPs, RCPs, session policies).
 * @example iamErrorFor({ text: '{"Statement":[]}', type: 'identity', size: 16 })?.message // 'Syntax errors in policy.'
 */
export function iamErrorFor(input: IamErrorInput): IamError | undefined {
  const { type } = input;
  if (type !== 'identity' && type !== 'boundary' && type !== 'trust') return undefined;
  const malformed = (message: string): IamError => ({ code: 'MalformedPolicyDocument', message });
  let doc: Json;
  try {
    doc = JSON.parse(input.text) as Json;
  } catch {
    return malformed(SYNTAX);
  }
  const statements = syntaxOk(doc);
  if (!statements || !isObj(doc)) return malformed(SYNTAX);
  const trust = type === 'trust';
  if (!trust && doc.Version !== '2012-10-17') return malformed('Policy document must be version 2012-10-17 or greater.');
  for (const s of statements) {
    if (!trust && ('Principal' in s || 'NotPrincipal' in s)) return malformed('Policy document should not specify a principal.');
    if (trust && 'Resource' in s) return malformed('Has prohibited field Resource');
    // UNCONFIRMED: by analogy with Resource; no quoted AWS response found.
    if (trust && 'NotResource' in s) return malformed('Has prohibited field NotResource');
    if (trust && !('Principal' in s) && !('NotPrincipal' in s)) return malformed('Missing required field Principal');
  }
  if (!legacyParses(statements)) return malformed('The policy failed legacy parsing');
  const sids = new Set<string>();
  for (const s of statements) {
    const sid = s.Sid;
    if (typeof sid !== 'string' || sid === '') continue;
    if (sids.has(sid)) return malformed('Statement IDs (SID) in a single policy must be unique.');
    sids.add(sid);
  }
  for (const s of statements) if (emptyOrMissing(s, 'Action', 'NotAction')) return malformed('Policy statement must contain actions.');
  if (!trust) for (const s of statements) if (emptyOrMissing(s, 'Resource', 'NotResource')) return malformed('Policy statement must contain resources.');
  for (const s of statements) {
    for (const r of [...strings(s.Resource), ...strings(s.NotResource)]) {
      const e = resourceError(r);
      if (e) return malformed(e);
    }
  }
  for (const s of statements) {
    for (const a of [...strings(s.Action), ...strings(s.NotAction)]) {
      const e = actionError(a);
      if (e) return malformed(e);
    }
  }
  if (trust) {
    for (const s of statements) {
      const actions = strings(s.Action);
      if (actions.some((a) => a !== '*' && !TRUST_ACTIONS.some((t) => t.toLowerCase() === a.toLowerCase()))) {
        return malformed('AssumeRole policy may only specify STS AssumeRole actions.');
      }
      const p = s.Principal;
      if (isObj(p)) for (const v of strings(p.AWS)) if (!awsPrincipalShapeOk(v)) return malformed(`Invalid principal in policy: "AWS":"${v}"`);
    }
  }
  return sizeError(input);
}

function sizeError(input: IamErrorInput): IamError | undefined {
  const limited = (message: string): IamError => ({ code: 'LimitExceeded', message });
  if (input.type === 'trust') {
    const limit = input.sizeLimit ?? 2048;
    return input.size > limit ? limited(`Cannot exceed quota for ACLSizePerRole: ${limit}`) : undefined;
  }
  const limit = input.sizeLimit ?? 6144;
  if (input.size <= limit) return undefined;
  // Inline policies: IAM names the entity and counts the sum of its inline policies.
  if (input.sizeLimit !== undefined && input.entityName) return limited(`Maximum policy size of ${limit} bytes exceeded for user ${input.entityName}`);
  return limited(`Cannot exceed quota for PolicySize: ${limit}`);
}

/** IAM's grammar; the statements when the document fits it. */
function syntaxOk(doc: Json): Obj[] | undefined {
  if (!isObj(doc)) return undefined;
  for (const k of Object.keys(doc)) if (!TOP.has(k)) return undefined;
  if ('Version' in doc && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') return undefined;
  if ('Id' in doc && typeof doc.Id !== 'string') return undefined;
  const st = doc.Statement;
  const list = isObj(st) ? [st] : Array.isArray(st) ? st : undefined;
  if (!list || list.length === 0) return undefined;
  const out: Obj[] = [];
  for (const s of list) {
    if (!isObj(s) || !statementSyntaxOk(s)) return undefined;
    out.push(s);
  }
  return out;
}

function statementSyntaxOk(s: Obj): boolean {
  for (const k of Object.keys(s)) if (!STATEMENT.has(k)) return false;
  if (('Resource' in s && 'NotResource' in s) || ('Action' in s && 'NotAction' in s)) return false;
  if (typeof s.Effect !== 'string' || !['allow', 'deny'].includes(s.Effect.toLowerCase())) return false;
  for (const k of ['Action', 'NotAction', 'Resource', 'NotResource']) if (k in s && !stringOrList(s[k])) return false;
  if ('Sid' in s && typeof s.Sid !== 'string') return false;
  for (const k of ['Principal', 'NotPrincipal']) {
    if (!(k in s)) continue;
    const p = s[k];
    if (p === '*') continue;
    if (!isObj(p)) return false;
    for (const [t, v] of Object.entries(p)) if (!PRINCIPAL_TYPES.has(t) || !stringOrList(v)) return false;
  }
  if ('Condition' in s) {
    const c = s.Condition;
    if (!isObj(c)) return false;
    for (const [op, block] of Object.entries(c)) {
      if (!isObj(block)) return false;
      for (const v of Object.values(block)) if (!(scalar(v) || (Array.isArray(v) && v.every(scalar)))) return false;
      // An unknown operator is a syntax error unless its block is empty. Operator names are case-sensitive.
      const parsed = parseOperator(op);
      if ((!parsed || !parsed.exactCase) && Object.keys(block).length > 0) return false;
    }
  }
  return true;
}

/** The older parser IAM still runs: exact-case Effect, dates it can read, and colon-counted resources. */
function legacyParses(statements: Obj[]): boolean {
  for (const s of statements) {
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return false;
    const c = s.Condition;
    if (isObj(c)) {
      for (const [op, block] of Object.entries(c)) {
        if (!isObj(block) || parseOperator(op)?.base.family !== 'Date') continue;
        for (const v of Object.values(block)) {
          for (const d of Array.isArray(v) ? v : [v]) {
            const text = String(d);
            if (/[tT-]/.test(text) ? parseDate(text) === undefined : !/^\d+$/.test(text)) return false;
          }
        }
      }
    }
    for (const r of [...strings(s.Resource), ...strings(s.NotResource)]) {
      if (r === '*') continue;
      if (!(r.split(':').length - 1 >= 5 || !r.includes('::'))) return false;
      if (r.split(':')[2] === '') return false;
    }
  }
  return true;
}

function emptyOrMissing(s: Obj, a: string, b: string): boolean {
  const v = a in s ? s[a] : s[b];
  return v === undefined || (Array.isArray(v) && v.length === 0);
}

function resourceError(r: string): string | undefined {
  if (r === '*') return undefined;
  const parts = r.split(':');
  if (parts.length < 2) return `Resource ${r} must be in ARN format or "*".`;
  const partition = parts[1] ?? '';
  if (!PARTITIONS.has(partition)) {
    const rest = parts.slice(2);
    const f = (i: number): string => (i === 0 ? (rest[0] !== '' || rest.length > 1 ? rest[0] ?? '*' : '*') : (rest[i] ?? '*'));
    const tail = rest.length > 3 ? rest.slice(3).join(':') : '*';
    return `Partition "${partition}" is not valid for resource "arn:${partition}:${f(0)}:${f(1)}:${f(2)}:${tail}".`;
  }
  if (parts.length < 3) return 'Resource vendor must be fully qualified and cannot contain regexes.';
  const service = parts[2] ?? '';
  const region = parts[3] ?? '';
  if (service === 'iam' && region !== '') return `IAM resource ${r} cannot contain region information.`;
  if (service === 's3' && region !== '') return `Resource ${r} can not contain region information.`;
  if (service === 'iam') {
    const path = parts.slice(5).join(':');
    if (path !== '' && !path.startsWith('*') && !path.startsWith('${') && path !== 'root' && !IAM_PATHS.some((p) => path.startsWith(p))) {
      return `IAM resource path must either be "*" or start with ${IAM_PATHS.slice(0, 13).join(', ')}.`;
    }
  }
  return undefined;
}

function actionError(a: string): string | undefined {
  const parts = a.split(':');
  if (parts.length === 1 && a !== '*') return 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
  if (parts.length > 2) return 'Actions/Condition can contain only one colon.';
  const vendor = parts[0] ?? '';
  if (vendor !== '*' && /[^a-zA-Z0-9\-.]/.test(vendor)) return `Vendor ${vendor} is not valid`;
  return undefined;
}
