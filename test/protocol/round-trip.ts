import assert from 'node:assert/strict';
import { findOperation } from '../../src/protocol/model/index.js';
import type { ServiceModel, StructureValue } from '../../src/protocol/model/index.js';
import { parseQueryRequest } from '../../src/protocol/query/index.js';
import { serializeResponse } from '../../src/protocol/xml/index.js';
import type { SdkTransport } from './sdk-transport.js';

/**
 * The SDK sends `input` for `operation`; our parser must read back exactly `input`. Our serializer answers with
 * `output`; the SDK must deserialize exactly `output` (an empty object for operations without output).
 */
export async function assertRoundTrip(options: {
  model: ServiceModel;
  transport: SdkTransport;
  operation: string;
  input: object;
  output?: StructureValue;
  send: () => Promise<object>;
}): Promise<void> {
  const { model, transport, input, output } = options;
  const operation = findOperation(model, options.operation);
  assert.ok(operation, `operation ${options.operation} is modeled`);
  transport.respondWith(serializeResponse(model, operation, output, 'req-0001'));
  const result = await options.send();

  const parsed = parseQueryRequest(model, new URLSearchParams(transport.lastBody));
  assert.ok(parsed.ok, `parse failed: ${parsed.ok ? '' : parsed.error.message}`);
  assert.equal(parsed.value.operation.name, options.operation);
  assert.deepStrictEqual(parsed.value.input, input);

  const { $metadata, ...received } = result as { $metadata: { httpStatusCode?: number } };
  assert.equal($metadata.httpStatusCode, 200);
  assert.deepStrictEqual(received, output ?? {});
}
