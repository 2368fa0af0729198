/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`) and the escapes `${*}`, `${?}`,
 * `${$}`. Only documents of Version 2012-10-17 have variables; in any other document the text is literal.
 */
import { tokenizeGlob, type GlobToken } from './glob.js';

export type TemplatePart =
  // `tokens` caches the text's wildcard tokens: a template resolves on every request, its text never changes.
  | { kind: 'text'; text: string; tokens?: GlobToken[] }
  | { kind: 'var'; name: string; key: string; fallback?: string }
  | { kind: 'escape'; char: string };

export interface Template {
  parts: TemplatePart[];
  /** True when at least one part is a variable (escapes alone don't need a context). */
  hasVariables: boolean;
}

/** Looks a key up in the request context; `key` is lower-case. Returns undefined when absent or multi-valued. */
export type VariableLookup = (key: string) => string | undefined;

/**
 * The `${…}` sequences of a value, found in one linear pass: after a `${` without a closing brace there can't
 * be another complete sequence, so the scan stops (a regex would rescan the rest from every `${`).
 */
function* variableSequences(value: string): Generator<{ at: number; text: string; inner: string }> {
  let from = 0;
  for (;;) {
    const open = value.indexOf('${', from);
    if (open < 0) return;
    const close = value.indexOf('}', open + 2);
    if (close < 0) return;
    // A `${` inside the braces starts the sequence afresh, as `${a${b}` holds the variable `${b}`.
    const inner = value.lastIndexOf('${', close);
    yield { at: inner, text: value.slice(inner, close + 1), inner: value.slice(inner + 2, close) };
    from = close + 1;
  }
}

const WITH_DEFAULT = /^\s*([^,'\s]+)\s*,\s*'([^']*)'\s*$/;
const NAME_ONLY = /^\s*([^,'\s]+)\s*$/;

/** The problems a variable can have, reported by the validator. */
export interface TemplateIssue {
  text: string;
  reason: string;
}

/**
 * Parses a value into a template. Malformed `${…}` sequences stay literal text and are reported in `issues`.
 * @example parseTemplate('arn:aws:iam::1:user/${aws:username}').hasVariables // true
 */
export function parseTemplate(value: string, issues?: TemplateIssue[]): Template {
  const parts: TemplatePart[] = [];
  let last = 0;
  let hasVariables = false;
  for (const m of variableSequences(value)) {
    const { inner, at } = m;
    let part: TemplatePart | undefined;
    if (inner === '*' || inner === '?' || inner === '$') part = { kind: 'escape', char: inner };
    else {
      const d = WITH_DEFAULT.exec(inner);
      const n = d ? undefined : NAME_ONLY.exec(inner);
      const name = d?.[1] ?? n?.[1];
      if (name) {
        part = { kind: 'var', name, key: name.toLowerCase(), ...(d ? { fallback: d[2] ?? '' } : {}) };
        hasVariables = true;
      } else issues?.push({ text: m.text, reason: 'malformed policy variable' });
    }
    if (!part) continue;
    if (at > last) parts.push({ kind: 'text', text: value.slice(last, at) });
    parts.push(part);
    last = at + m.text.length;
  }
  if (last < value.length) parts.push({ kind: 'text', text: value.slice(last) });
  return { parts, hasVariables };
}

/** A template of literal text only (for documents without variables). */
export function literalTemplate(value: string): Template {
  return { parts: [{ kind: 'text', text: value }], hasVariables: false };
}

/** Resolves to a plain string; `undefined` when a variable has no value and no default. */
export function resolveString(t: Template, lookup: VariableLookup): string | undefined {
  let out = '';
  for (const p of t.parts) {
    if (p.kind === 'text') out += p.text;
    else if (p.kind === 'escape') out += p.char;
    else {
      const v = lookup(p.key) ?? p.fallback;
      if (v === undefined) return undefined;
      out += v;
    }
  }
  return out;
}

/**
 * Resolves to wildcard tokens: the template's own text keeps its wildcards; variable values and escapes are
 * literal (a `*` inside a tag value never widens a pattern).
 */
export function resolveGlob(t: Template, lookup: VariableLookup): GlobToken[] | undefined {
  const out: GlobToken[] = [];
  for (const p of t.parts) {
    if (p.kind === 'text') {
      p.tokens ??= tokenizeGlob(p.text);
      for (const t of p.tokens) out.push(t);
    }
    else if (p.kind === 'escape') out.push({ kind: 'lit', text: p.char });
    else {
      const v = lookup(p.key) ?? p.fallback;
      if (v === undefined) return undefined;
      out.push({ kind: 'lit', text: v });
    }
  }
  return out;
}

/** The variable names a template uses, as written. */
export function templateVariables(t: Template): string[] {
  const names: string[] = [];
  for (const p of t.parts) if (p.kind === 'var') names.push(p.name);
  return names;
}
