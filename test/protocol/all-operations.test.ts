import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IAM } from '@aws-sdk/client-iam';
import { STS } from '@aws-sdk/client-sts';
import { shapeOf } from '../../src/protocol/model/index.js';
import type { ServiceModel, Shape, ShapeValue, StructureValue } from '../../src/protocol/model/index.js';
import { loadServiceModel } from '../../src/protocol/model/index.js';
import { parseQueryRequest } from '../../src/protocol/query/index.js';
import { serializeResponse } from '../../src/protocol/xml/index.js';
import { SdkTransport, clientConfig } from './sdk-transport.js';

/** A value for every member of `shape`, two elements per list and map, nested up to a fixed depth. */
function sample(model: ServiceModel, shape: Shape, name: string, depth: number): ShapeValue | undefined {
  switch (shape.type) {
    case 'structure': {
      if (depth > 5) return undefined;
      const out: StructureValue = {};
      for (const [member, ref] of Object.entries(shape.members)) {
        const value = sample(model, shapeOf(model, ref.shape), member, depth + 1);
        if (value !== undefined) out[member] = value;
        if (shape.union && value !== undefined) break; // a union carries one member
      }
      return out;
    }
    case 'list': {
      const item = shapeOf(model, shape.member);
      const items = [sample(model, item, `${name}1`, depth + 1), sample(model, item, `${name}2`, depth + 1)];
      return items.filter((v): v is ShapeValue => v !== undefined);
    }
    case 'map': {
      const keyShape = shapeOf(model, shape.key);
      const keys = keyShape.type === 'string' && keyShape.enum ? keyShape.enum.slice(0, 2) : [`${name}-a`, `${name}-b`];
      const out: StructureValue = {};
      for (const k of keys) out[k] = sample(model, shapeOf(model, shape.value), k, depth + 1);
      return out;
    }
    case 'string':
      return shape.enum?.[0] ?? `${name} <&> "v"`;
    case 'integer':
    case 'long':
      return 7;
    case 'float':
    case 'double':
      return 1.5;
    case 'boolean':
      return true;
    case 'timestamp':
      return new Date('2024-02-03T04:05:06Z');
    case 'blob':
      return new Uint8Array([1, 2, 254, 255]);
  }
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

for (const [service, makeClient] of [
  ['iam', (t: SdkTransport) => new IAM(clientConfig(t))],
  ['sts', (t: SdkTransport) => new STS(clientConfig(t))],
] as const) {
  const model = loadServiceModel(service);

  describe(`every ${service.toUpperCase()} operation`, () => {
    test('its response, filled in completely, deserializes in the SDK to the same object', async () => {
      const transport = new SdkTransport();
      const client = makeClient(transport) as unknown as Record<string, (input: object) => Promise<Record<string, unknown>>>;
      for (const operation of Object.values(model.operations)) {
        const output = operation.output === undefined ? undefined : sample(model, shapeOf(model, operation.output), operation.name, 0);
        assert.ok(output === undefined || (typeof output === 'object' && !Array.isArray(output) && !(output instanceof Date) && !(output instanceof Uint8Array)));
        transport.respondWith(serializeResponse(model, operation, output, 'req'));
        const method = client[lowerFirst(operation.name)];
        assert.ok(typeof method === 'function', `client method for ${operation.name}`);
        const { $metadata, ...received } = await method.call(client, {});
        assert.equal(($metadata as { httpStatusCode: number }).httpStatusCode, 200);
        assert.deepStrictEqual(received, output ?? {}, operation.name);
      }
    });

    test('an empty request is parsed, or refused naming exactly its required members', () => {
      for (const operation of Object.values(model.operations)) {
        const result = parseQueryRequest(model, new URLSearchParams({ Action: operation.name, Version: model.apiVersion }));
        const input = operation.input === undefined ? undefined : shapeOf(model, operation.input);
        const required = input?.type === 'structure' ? input.required : [];
        if (required.length === 0) {
          assert.ok(result.ok, operation.name);
          assert.deepEqual(result.value.input, {});
        } else {
          assert.ok(!result.ok, operation.name);
          for (const member of required) assert.ok(result.error.message.includes(`at '${lowerFirst(member)}'`), `${operation.name} ${member}`);
          assert.ok(result.error.message.startsWith(`${required.length} validation error`), operation.name);
        }
      }
    });
  });
}
