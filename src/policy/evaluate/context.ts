/**
 * The request context as conditions and variables read it: keys case-insensitive, values as lists, plus the
 * keys AWS always supplies that can be derived from the principal when the caller leaves them out.
 */
import type { KeyValues } from '../condition/index.js';
import type { RequestPrincipal } from '../match/principal.js';
import type { ContextInput } from './request.js';

const PRINCIPAL_TYPE: Partial<Record<RequestPrincipal['kind'], string>> = {
  user: 'User',
  'assumed-role': 'AssumedRole',
  'federated-user': 'FederatedUser',
  root: 'Account',
  anonymous: 'Anonymous',
};

/** The caller's `aws:PrincipalArn`: for a role session its role's ARN (the path is unknown here). */
export function principalArnOf(p: RequestPrincipal): string {
  if (p.kind === 'assumed-role') return `arn:${p.partition}:iam::${p.account ?? ''}:role/${p.name ?? ''}`;
  if (p.kind === 'root' && !p.raw.startsWith('arn:')) return `arn:${p.partition}:iam::${p.account ?? ''}:root`;
  return p.raw;
}

/**
 * Keys derived from the principal: aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType,
 * aws:username (IAM users), aws:userid (root and federated users, whose IDs follow from the ARN; for users
 * and roles the unique ID is not in the ARN, so the caller must supply it), aws:PrincipalIsAWSService.
 */
export function derivedKeys(p: RequestPrincipal): [string, string][] {
  const out: [string, string][] = [];
  if (p.kind === 'service') {
    out.push(['aws:principalisawsservice', 'true'], ['aws:principalservicename', p.raw]);
    return out;
  }
  if (p.kind === 'anonymous' || p.kind === 'other') return out;
  out.push(['aws:principalarn', principalArnOf(p)]);
  if (p.account) out.push(['aws:principalaccount', p.account]);
  const type = PRINCIPAL_TYPE[p.kind];
  if (type) out.push(['aws:principaltype', type]);
  if (p.kind === 'user' && p.name) out.push(['aws:username', p.name]);
  if (p.kind === 'root' && p.account) out.push(['aws:userid', p.account]);
  if (p.kind === 'federated-user' && p.account && p.name) out.push(['aws:userid', `${p.account}:${p.name}`]);
  out.push(['aws:principalisawsservice', 'false']);
  return out;
}

/** Lazily built: a request whose statements have no conditions or variables never builds the map. */
export class RequestContext implements KeyValues {
  private map: Map<string, readonly string[]> | undefined;

  constructor(
    private readonly input: ContextInput | undefined,
    private readonly principal: RequestPrincipal,
  ) {}

  private build(): Map<string, readonly string[]> {
    const map = new Map<string, readonly string[]>();
    for (const [k, v] of derivedKeys(this.principal)) map.set(k, [v]);
    if (this.input) {
      for (const k of Object.keys(this.input)) {
        const v = this.input[k];
        if (v === undefined) continue;
        map.set(k.toLowerCase(), typeof v === 'string' ? [v] : v);
      }
    }
    this.map = map;
    return map;
  }

  values(lowerKey: string): readonly string[] | undefined {
    return (this.map ?? this.build()).get(lowerKey);
  }

  /** A variable's value: only single-valued keys can be substituted. */
  readonly lookup = (lowerKey: string): string | undefined => {
    const v = this.values(lowerKey);
    return v !== undefined && v.length === 1 ? v[0] : undefined;
  };
}
