/** Golden protocol files (conformance/protocol): exact response and error bodies from the one serializer. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findOperation, loadServiceModel, type StructureValue } from '../../src/protocol/model/index.js';
import { serializeError, serializeResponse } from '../../src/protocol/xml/index.js';
import { toWire } from '../../src/server/wire-errors.js';
import { AwsError } from '../../src/services/errors.js';

const dir = join(import.meta.dirname, '..', '..', '..', 'conformance', 'protocol');

interface Golden {
  service: 'iam' | 'sts';
  operation: string;
  requestId: string;
  output?: StructureValue | null;
  error?: { code: string; message: string };
  status?: number;
  xml: string;
}

const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
test('golden files exist', () => assert.ok(files.length >= 5));

for (const f of files) {
  test(f, () => {
    const g = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Golden;
    const model = loadServiceModel(g.service);
    const op = findOperation(model, g.operation);
    assert.ok(op, `unknown operation ${g.operation}`);
    if (g.error) {
      const r = serializeError(model, toWire(model, new AwsError(g.error.code, g.error.message)), g.requestId);
      assert.equal(r.status, g.status);
      assert.equal(r.body, g.xml);
    } else {
      const r = serializeResponse(model, op, g.output ?? undefined, g.requestId);
      assert.equal(r.status, 200);
      assert.equal(r.body, g.xml);
    }
  });
}
