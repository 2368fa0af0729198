import { findError, shapeOf } from '../model/index.js';
import type { Operation, ServiceModel, Shape, ShapeValue, StructureShape, StructureValue, WireError } from '../model/index.js';

export interface XmlResponse {
  readonly status: number;
  readonly contentType: 'text/xml';
  readonly body: string;
}

/**
 * Renders an operation's output as AWS does:
 * `<XResponse xmlns="…"><XResult>…</XResult><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></XResponse>`.
 * Values must already be in wire form: IAM policy documents are URL-encoded by the service layer, not here.
 * A value of the wrong type for its shape is a bug in the caller and throws.
 *
 * @example
 * serializeResponse(iam, findOperation(iam, 'GetUser')!, { User: { UserName: 'alice', … } }, requestId).body;
 * // '<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetUserResult><User>…'
 */
export function serializeResponse(
  model: ServiceModel,
  operation: Operation,
  output: StructureValue | undefined,
  requestId: string,
): XmlResponse {
  const root = `${operation.name}Response`;
  let body = `<${root} xmlns="${escapeXml(model.xmlNamespace)}">`;
  if (operation.output !== undefined) {
    const shape = shapeOf(model, operation.output);
    if (shape.type !== 'structure') throw new Error(`output of \`${operation.name}\` is not a structure`);
    const wrapper = operation.resultWrapper ?? `${operation.name}Result`;
    body += `<${wrapper}>${writeMembers(model, shape, output ?? {}, operation.name)}</${wrapper}>`;
  }
  body += `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${root}>`;
  return { status: 200, contentType: 'text/xml', body };
}

/**
 * Renders `<ErrorResponse xmlns="…"><Error><Type>Sender|Receiver</Type><Code/><Message/></Error><RequestId/></ErrorResponse>`
 * with the error's HTTP status.
 *
 * @example
 * serializeError(iam, modeledError(iam, 'NoSuchEntity', 'The user with name bob cannot be found.')!, requestId).status; // 404
 */
export function serializeError(model: ServiceModel, error: WireError, requestId: string): XmlResponse {
  const body =
    `<ErrorResponse xmlns="${escapeXml(model.xmlNamespace)}"><Error>` +
    `<Type>${error.senderFault ? 'Sender' : 'Receiver'}</Type>` +
    `<Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message>` +
    `</Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
  return { status: error.httpStatus, contentType: 'text/xml', body };
}

/**
 * A modeled error (`NoSuchEntity`, `EntityAlreadyExists`, …) with the HTTP status and fault the model gives
 * it; `undefined` for a code the service does not model.
 */
export function modeledError(model: ServiceModel, code: string, message: string): WireError | undefined {
  const modeled = findError(model, code);
  return modeled && { code, message, httpStatus: modeled.httpStatus, senderFault: modeled.senderFault };
}

function writeMembers(model: ServiceModel, shape: StructureShape, value: StructureValue, path: string): string {
  let xml = '';
  for (const [name, member] of Object.entries(shape.members)) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    xml += writeElement(model, shapeOf(model, member.shape), member.xmlName ?? name, v, `${path}.${name}`);
  }
  return xml;
}

function writeElement(model: ServiceModel, shape: Shape, element: string, value: ShapeValue, path: string): string {
  switch (shape.type) {
    case 'structure':
      return `<${element}>${writeMembers(model, shape, asStructure(value, path), path)}</${element}>`;
    case 'list': {
      if (!Array.isArray(value)) throw typeError(path, 'a list', value);
      const itemShape = shapeOf(model, shape.member);
      const itemName = shape.flattened ? element : (shape.memberName ?? 'member');
      const items = value.map((item, i) => writeElement(model, itemShape, itemName, item, `${path}[${i}]`)).join('');
      return shape.flattened ? items : `<${element}>${items}</${element}>`;
    }
    case 'map': {
      const entries = Object.entries(asStructure(value, path)).filter((e): e is [string, ShapeValue] => e[1] != null);
      const keyShape = shapeOf(model, shape.key);
      const valueShape = shapeOf(model, shape.value);
      const keyName = shape.keyName ?? 'key';
      const valueName = shape.valueName ?? 'value';
      const xml = entries
        .map(([k, v]) => {
          const inner =
            writeElement(model, keyShape, keyName, k, `${path}.${k}`) +
            writeElement(model, valueShape, valueName, v, `${path}.${k}`);
          return shape.flattened ? `<${element}>${inner}</${element}>` : `<entry>${inner}</entry>`;
        })
        .join('');
      return shape.flattened ? xml : `<${element}>${xml}</${element}>`;
    }
    default:
      return `<${element}>${escapeXml(scalarText(shape, value, path))}</${element}>`;
  }
}

function scalarText(shape: Exclude<Shape, { type: 'structure' | 'list' | 'map' }>, value: ShapeValue, path: string): string {
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') throw typeError(path, 'a string', value);
      return value;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw typeError(path, 'a number', value);
      return String(value);
    case 'boolean':
      if (typeof value !== 'boolean') throw typeError(path, 'a boolean', value);
      return value ? 'true' : 'false';
    case 'timestamp':
      return formatTimestamp(value, path);
    case 'blob':
      if (!(value instanceof Uint8Array)) throw typeError(path, 'bytes', value);
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  }
}

/** ISO 8601 in UTC; whole seconds print without a fraction, as IAM's `2012-09-07T19:58:33Z`. */
function formatTimestamp(value: ShapeValue, path: string): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) throw typeError(path, 'a Date', value);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function asStructure(value: ShapeValue, path: string): StructureValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date || value instanceof Uint8Array) {
    throw typeError(path, 'an object', value);
  }
  return value;
}

function typeError(path: string, expected: string, value: ShapeValue): Error {
  return new TypeError(`output member \`${path}\` must be ${expected}, got ${typeof value}`);
}

/**
 * Escapes text and attribute content. `\r` is written as a character reference because XML parsers
 * otherwise normalize `\r\n` to `\n` and the client would read a different string.
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
};
