import { findOperation, shapeOf } from '../model/index.js';
import type { ServiceModel, Shape } from '../model/index.js';

/**
 * Writes an operation's input given as JSON (the AWS SDK's shape: `{ UserName: 'alice', Tags: [{ Key, Value }] }`)
 * as the AWS Query parameters that carry it, so that the one Query parser reads and validates it: a JSON
 * client (the console) gets exactly the API's parsing and ValidationError messages. Members the model doesn't
 * name are dropped, as the Query parser ignores unknown parameters; values of the wrong JSON type are written
 * as text and refused by the parser. Timestamps may be ISO-8601 strings; blobs base64 strings.
 *
 * @example
 * queryParamsFromJson(iam, 'CreateUser', { UserName: 'alice', Tags: [{ Key: 'team', Value: 'blue' }] }).toString();
 * // 'Action=CreateUser&Version=2010-05-08&UserName=alice&Tags.member.1.Key=team&Tags.member.1.Value=blue'
 */
export function queryParamsFromJson(model: ServiceModel, operationName: string, input: unknown): URLSearchParams {
  const out = new URLSearchParams();
  out.set('Action', operationName);
  out.set('Version', model.apiVersion);
  const operation = findOperation(model, operationName);
  if (operation?.input === undefined || !isObject(input)) return out;
  writeValue(model, shapeOf(model, operation.input), input, '', out);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function writeValue(model: ServiceModel, shape: Shape, value: unknown, key: string, out: URLSearchParams): void {
  if (value === undefined || value === null) return;
  switch (shape.type) {
    case 'structure': {
      if (!isObject(value)) return;
      for (const [name, member] of Object.entries(shape.members)) {
        const wire = member.xmlName ?? name;
        writeValue(model, shapeOf(model, member.shape), value[name], key === '' ? wire : `${key}.${wire}`, out);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return;
      const base = shape.flattened ? key : `${key}.${shape.memberName ?? 'member'}`;
      // `Key=` alone is how the Query protocol says "the empty list".
      if (value.length === 0) out.append(key, '');
      const item = shapeOf(model, shape.member);
      value.forEach((v, i) => writeValue(model, item, v, `${base}.${i + 1}`, out));
      return;
    }
    case 'map': {
      if (!isObject(value)) return;
      const base = shape.flattened ? key : `${key}.entry`;
      const valueShape = shapeOf(model, shape.value);
      Object.entries(value).forEach(([k, v], i) => {
        out.append(`${base}.${i + 1}.${shape.keyName ?? 'key'}`, k);
        writeValue(model, valueShape, v, `${base}.${i + 1}.${shape.valueName ?? 'value'}`, out);
      });
      return;
    }
    default:
      out.append(key, value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
}
