import type { ListShape, MapShape, NumberShape, ShapeValue, StringShape, BlobShape } from '../model/index.js';

/**
 * AWS's (Coral's) constraint wording, one entry per violated constraint, e.g.
 * `Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+`.
 */
export type Violation = string;

const patternCache = new Map<string, RegExp>();

/**
 * Compiles a model pattern (Java syntax) to match whole values, as Java's `String.matches` does.
 * `u` is needed for `\p{L}`; a few patterns (`[\w+=,.@\:-]*`) use identity escapes that only non-Unicode mode
 * accepts, and mean the same there.
 */
export function compilePattern(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    const source = `^(?:${pattern})$`;
    try {
      re = new RegExp(source, 'u');
    } catch {
      re = new RegExp(source);
    }
    patternCache.set(pattern, re);
  }
  return re;
}

export function checkString(shape: StringShape, value: string, at: string, sensitive: boolean): Violation[] {
  const out: Violation[] = [];
  const prefix = valuePrefix(value, at, sensitive);
  if (shape.min !== undefined && value.length < shape.min) {
    out.push(`${prefix}Member must have length greater than or equal to ${shape.min}`);
  }
  if (shape.max !== undefined && value.length > shape.max) {
    out.push(`${prefix}Member must have length less than or equal to ${shape.max}`);
  }
  if (shape.pattern !== undefined && !compilePattern(shape.pattern).test(value)) {
    out.push(`${prefix}Member must satisfy regular expression pattern: ${shape.pattern}`);
  }
  if (shape.enum !== undefined && !shape.enum.includes(value)) {
    out.push(`${prefix}Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  }
  return out;
}

export function checkNumber(shape: NumberShape, value: number, at: string, sensitive: boolean): Violation[] {
  const out: Violation[] = [];
  const prefix = valuePrefix(value, at, sensitive);
  if (shape.min !== undefined && value < shape.min) {
    out.push(`${prefix}Member must have value greater than or equal to ${shape.min}`);
  }
  if (shape.max !== undefined && value > shape.max) {
    out.push(`${prefix}Member must have value less than or equal to ${shape.max}`);
  }
  return out;
}

/** Lists, maps and blobs: a length constraint on the number of elements (bytes for blobs). */
export function checkSize(
  shape: ListShape | MapShape | BlobShape,
  size: number,
  value: ShapeValue,
  at: string,
  sensitive: boolean,
): Violation[] {
  const out: Violation[] = [];
  const prefix = valuePrefix(value, at, sensitive);
  if (shape.min !== undefined && size < shape.min) {
    out.push(`${prefix}Member must have length greater than or equal to ${shape.min}`);
  }
  if (shape.max !== undefined && size > shape.max) {
    out.push(`${prefix}Member must have length less than or equal to ${shape.max}`);
  }
  return out;
}

export function nullViolation(at: string): Violation {
  return `Value null at '${at}' failed to satisfy constraint: Member must not be null`;
}

/** `1 validation error detected: …` / `2 validation errors detected: …; …` */
export function validationMessage(violations: readonly Violation[]): string {
  const n = violations.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}

/** Coral names members in lowerCamelCase in its messages: `UserName` → `userName`. */
export function memberPath(parent: string, member: string): string {
  const name = member.charAt(0).toLowerCase() + member.slice(1);
  return parent === '' ? name : `${parent}.${name}`;
}

// AWS leaves the value out for sensitive members (`Value at 'password' failed …`).
function valuePrefix(value: ShapeValue, at: string, sensitive: boolean): string {
  return sensitive ? `Value at '${at}' failed to satisfy constraint: ` : `Value '${render(value)}' at '${at}' failed to satisfy constraint: `;
}

// Known gap: Coral prints lists and structures with Java's toString(); this is an approximation of it
// (`[a, b]`, `{Key=k, Value=v}`) that has not been compared with a live response.
function render(value: ShapeValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  const entries = Object.entries(value).filter((e): e is [string, ShapeValue] => e[1] !== undefined);
  return `{${entries.map(([k, v]) => `${k}=${render(v)}`).join(', ')}}`;
}
