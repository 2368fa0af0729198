/**
 * The condition operators IAM knows, with the set qualifiers (`ForAnyValue:`, `ForAllValues:`) and the
 * `IfExists` suffix.
 */

export type Family = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn' | 'Null';

export interface OperatorInfo {
  /** Canonical spelling of the base operator, e.g. `StringNotLike`. */
  name: string;
  family: Family;
  /** A negated operator is true when no value matches. */
  negated: boolean;
  /** Family-specific variant: string mode or numeric/date comparison. */
  variant: string;
}

const BASE: OperatorInfo[] = [
  { name: 'StringEquals', family: 'String', negated: false, variant: 'equals' },
  { name: 'StringNotEquals', family: 'String', negated: true, variant: 'equals' },
  { name: 'StringEqualsIgnoreCase', family: 'String', negated: false, variant: 'ignoreCase' },
  { name: 'StringNotEqualsIgnoreCase', family: 'String', negated: true, variant: 'ignoreCase' },
  { name: 'StringLike', family: 'String', negated: false, variant: 'like' },
  { name: 'StringNotLike', family: 'String', negated: true, variant: 'like' },
  { name: 'NumericEquals', family: 'Numeric', negated: false, variant: 'eq' },
  { name: 'NumericNotEquals', family: 'Numeric', negated: true, variant: 'eq' },
  { name: 'NumericLessThan', family: 'Numeric', negated: false, variant: 'lt' },
  { name: 'NumericLessThanEquals', family: 'Numeric', negated: false, variant: 'le' },
  { name: 'NumericGreaterThan', family: 'Numeric', negated: false, variant: 'gt' },
  { name: 'NumericGreaterThanEquals', family: 'Numeric', negated: false, variant: 'ge' },
  { name: 'DateEquals', family: 'Date', negated: false, variant: 'eq' },
  { name: 'DateNotEquals', family: 'Date', negated: true, variant: 'eq' },
  { name: 'DateLessThan', family: 'Date', negated: false, variant: 'lt' },
  { name: 'DateLessThanEquals', family: 'Date', negated: false, variant: 'le' },
  { name: 'DateGreaterThan', family: 'Date', negated: false, variant: 'gt' },
  { name: 'DateGreaterThanEquals', family: 'Date', negated: false, variant: 'ge' },
  { name: 'Bool', family: 'Bool', negated: false, variant: '' },
  { name: 'BinaryEquals', family: 'Binary', negated: false, variant: '' },
  { name: 'IpAddress', family: 'Ip', negated: false, variant: '' },
  { name: 'NotIpAddress', family: 'Ip', negated: true, variant: '' },
  { name: 'ArnEquals', family: 'Arn', negated: false, variant: '' },
  { name: 'ArnLike', family: 'Arn', negated: false, variant: '' },
  { name: 'ArnNotEquals', family: 'Arn', negated: true, variant: '' },
  { name: 'ArnNotLike', family: 'Arn', negated: true, variant: '' },
  { name: 'Null', family: 'Null', negated: false, variant: '' },
];

const BY_NAME = new Map(BASE.map((o) => [o.name.toLowerCase(), o]));

export type Qualifier = 'none' | 'ForAnyValue' | 'ForAllValues';

export interface ParsedOperator {
  base: OperatorInfo;
  qualifier: Qualifier;
  ifExists: boolean;
  /** True when the operator was written exactly in AWS's spelling (names are case-sensitive there). */
  exactCase: boolean;
}

/**
 * Reads an operator such as `ForAllValues:StringLikeIfExists`; undefined when IAM has no such operator.
 * @example parseOperator('BoolIfExists')?.ifExists // true
 */
export function parseOperator(written: string): ParsedOperator | undefined {
  let rest = written;
  let qualifier: Qualifier = 'none';
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon).toLowerCase();
    if (q === 'foranyvalue') qualifier = 'ForAnyValue';
    else if (q === 'forallvalues') qualifier = 'ForAllValues';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const base = BY_NAME.get(rest.toLowerCase());
  if (!base) return undefined;
  // Null has no IfExists form: the operator itself is about existence.
  if (base.family === 'Null' && ifExists) return undefined;
  const canonical = `${qualifier === 'none' ? '' : `${qualifier}:`}${base.name}${ifExists ? 'IfExists' : ''}`;
  return { base, qualifier, ifExists, exactCase: canonical === written };
}

/** Every base operator, for validation and documentation. */
export const OPERATORS: readonly OperatorInfo[] = BASE;
