/**
 * The parsed form of an IAM policy document. Values are normalised (string-or-array becomes an array,
 * JSON booleans and numbers in conditions become strings, as AWS reads them) and every node keeps where it
 * came from, so findings can point at the source.
 */

/** Where a node sits in the source text. Lines and columns are 1-based; offsets are 0-based. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Span {
  start: Position;
  end: Position;
}

/** A step of a path into the JSON document, as Access Analyzer reports locations. */
export type PathElement = { index: number } | { key: string } | { value: string };

export interface Located {
  /** Path from the document root, e.g. `[{key:'Statement'},{index:0},{key:'Action'}]`. */
  path: PathElement[];
  span: Span;
}

export type Effect = 'Allow' | 'Deny';

export type PolicyVersion = '2012-10-17' | '2008-10-17';

/** One value as written, with its location. */
export interface LocatedValue extends Located {
  value: string;
}

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

/** `*` alone, or a map of principal type to values. */
export type PrincipalBlock =
  | { kind: 'any'; located: Located }
  | { kind: 'map'; entries: Partial<Record<PrincipalType, LocatedValue[]>>; located: Located };

export interface ConditionClause {
  /** Operator exactly as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** Condition key as written; keys are matched case-insensitively. */
  key: string;
  values: LocatedValue[];
  located: Located;
}

export interface Statement {
  index: number;
  sid?: string;
  /** Where the Sid's value is, for findings about it. */
  sidLocated?: Located;
  effect: Effect;
  action?: LocatedValue[];
  notAction?: LocatedValue[];
  resource?: LocatedValue[];
  notResource?: LocatedValue[];
  principal?: PrincipalBlock;
  notPrincipal?: PrincipalBlock;
  conditions: ConditionClause[];
  located: Located;
}

export interface PolicyDocument {
  /** Absent when the document has no Version element (AWS then reads it as 2008-10-17). */
  version?: PolicyVersion;
  id?: string;
  statements: Statement[];
  /** The text that was parsed (documents given as objects are serialised first). */
  text: string;
}

/** The kinds of policy AWS distinguishes; each has its own rules and size limits. */
export type PolicyType = 'identity' | 'resource' | 'trust' | 'boundary' | 'session' | 'scp' | 'rcp';
