/**
 * Compile once, evaluate many: documents become statements with ready matchers, and each group of policies
 * of one type gets an action index so a request only looks at the statements its action can match.
 */
import type { PolicyDocument, PrincipalBlock, Statement } from '../document/ast.js';
import { compileCondition, type CompiledCondition } from '../condition/index.js';
import { compileGlob, lowerTokens, normalizeTokens, tokenizeGlob, type Matcher } from '../match/glob.js';
import { literalTemplate, parseTemplate, type Template } from '../match/variables.js';
import type { PolicySource, StatementRef } from './request.js';

/** A Resource/NotResource value: a matcher when static, a template when it has variables. */
export type ResourcePattern = { kind: 'static'; match: Matcher } | { kind: 'template'; template: Template };

export interface CompiledStatement {
  statement: Statement;
  effect: 'Allow' | 'Deny';
  /** Lower-cased action patterns (Action or NotAction). */
  actions: string[];
  notAction: boolean;
  /** Undefined when the statement has neither Resource nor NotResource (trust policies). */
  resources?: ResourcePattern[];
  notResource: boolean;
  principal?: PrincipalBlock;
  notPrincipal?: PrincipalBlock;
  conditions: CompiledCondition[];
}

export interface CompiledPolicy {
  document: PolicyDocument;
  statements: CompiledStatement[];
  /** The policy's name or ARN, carried into explanations. */
  name?: string;
}

function compileResource(value: string, variables: boolean): ResourcePattern {
  const t = variables ? parseTemplate(value) : literalTemplate(value);
  if (t.hasVariables) return { kind: 'template', template: t };
  // Escapes without variables still resolve to fixed tokens.
  const tokens = t.parts.flatMap((p) => (p.kind === 'text' ? tokenizeGlob(p.text) : p.kind === 'escape' ? [{ kind: 'lit' as const, text: p.char }] : []));
  return { kind: 'static', match: compileGlob(tokens) };
}

/**
 * Compiles a parsed document. Clauses with an unknown operator can't be evaluated; a validated document
 * never has them, and here such a clause makes its statement never match (fail closed).
 */
export function compilePolicy(document: PolicyDocument, name?: string): CompiledPolicy {
  const variables = document.version === '2012-10-17';
  const statements: CompiledStatement[] = document.statements.map((s) => {
    const actionValues = s.action ?? s.notAction ?? [];
    const resourceValues = s.resource ?? s.notResource;
    const conditions: CompiledCondition[] = [];
    let unknownOperator = false;
    for (const c of s.conditions) {
      const cc = compileCondition(c, document.version);
      if (cc) conditions.push(cc);
      else unknownOperator = true;
    }
    const cs: CompiledStatement = {
      statement: s,
      effect: s.effect,
      actions: unknownOperator ? [] : actionValues.map((a) => a.value.toLowerCase()),
      notAction: s.notAction !== undefined && !unknownOperator,
      notResource: s.notResource !== undefined,
      conditions,
      ...(resourceValues ? { resources: resourceValues.map((r) => compileResource(r.value, variables)) } : {}),
      ...(s.principal ? { principal: s.principal } : {}),
      ...(s.notPrincipal ? { notPrincipal: s.notPrincipal } : {}),
    };
    return cs;
  });
  return { document, statements, ...(name !== undefined ? { name } : {}) };
}

/** A statement inside a group, with where it came from. */
export interface GroupStatement {
  ordinal: number;
  compiled: CompiledStatement;
  ref: StatementRef;
}

interface PatternEntry {
  match: Matcher;
  entry: GroupStatement;
}

const MEMO_LIMIT = 4096;

/**
 * The policies of one type (or one SCP/RCP level) with an action index:
 * exact actions in a map, patterns grouped by service, and the few that span services in a list.
 */
export class PolicyGroup {
  readonly statements: GroupStatement[] = [];
  private readonly exact = new Map<string, GroupStatement[]>();
  private readonly byService = new Map<string, PatternEntry[]>();
  private readonly global: PatternEntry[] = [];
  private readonly notActions: GroupStatement[] = [];
  private readonly notActionMatchers = new Map<GroupStatement, Matcher[]>();
  private readonly memo = new Map<string, readonly GroupStatement[]>();

  constructor(
    readonly policies: readonly CompiledPolicy[],
    sourceOf: (policyIndex: number) => PolicySource,
  ) {
    policies.forEach((p, pi) => {
      const source = sourceOf(pi);
      p.statements.forEach((cs, si) => {
        const ref: StatementRef = {
          source,
          statementIndex: si,
          effect: cs.effect,
          ...(cs.statement.sid !== undefined ? { sid: cs.statement.sid } : {}),
          ...(p.name !== undefined ? { policyName: p.name } : {}),
        };
        const entry: GroupStatement = { ordinal: this.statements.length, compiled: cs, ref };
        this.statements.push(entry);
        if (cs.notAction) {
          this.notActions.push(entry);
          this.notActionMatchers.set(entry, cs.actions.map((a) => compileGlob(lowerTokens(tokenizeGlob(a)))));
          return;
        }
        for (const a of cs.actions) this.indexAction(a, entry);
      });
    });
  }

  private indexAction(pattern: string, entry: GroupStatement): void {
    const colon = pattern.indexOf(':');
    const service = colon < 0 ? '' : pattern.slice(0, colon);
    const wildService = colon < 0 || service.includes('*') || service.includes('?');
    const wild = pattern.includes('*') || pattern.includes('?');
    if (!wild) {
      const list = this.exact.get(pattern);
      if (list) {
        if (list[list.length - 1] !== entry) list.push(entry);
      } else this.exact.set(pattern, [entry]);
      return;
    }
    const pe: PatternEntry = { match: compileGlob(normalizeTokens(tokenizeGlob(pattern))), entry };
    if (wildService) this.global.push(pe);
    else {
      const list = this.byService.get(service);
      if (list) list.push(pe);
      else this.byService.set(service, [pe]);
    }
  }

  /** Statements whose Action/NotAction matches the action, in document order. */
  candidates(action: string): readonly GroupStatement[] {
    const hit = this.memo.get(action);
    if (hit) return hit;
    const lower = action.toLowerCase();
    const colon = lower.indexOf(':');
    const service = colon < 0 ? lower : lower.slice(0, colon);
    const found = new Set<GroupStatement>(this.exact.get(lower));
    for (const pe of this.byService.get(service) ?? []) if (pe.match(lower)) found.add(pe.entry);
    for (const pe of this.global) if (pe.match(lower)) found.add(pe.entry);
    for (const e of this.notActions) {
      const ms = this.notActionMatchers.get(e) ?? [];
      if (!ms.some((m) => m(lower))) found.add(e);
    }
    const list = [...found].sort((a, b) => a.ordinal - b.ordinal);
    // INVARIANT: the memo only bounds memory; dropping it never changes a decision.
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(action, list);
    return list;
  }
}
