/**
 * The request pipeline as clients meet it: GET query strings and presigned URLs, unknown actions, bad
 * versions, the audit event of every request, enforcement in log mode, and quotas under concurrent requests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { Sha256Js } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { backends, startLiveServer, type Credentials, type LiveServer } from '../support/live-server.js';

function signer(creds: Credentials): SignatureV4 {
  return new SignatureV4({ credentials: creds, region: 'us-east-1', service: 'iam', sha256: Sha256Js });
}

async function presignedGet(s: LiveServer, creds: Credentials, query: Record<string, string>): Promise<Response> {
  const url = new URL(s.url);
  const req = new HttpRequest({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query, headers: { host: url.host } });
  const signed = await signer(creds).presign(req, { expiresIn: 300 });
  const qs = new URLSearchParams(signed.query as Record<string, string>).toString();
  return fetch(`${s.url}/?${qs}`);
}

async function signedPost(s: LiveServer, creds: Credentials, body: string): Promise<Response> {
  const url = new URL(s.url);
  const req = new HttpRequest({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' }, body });
  const signed = await signer(creds).sign(req);
  return fetch(`${s.url}/`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
}

for (const { backend, skip } of backends()) {
  describe(`request pipeline (${backend})`, { skip }, () => {
    let s: LiveServer;
    before(async () => {
      s = await startLiveServer(backend);
    });
    after(() => s?.close());

    test('a presigned GET with the query string works like a POST', async () => {
      const res = await presignedGet(s, s.admin, { Action: 'ListUsers', Version: '2010-05-08' });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
      const body = await res.text();
      assert.match(body, /^<ListUsersResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><ListUsersResult><Users><member>.*<UserName>admin<\/UserName>/);
    });

    test('unknown actions and wrong versions get InvalidAction; a missing required member ValidationError', async () => {
      const unknown = await signedPost(s, s.admin, 'Action=FlyToTheMoon&Version=2010-05-08');
      assert.equal(unknown.status, 400);
      assert.match(await unknown.text(), /<Code>InvalidAction<\/Code><Message>Could not find operation FlyToTheMoon for version 2010-05-08<\/Message>/);
      const version = await signedPost(s, s.admin, 'Action=ListUsers&Version=2099-01-01');
      assert.match(await version.text(), /<Code>InvalidAction<\/Code>/);
      const missing = await signedPost(s, s.admin, 'Action=CreateUser&Version=2010-05-08');
      assert.equal(missing.status, 400);
      assert.match(await missing.text(), /<Code>ValidationError<\/Code><Message>1 validation error detected: Value null at &apos;userName&apos; failed to satisfy constraint: Member must not be null<\/Message>/);
    });

    test('two access keys at most, even when ten CreateAccessKey calls race', async () => {
      const iam = s.iam();
      await iam.send(new CreateUserCommand({ UserName: 'racer' }));
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => iam.send(new CreateAccessKeyCommand({ UserName: 'racer' }))));
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      const limited = results.filter((r) => r.status === 'rejected' && (r.reason as { name?: string }).name === 'LimitExceededException').length;
      assert.deepEqual([ok, limited], [2, 8]);
    });

    test('every request leaves one audit event: who, what, from where, the decision and the error', async () => {
      const iam = s.iam();
      await iam.send(new CreateUserCommand({ UserName: 'audited' }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'audited' }))).AccessKey;
      const denied = s.iam({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
      await assert.rejects(denied.send(new ListUsersCommand({})));
      await s.runtime.audit.flush();
      const events = await s.runtime.store.listEvents({ accountId: s.account.accountId, limit: 50 });
      const last = events[0]?.body as Record<string, unknown>;
      assert.equal(last.eventName, 'ListUsers');
      assert.equal(last.eventSource, 'iam.amazonaws.com');
      assert.equal(last.sourceIPAddress, '127.0.0.1');
      assert.equal(last.errorCode, 'AccessDenied');
      assert.equal(last.decision, 'ImplicitlyDenied');
      assert.equal((last.userIdentity as { arn: string }).arn, `arn:aws:iam::${s.account.accountId}:user/audited`);
      const created = events.find((e) => (e.body as { eventName?: string }).eventName === 'CreateUser');
      assert.equal((created?.body as { decision?: string }).decision, 'Allowed');
      assert.equal(JSON.stringify(events).includes(key?.SecretAccessKey ?? '!'), false, 'no secret in the audit trail');
    });
  });
}

describe('enforcement in log mode', () => {
  let s: LiveServer;
  before(async () => {
    s = await startLiveServer('sqlite', { enforce: 'log' });
  });
  after(() => s?.close());

  test('a call the policies deny is allowed, and the trail records what would have been denied', async () => {
    const iam = s.iam();
    await iam.send(new CreateUserCommand({ UserName: 'loose' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'loose' }))).AccessKey;
    const loose = s.iam({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
    const listed = await loose.send(new ListUsersCommand({}));
    assert.ok(listed.Users?.some((u) => u.UserName === 'loose'));
    await s.runtime.audit.flush();
    const events = await s.runtime.store.listEvents({ accountId: s.account.accountId, limit: 5 });
    const last = events[0]?.body as Record<string, unknown>;
    assert.equal(last.decision, 'ImplicitlyDenied');
    assert.match(String(last.wouldBeDenied), /user\/loose is not authorized to perform: iam:ListUsers/);
    assert.equal(last.errorCode, undefined);
  });
});
