import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IAMClient, TagUserCommand } from '@aws-sdk/client-iam';
import { findOperation, loadServiceModel, parseServiceModel } from '../../src/protocol/model/index.js';
import type { Operation, ServiceModel } from '../../src/protocol/model/index.js';
import { parseOperationInput, parseQueryRequest } from '../../src/protocol/query/index.js';
import { serializeResponse } from '../../src/protocol/xml/index.js';
import { SdkTransport, clientConfig } from './sdk-transport.js';

// IAM and STS use neither flattened lists, renamed members nor timestamp or blob inputs; a small model
// exercises the forms the AWS Query protocol defines for them.
const model: ServiceModel = parseServiceModel({
  formatVersion: 1,
  service: 'iam',
  apiVersion: '2020-01-01',
  xmlNamespace: 'https://example.test/doc/2020-01-01/',
  sources: {},
  operations: { Op: { name: 'Op', input: 'In', output: 'Out', resultWrapper: 'OpResult', errors: [] } },
  errors: {},
  shapes: {
    In: {
      type: 'structure',
      required: [],
      members: {
        Flat: { shape: 'FlatList' },
        Named: { shape: 'NamedList' },
        Plain: { shape: 'PlainList' },
        Attrs: { shape: 'StringMap' },
        FlatAttrs: { shape: 'FlatMap' },
        When: { shape: 'Time' },
        Data: { shape: 'Bytes' },
        On: { shape: 'Bool' },
        Ratio: { shape: 'Double' },
        Renamed: { shape: 'Str', xmlName: 'WireName' },
        Inner: { shape: 'Inner' },
      },
    },
    Out: { type: 'structure', required: [], members: { Flat: { shape: 'FlatList' }, FlatAttrs: { shape: 'FlatMap' }, Named: { shape: 'NamedList' } } },
    Inner: { type: 'structure', required: ['Deep'], members: { Deep: { shape: 'Str' }, Items: { shape: 'PlainList' } } },
    FlatList: { type: 'list', member: 'Str', flattened: true },
    NamedList: { type: 'list', member: 'Str', memberName: 'item' },
    PlainList: { type: 'list', member: 'Str' },
    StringMap: { type: 'map', key: 'Str', value: 'Str' },
    FlatMap: { type: 'map', key: 'Str', value: 'Str', flattened: true, keyName: 'Name', valueName: 'Val' },
    Str: { type: 'string' },
    Time: { type: 'timestamp' },
    Bytes: { type: 'blob' },
    Bool: { type: 'boolean' },
    Double: { type: 'double' },
  },
});
const op = findOperation(model, 'Op') as Operation;

function parse(query: string) {
  const result = parseOperationInput(model, op, new URLSearchParams(query));
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.value;
}

describe('query forms', () => {
  test('flattened, renamed and plain lists, in index order, gaps closed', () => {
    assert.deepEqual(parse('Flat.2=b&Flat.1=a&Flat.10=c&Named.item.1=x&Plain.member.3=z&Plain.member.1=y'), {
      Flat: ['a', 'b', 'c'],
      Named: ['x'],
      Plain: ['y', 'z'],
    });
  });

  test('`Name=` alone is an empty list', () => {
    assert.deepEqual(parse('Plain=&Flat='), { Plain: [], Flat: [] });
  });

  test('maps: entry.N.key/value, and flattened with renamed key and value', () => {
    assert.deepEqual(parse('Attrs.entry.1.key=a&Attrs.entry.1.value=1&Attrs.entry.2.key=b&Attrs.entry.2.value=2&FlatAttrs.1.Name=n&FlatAttrs.1.Val=v'), {
      Attrs: { a: '1', b: '2' },
      FlatAttrs: { n: 'v' },
    });
  });

  test('timestamps (ISO 8601), blobs (base64), booleans, doubles, renamed members, nested structures', () => {
    assert.deepEqual(
      parse('When=2024-03-04T05:06:07.250%2B01:00&Data=AQL%2B%2Fw%3D%3D&On=false&Ratio=-2.5e3&WireName=w&Inner.Deep=d&Inner.Items.member.1=i'),
      {
        When: new Date('2024-03-04T04:06:07.250Z'),
        Data: new Uint8Array([1, 2, 254, 255]),
        On: false,
        Ratio: -2500,
        Renamed: 'w',
        Inner: { Deep: 'd', Items: ['i'] },
      },
    );
  });

  test('a nested structure that is present checks its own required members', () => {
    const result = parseOperationInput(model, op, new URLSearchParams('Inner.Items.member.1=i'));
    assert.ok(!result.ok);
    assert.equal(result.error.message, "1 validation error detected: Value null at 'inner.deep' failed to satisfy constraint: Member must not be null");
  });

  test('malformed scalars are refused', () => {
    for (const bad of ['When=yesterday', 'When=2024-03-04', 'Data=not*base64', 'On=yes', 'Ratio=1.2.3', 'Ratio=NaN']) {
      const result = parseOperationInput(model, op, new URLSearchParams(bad));
      assert.ok(!result.ok, bad);
      assert.equal(result.error.code, 'ValidationError');
    }
  });

  test('a repeated parameter keeps its first value', () => {
    assert.deepEqual(parse('WireName=first&WireName=second'), { Renamed: 'first' });
  });

  test('flattened lists and maps serialize without wrappers', () => {
    const body = serializeResponse(model, op, { Flat: ['a', 'b'], FlatAttrs: { k: 'v' }, Named: ['x'] }, 'r').body;
    assert.equal(
      body,
      '<OpResponse xmlns="https://example.test/doc/2020-01-01/"><OpResult><Flat>a</Flat><Flat>b</Flat>' +
        '<FlatAttrs><Name>k</Name><Val>v</Val></FlatAttrs><Named><item>x</item></Named></OpResult>' +
        '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></OpResponse>',
    );
  });

  test('a value of the wrong type for the output shape is a bug and throws', () => {
    assert.throws(() => serializeResponse(model, op, { Flat: 'not a list' }, 'r'), /Op\.Flat.*must be a list/);
  });
});

describe('serializer output, exactly', () => {
  const iam = loadServiceModel('iam');

  test('an operation without output has only ResponseMetadata', () => {
    const deleteUser = findOperation(iam, 'DeleteUser') as Operation;
    assert.equal(
      serializeResponse(iam, deleteUser, undefined, 'abc-123').body,
      '<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>abc-123</RequestId></ResponseMetadata></DeleteUserResponse>',
    );
  });

  test('members in model order, lists as member, maps as entry, timestamps ISO 8601 with Z', () => {
    const getUser = findOperation(iam, 'GetUser') as Operation;
    const body = serializeResponse(
      iam,
      getUser,
      { User: { Tags: [{ Value: 'v', Key: 'k' }], CreateDate: new Date('2024-01-02T03:04:05.678Z'), UserName: 'a&b', Path: '/', UserId: 'U', Arn: 'arn' } },
      'r',
    ).body;
    assert.equal(
      body,
      '<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetUserResult><User><Path>/</Path><UserName>a&amp;b</UserName>' +
        '<UserId>U</UserId><Arn>arn</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate><Tags><member><Key>k</Key><Value>v</Value></member></Tags>' +
        '</User></GetUserResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetUserResponse>',
    );
    const summary = findOperation(iam, 'GetAccountSummary') as Operation;
    assert.match(serializeResponse(iam, summary, { SummaryMap: { Users: 2 } }, 'r').body, /<SummaryMap><entry><key>Users<\/key><value>2<\/value><\/entry><\/SummaryMap>/);
  });

  test('the SDK sends an empty list as `Tags=`, and it parses back to []', async () => {
    const transport = new SdkTransport();
    const client = new IAMClient(clientConfig(transport));
    transport.respondWith(serializeResponse(iam, findOperation(iam, 'TagUser') as Operation, undefined, 'r'));
    await client.send(new TagUserCommand({ UserName: 'alice', Tags: [] }));
    assert.match(transport.lastBody, /&Tags=(&|$)/);
    const parsed = parseQueryRequest(iam, new URLSearchParams(transport.lastBody));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.input, { UserName: 'alice', Tags: [] });
  });
});
