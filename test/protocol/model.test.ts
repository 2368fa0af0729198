import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { findError, findOperation, loadServiceModel, parseServiceModel, shapeOf } from '../../src/protocol/model/index.js';
import { compilePattern } from '../../src/protocol/query/index.js';

const iam = loadServiceModel('iam');
const sts = loadServiceModel('sts');
const require = createRequire(import.meta.url);

describe('generated service models', () => {
  test('service identity and XML namespaces', () => {
    assert.deepEqual([iam.service, iam.apiVersion, iam.xmlNamespace], ['iam', '2010-05-08', 'https://iam.amazonaws.com/doc/2010-05-08/']);
    assert.deepEqual([sts.service, sts.apiVersion, sts.xmlNamespace], ['sts', '2011-06-15', 'https://sts.amazonaws.com/doc/2011-06-15/']);
  });

  test('every operation the v3 clients and the v2 models know is there', () => {
    for (const [model, v2File, v3Package] of [
      [iam, 'aws-sdk/apis/iam-2010-05-08.min.json', '@aws-sdk/client-iam'],
      [sts, 'aws-sdk/apis/sts-2011-06-15.min.json', '@aws-sdk/client-sts'],
    ] as const) {
      const v2 = require(v2File) as { operations: Record<string, unknown> };
      for (const name of Object.keys(v2.operations)) assert.ok(findOperation(model, name), `${model.service} ${name} (v2)`);
      const v3 = require(v3Package) as Record<string, unknown>;
      const v3Operations = Object.entries(v3).filter(([k, v]) => k.endsWith('$') && Array.isArray(v) && v[0] === 9);
      assert.equal(Object.keys(model.operations).length, v3Operations.length);
    }
    assert.ok(Object.keys(iam.operations).length >= 180);
  });

  test('an operation only v3 knows still has its shapes', () => {
    const op = findOperation(iam, 'AcquireRole');
    assert.ok(op?.input);
    const input = shapeOf(iam, op.input);
    assert.equal(input.type, 'structure');
    assert.ok(input.type === 'structure' && input.required.includes('TemplateArn'));
  });

  test('constraints come through (botocore), with result wrappers and errors', () => {
    assert.deepEqual(shapeOf(iam, 'userNameType'), { type: 'string', min: 1, max: 64, pattern: '[\\w+=,.@-]+' });
    assert.deepEqual(shapeOf(sts, 'roleDurationSecondsType'), { type: 'integer', min: 900, max: 43200 });
    const create = findOperation(iam, 'CreateUser');
    assert.equal(create?.resultWrapper, 'CreateUserResult');
    assert.ok(create?.errors.includes('EntityAlreadyExists'));
    assert.equal(findOperation(iam, 'DeleteUser')?.output, undefined);
    assert.deepEqual(findError(iam, 'NoSuchEntity'), { code: 'NoSuchEntity', shape: 'NoSuchEntityException', httpStatus: 404, senderFault: true });
    assert.deepEqual(findError(iam, 'ServiceFailure'), { code: 'ServiceFailure', shape: 'ServiceFailureException', httpStatus: 500, senderFault: false });
    assert.equal(findError(iam, 'NoSuchEntityException'), undefined);
  });

  test('no AWS documentation text is copied', () => {
    for (const model of [iam, sts]) {
      const text = JSON.stringify(model);
      assert.ok(!text.includes('documentation'));
      assert.ok(!/<p>|<code>|<a href/.test(text));
    }
  });

  test('every pattern compiles as a whole-value matcher', () => {
    for (const model of [iam, sts]) {
      for (const shape of Object.values(model.shapes)) {
        if (shape.type === 'string' && shape.pattern !== undefined) {
          const re = compilePattern(shape.pattern);
          assert.ok(re.source.startsWith('^(?:'));
        }
      }
    }
    assert.ok(compilePattern('[\\w+=,.@\\:-]*').test('a:b'));
    assert.ok(!compilePattern('[\\w+=,.@-]+').test('a b'));
  });

  test('the loader refuses an unknown format and dangling references', () => {
    assert.throws(() => parseServiceModel({ formatVersion: 2 }), /unknown format/);
    const text = readFileSync(new URL('../../../generated/models/sts.json', import.meta.url), 'utf8');
    const json = JSON.parse(text) as { shapes: Record<string, unknown> };
    delete json.shapes['Credentials'];
    assert.throws(() => parseServiceModel(json), /missing shape `Credentials`/);
  });
});
