import { shapeOf } from '../model/index.js';
import type { Operation, ServiceModel, Shape, ShapeValue, StructureShape, StructureValue, WireError } from '../model/index.js';
import { checkNumber, checkSize, checkString, memberPath, nullViolation, validationMessage } from './constraints.js';
import type { Violation } from './constraints.js';

/** Decoded form parameters: a `URLSearchParams` (POST body or GET query string) fits. */
export interface QueryParams {
  get(name: string): string | null;
  keys(): Iterable<string>;
}

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

/**
 * Turns the form parameters of one operation into its input object, checked against the model's
 * required members and constraints. Parameters the input shape does not name (Action, Version, SigV4
 * query parameters, unknown members) are ignored, as AWS does.
 *
 * @example
 * const params = new URLSearchParams('Action=CreateUser&Version=2010-05-08&UserName=alice&Tags.member.1.Key=team&Tags.member.1.Value=blue');
 * parseOperationInput(iam, findOperation(iam, 'CreateUser')!, params);
 * // { ok: true, value: { UserName: 'alice', Tags: [{ Key: 'team', Value: 'blue' }] } }
 */
export function parseOperationInput(model: ServiceModel, operation: Operation, params: QueryParams): ParseResult<StructureValue> {
  if (operation.input === undefined) return { ok: true, value: {} };
  const reader = new ParamReader(params);
  const violations: Violation[] = [];
  const shape = shapeOf(model, operation.input);
  if (shape.type !== 'structure') throw new Error(`input of \`${operation.name}\` is not a structure`);
  try {
    const value = readStructure(model, shape, reader, '', '', violations);
    if (violations.length > 0) return { ok: false, error: validationError(validationMessage(violations)) };
    return { ok: true, value };
  } catch (e) {
    if (e instanceof MalformedValue) return { ok: false, error: validationError(e.message) };
    throw e;
  }
}

export function validationError(message: string): WireError {
  return { code: 'ValidationError', message, httpStatus: 400, senderFault: true };
}

/** A parameter whose text cannot be read as its shape's type; ends parsing. */
class MalformedValue extends Error {}

/** Indexes parameter names once so that list, map and structure lookups are prefix scans. */
class ParamReader {
  private readonly values = new Map<string, string>();

  constructor(params: QueryParams) {
    for (const key of params.keys()) {
      // A repeated name keeps its first value.
      if (!this.values.has(key)) this.values.set(key, params.get(key) ?? '');
    }
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  /** True when some parameter is named `prefix` itself or lies below it (`prefix.…`). */
  has(prefix: string): boolean {
    if (this.values.has(prefix)) return true;
    const dotted = `${prefix}.`;
    for (const key of this.values.keys()) if (key.startsWith(dotted)) return true;
    return false;
  }

  /** The 1-based positions N present under `prefix.N…`, ascending. */
  indices(prefix: string): number[] {
    const dotted = `${prefix}.`;
    const found = new Set<number>();
    for (const key of this.values.keys()) {
      if (!key.startsWith(dotted)) continue;
      const segment = key.slice(dotted.length).split('.', 1)[0] ?? '';
      if (/^[1-9][0-9]*$/.test(segment)) found.add(Number(segment));
    }
    return [...found].sort((a, b) => a - b);
  }
}

function readStructure(
  model: ServiceModel,
  shape: StructureShape,
  reader: ParamReader,
  prefix: string,
  path: string,
  violations: Violation[],
): StructureValue {
  const out: StructureValue = {};
  for (const [name, member] of Object.entries(shape.members)) {
    const key = prefix === '' ? (member.xmlName ?? name) : `${prefix}.${member.xmlName ?? name}`;
    const at = memberPath(path, name);
    const value = readValue(model, shapeOf(model, member.shape), reader, key, at, violations);
    if (value === undefined) {
      if (shape.required.includes(name)) violations.push(nullViolation(at));
    } else {
      out[name] = value;
    }
  }
  return out;
}

function readValue(
  model: ServiceModel,
  shape: Shape,
  reader: ParamReader,
  key: string,
  at: string,
  violations: Violation[],
): ShapeValue | undefined {
  const sensitive = shape.sensitive === true;
  switch (shape.type) {
    case 'structure':
      return reader.has(key) ? readStructure(model, shape, reader, key, at, violations) : undefined;
    case 'list': {
      if (!reader.has(key)) return undefined;
      // Non-flattened: Key.member.N; flattened: Key.N. `Key=` alone is the empty list.
      const base = shape.flattened ? key : `${key}.${shape.memberName ?? 'member'}`;
      const itemShape = shapeOf(model, shape.member);
      const items: ShapeValue[] = [];
      for (const i of reader.indices(base)) {
        const item = readValue(model, itemShape, reader, `${base}.${i}`, `${at}.${i}.member`, violations);
        if (item !== undefined) items.push(item);
      }
      violations.push(...checkSize(shape, items.length, items, at, sensitive));
      return items;
    }
    case 'map': {
      if (!reader.has(key)) return undefined;
      const base = shape.flattened ? key : `${key}.entry`;
      const keyShape = shapeOf(model, shape.key);
      const valueShape = shapeOf(model, shape.value);
      const out: StructureValue = {};
      for (const i of reader.indices(base)) {
        const k = readValue(model, keyShape, reader, `${base}.${i}.${shape.keyName ?? 'key'}`, `${at}.${i}.key`, violations);
        const v = readValue(model, valueShape, reader, `${base}.${i}.${shape.valueName ?? 'value'}`, `${at}.${i}.value`, violations);
        if (typeof k === 'string' && v !== undefined) out[k] = v;
      }
      violations.push(...checkSize(shape, Object.keys(out).length, out, at, sensitive));
      return out;
    }
    default: {
      const text = reader.get(key);
      if (text === undefined) return undefined;
      return readScalar(shape, text, key, at, violations);
    }
  }
}

function readScalar(
  shape: Exclude<Shape, { type: 'structure' | 'list' | 'map' }>,
  text: string,
  key: string,
  at: string,
  violations: Violation[],
): ShapeValue {
  const sensitive = shape.sensitive === true;
  switch (shape.type) {
    case 'string':
      violations.push(...checkString(shape, text, at, sensitive));
      return text;
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const value = parseNumber(shape.type, text);
      if (value === undefined) throw malformed(key, text, `a${shape.type === 'integer' ? 'n' : ''} ${shape.type}`);
      violations.push(...checkNumber(shape, value, at, sensitive));
      return value;
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw malformed(key, text, 'a boolean');
      return lower === 'true';
    }
    case 'timestamp': {
      const value = parseTimestamp(text);
      if (value === undefined) throw malformed(key, text, 'an ISO 8601 timestamp');
      return value;
    }
    case 'blob': {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw malformed(key, text, 'base64');
      const bytes = new Uint8Array(Buffer.from(text, 'base64'));
      violations.push(...checkSize(shape, bytes.length, bytes, at, sensitive));
      return bytes;
    }
  }
}

// Known gap: AWS's wording for a value that is not of its member's type has not been confirmed; this
// reports it as a ValidationError naming the parameter.
function malformed(key: string, text: string, expected: string): MalformedValue {
  return new MalformedValue(`Invalid value '${text}' for parameter ${key}: expected ${expected}`);
}

const INT32 = 2 ** 31;

function parseNumber(type: 'integer' | 'long' | 'float' | 'double', text: string): number | undefined {
  if (type === 'integer' || type === 'long') {
    if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
    const n = Number(text);
    if (type === 'integer' ? n < -INT32 || n >= INT32 : !Number.isSafeInteger(n)) return undefined;
    return n;
  }
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

function parseTimestamp(text: string): Date | undefined {
  if (!ISO_8601.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
