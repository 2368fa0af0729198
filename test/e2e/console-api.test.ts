/**
 * The console's JSON API without a browser: anti-forgery checks, the generic sign-in failure, throttling from
 * the sign-in checker, cookie attributes, the generic call endpoint returning the API's errors, and static files.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateLoginProfileCommand } from '@aws-sdk/client-iam';
import { startLiveServer, type LiveServer } from '../support/live-server.js';

interface Jar {
  cookies: Map<string, string>;
  csrf: string;
}

async function request(s: LiveServer, jar: Jar, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown>; setCookie: string[] }> {
  const res = await fetch(`${s.url}/console/api/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      cookie: [...jar.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      ...(body !== undefined ? { 'content-type': 'application/json', 'x-gatehouse-csrf': jar.csrf } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const setCookie = res.headers.getSetCookie();
  for (const c of setCookie) {
    const [pair] = c.split(';');
    const [k, v] = (pair ?? '').split('=');
    if (k) {
      if (v) jar.cookies.set(k, v);
      else jar.cookies.delete(k);
    }
  }
  const json = (await res.json()) as Record<string, unknown>;
  if (typeof json.csrf === 'string') jar.csrf = json.csrf;
  return { status: res.status, json, setCookie };
}

describe('console API', () => {
  let s: LiveServer;
  const PASSWORD = 'Admin-Passw0rd!x';

  before(async () => {
    s = await startLiveServer('sqlite');
    await s.iam().send(new CreateLoginProfileCommand({ UserName: 'admin', Password: PASSWORD }));
  });
  after(() => s.close());

  const fresh = async (): Promise<Jar> => {
    const jar: Jar = { cookies: new Map(), csrf: '' };
    const r = await request(s, jar, 'session');
    assert.equal(r.json.signedIn, false);
    return jar;
  };

  test('a POST without the anti-forgery token, or from another origin, is refused', async () => {
    const jar = await fresh();
    const noToken = await request(s, jar, 'sign-in', { account: s.account.accountId, userName: 'admin', password: PASSWORD }, { 'x-gatehouse-csrf': '' });
    assert.equal(noToken.status, 403);
    assert.equal((noToken.json.error as { code: string }).code, 'InvalidCsrfToken');
    const otherOrigin = await request(s, jar, 'sign-in', { account: s.account.accountId, userName: 'admin', password: PASSWORD }, { origin: 'https://evil.example' });
    assert.equal(otherOrigin.status, 403);
    const form = await fetch(`${s.url}/console/api/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-gatehouse-csrf': jar.csrf, cookie: `gh_csrf=${jar.csrf}` }, body: 'a=b' });
    assert.equal(form.status, 403);
  });

  test('sign-in sets an HttpOnly SameSite=Strict session cookie; calls go through the pipeline', async () => {
    const jar = await fresh();
    const r = await request(s, jar, 'sign-in', { account: s.account.accountId, userName: 'admin', password: PASSWORD });
    assert.equal(r.status, 200);
    assert.equal(r.json.signedIn, true);
    const session = r.setCookie.find((c) => c.startsWith('gh_console='));
    assert.match(session ?? '', /HttpOnly/);
    assert.match(session ?? '', /SameSite=Strict/);
    const ok = await request(s, jar, 'call', { service: 'iam', operation: 'CreateUser', input: { UserName: 'eve', Tags: [{ Key: 'team', Value: 'blue' }] } });
    assert.equal(ok.status, 200);
    assert.deepEqual((ok.json.output as { User: { Tags: unknown } }).User.Tags, [{ Key: 'team', Value: 'blue' }]);
    const dup = await request(s, jar, 'call', { operation: 'CreateUser', input: { UserName: 'eve' } });
    assert.equal(dup.status, 409);
    assert.deepEqual(dup.json.error, { code: 'EntityAlreadyExists', message: 'User with name eve already exists.', type: 'Sender' });
    const invalid = await request(s, jar, 'call', { operation: 'CreateUser', input: { UserName: 'bad name' } });
    assert.equal((invalid.json.error as { code: string }).code, 'ValidationError');
    const who = await request(s, jar, 'call', { service: 'sts', operation: 'GetCallerIdentity' });
    assert.equal((who.json.output as { Arn: string }).Arn, `arn:aws:iam::${s.account.accountId}:user/admin`);
    await s.runtime.audit.flush();
    const events = await s.runtime.store.listEvents({ accountId: s.account.accountId, limit: 1000 });
    assert.ok(events.some((e) => (e.body as { eventName?: string; sessionCredentialFromConsole?: string }).eventName === 'CreateUser' && (e.body as { sessionCredentialFromConsole?: string }).sessionCredentialFromConsole === 'true'));
    assert.ok(events.some((e) => (e.body as { eventName?: string }).eventName === 'ConsoleLogin'));
    const out = await request(s, jar, 'sign-out', {});
    assert.equal(out.json.signedIn, false);
    const after = await request(s, jar, 'call', { operation: 'ListUsers' });
    assert.equal(after.status, 401);
  });

  test('the root user signs in by email address alone; another address fails like a wrong password', async () => {
    const jar = await fresh();
    const r = await request(s, jar, 'sign-in', { email: s.account.root.email.toUpperCase(), password: s.account.root.password });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const who = await request(s, jar, 'call', { service: 'sts', operation: 'GetCallerIdentity' });
    assert.equal((who.json.output as { Arn: string }).Arn, `arn:aws:iam::${s.account.accountId}:root`);
    const other = await fresh();
    const wrong = await request(s, other, 'sign-in', { email: 'nobody@example.com', password: s.account.root.password });
    assert.equal(wrong.status, 401);
    assert.equal((wrong.json.error as { message: string }).message, 'Your authentication information is incorrect. Please try again.');
  });

  test('the root user can create access keys (two at most), and the account flags them', async () => {
    const jar = await fresh();
    assert.equal((await request(s, jar, 'sign-in', { email: s.account.root.email, password: s.account.root.password })).status, 200);
    for (let i = 0; i < 2; i++) {
      const k = await request(s, jar, 'call', { operation: 'CreateAccessKey', input: {} });
      assert.equal(k.status, 200, JSON.stringify(k.json));
      assert.match((k.json.output as { AccessKey: { AccessKeyId: string } }).AccessKey.AccessKeyId, /^AKIA/);
    }
    const third = await request(s, jar, 'call', { operation: 'CreateAccessKey', input: {} });
    assert.equal((third.json.error as { code: string }).code, 'LimitExceeded');
    const summary = await request(s, jar, 'call', { operation: 'GetAccountSummary' });
    assert.equal((summary.json.output as { SummaryMap: Record<string, number> }).SummaryMap.AccountAccessKeysPresent, 1);
    await request(s, jar, 'call', { operation: 'GenerateCredentialReport' });
    const report = await request(s, jar, 'call', { operation: 'GetCredentialReport' });
    const [header, rootRow] = Buffer.from((report.json.output as { Content: string }).Content, 'base64').toString('utf8').trim().split('\n');
    const cols = (header ?? '').split(',');
    const cells = (rootRow ?? '').split(',');
    assert.equal(cells[cols.indexOf('user')], '<root_account>');
    assert.equal(cells[cols.indexOf('access_key_1_active')], 'true');
    assert.equal(cells[cols.indexOf('access_key_2_active')], 'true');
  });

  test('wrong credentials get one generic message; repeated failures are throttled', async () => {
    const jar = await fresh();
    const wrongPassword = await request(s, jar, 'sign-in', { account: s.account.accountId, userName: 'admin', password: 'nope' });
    // The next attempt for the same user comes before the checker's delay has passed.
    const again = await request(s, jar, 'sign-in', { account: s.account.accountId, userName: 'admin', password: 'nope' });
    assert.equal(again.status, 429);
    assert.match((again.json.error as { message: string }).message, /Too many failed sign-in attempts/);
    const noUser = await request(s, jar, 'sign-in', { account: s.account.accountId, userName: 'nobody', password: 'nope' });
    const noAccount = await request(s, jar, 'sign-in', { account: 'no-such-alias', userName: 'admin', password: 'nope' });
    for (const r of [wrongPassword, noUser, noAccount]) {
      assert.equal(r.status, 401);
      assert.equal((r.json.error as { message: string }).message, 'Your authentication information is incorrect. Please try again.');
    }
  });

  test('the app is served with content types and cache headers; the sign-in link serves the app', async () => {
    const index = await fetch(`${s.url}/console/${s.account.accountId}`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    const html = await index.text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, 'index.html references a bundled script');
    assert.doesNotMatch(html, /https?:\/\//, 'nothing from another host');
    const js = await fetch(`${s.url}${script}`);
    assert.match(js.headers.get('content-type') ?? '', /text\/javascript/);
    assert.match(js.headers.get('cache-control') ?? '', /immutable/);
    assert.equal((await fetch(`${s.url}/console/assets/missing.js`)).status, 404);
  });
});
