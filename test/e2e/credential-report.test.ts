/**
 * The credential report through the real AWS CLI v2 and SDK v3 against a live server, on both storage
 * backends: after setting the CIS password policy, creating a user who must change his password, the user
 * changing it with his own keys and signing in, the report shows AWS's 22 columns with the right values and
 * sentinels; regeneration at most every 4 hours; AWS's errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  UpdateAccessKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { createSignInChecker } from '../../src/services/auth/passwords.js';
import { REPORT_COLUMNS } from '../../src/services/iam/ops/credential-report.js';
import { awsAsync as aws, awsCliSkipReason } from '../support/aws-cli.js';
import { backends, startLiveServer, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';

/** RFC 4180 CSV (quoted fields may hold commas and doubled quotes) into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  rows.push(row);
  return rows;
}

/** The report as objects keyed by column, checking the header first. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  assert.deepEqual(header, [...REPORT_COLUMNS]);
  return rows.map((r) => {
    assert.equal(r.length, 22, `row ${r.join(',')}`);
    return Object.fromEntries(r.map((v, i) => [REPORT_COLUMNS[i] ?? '', v]));
  });
}

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;
/** A Date as the report writes it. */
const reportTime = (d: Date | undefined): string => (d ?? new Date(0)).toISOString().replace(/\.\d{3}Z$/, '+00:00');

const P1 = 'Correct-Horse-9-Battery';
const P2 = 'Staple#Gun-42-Tracker';

for (const { backend, skip } of backends()) {
  describe(`credential report (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
    });
    after(() => s?.close());

    test('before any report: ReportNotPresent', async () => {
      await rejects(iam.send(new GetCredentialReportCommand({})), 'CredentialReportNotPresentException', 410);
      if (!awsCliSkipReason()) {
        const r = await aws(s.url, s.admin, ['iam', 'get-credential-report']);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /An error occurred \(ReportNotPresent\) when calling the GetCredentialReport operation/);
      }
    });

    test('after the CIS policy, a forced password change and a sign-in, the report shows the right columns and values', { skip: awsCliSkipReason() }, async () => {
      const { accountId } = s.account;
      const ok = async (args: string[]) => {
        const r = await aws(s.url, s.admin, args);
        assert.equal(r.status, 0, r.stderr);
        return r.json;
      };
      await ok(['iam', 'update-account-password-policy', '--minimum-password-length', '14', '--require-symbols', '--require-numbers', '--require-uppercase-characters', '--require-lowercase-characters', '--allow-users-to-change-password', '--max-password-age', '90', '--password-reuse-prevention', '24']);
      await ok(['iam', 'create-user', '--user-name', 'alice', '--path', '/eng/']);
      await ok(['iam', 'create-login-profile', '--user-name', 'alice', `--password=${P1}`, '--password-reset-required']);
      await ok(['iam', 'create-user', '--user-name', 'bob']);
      await iam.send(new CreateUserCommand({ UserName: 'ops,team' }));
      const k1 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey;
      const k2 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey;
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: k2?.AccessKeyId, Status: 'Inactive' }));

      // Alice changes her password with her own key, then signs in to the console.
      const alice = s.iam({ accessKeyId: k1?.AccessKeyId ?? '', secretAccessKey: k1?.SecretAccessKey ?? '' });
      await alice.send(new ChangePasswordCommand({ OldPassword: P1, NewPassword: P2 }));
      const profile = (await iam.send(new GetLoginProfileCommand({ UserName: 'alice' }))).LoginProfile;
      assert.equal(profile?.PasswordResetRequired, false);
      const checker = createSignInChecker({ store: s.runtime.store, passwords: s.runtime.iamDeps.passwords, clock: { now: () => new Date() } });
      const signedIn = await checker.checkSignIn({ accountId, userName: 'alice', password: P2, sourceIp: '192.0.2.1' });
      assert.ok(signedIn.ok && !signedIn.mustChangePassword);
      const signInTime = new Date();

      const started = await ok(['iam', 'generate-credential-report']);
      assert.deepEqual(started, { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' });
      assert.deepEqual(await ok(['iam', 'generate-credential-report']), { State: 'COMPLETE' });

      const got = (await ok(['iam', 'get-credential-report'])) as { Content: string; ReportFormat: string; GeneratedTime: string };
      assert.equal(got.ReportFormat, 'text/csv');
      assert.ok(Math.abs(Date.parse(got.GeneratedTime) - Date.now()) < 60_000);
      const text = Buffer.from(got.Content, 'base64').toString('utf8');
      const sdk = await iam.send(new GetCredentialReportCommand({}));
      assert.equal(Buffer.from(sdk.Content ?? new Uint8Array()).toString('utf8'), text, 'the SDK and the CLI read the same bytes');
      assert.equal(sdk.ReportFormat, 'text/csv');

      const rows = records(text);
      assert.deepEqual(rows.map((r) => r.user), ['<root_account>', 'admin', 'alice', 'bob', 'ops,team']);
      const [root, , a, b] = rows;
      assert.deepEqual(root, {
        user: '<root_account>',
        arn: `arn:aws:iam::${accountId}:root`,
        user_creation_time: root?.user_creation_time ?? '',
        password_enabled: 'not_supported',
        password_last_used: 'no_information',
        password_last_changed: 'not_supported',
        password_next_rotation: 'not_supported',
        mfa_active: 'false',
        access_key_1_active: 'false',
        access_key_1_last_rotated: 'N/A',
        access_key_1_last_used_date: 'N/A',
        access_key_1_last_used_region: 'N/A',
        access_key_1_last_used_service: 'N/A',
        access_key_2_active: 'false',
        access_key_2_last_rotated: 'N/A',
        access_key_2_last_used_date: 'N/A',
        access_key_2_last_used_region: 'N/A',
        access_key_2_last_used_service: 'N/A',
        cert_1_active: 'false',
        cert_1_last_rotated: 'N/A',
        cert_2_active: 'false',
        cert_2_last_rotated: 'N/A',
      });
      assert.match(root?.user_creation_time ?? '', TIME);

      const aliceUser = (await iam.send(new GetUserCommand({ UserName: 'alice' }))).User;
      const used = (await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k1?.AccessKeyId }))).AccessKeyLastUsed;
      assert.ok(used?.LastUsedDate, 'the key use was recorded');
      assert.match(a?.password_last_changed ?? '', TIME);
      const changed = Date.parse(a?.password_last_changed ?? '');
      assert.ok(Math.abs(changed - Date.now()) < 120_000);
      assert.ok(Math.abs(Date.parse(a?.password_last_used ?? '') - signInTime.getTime()) < 5_000);
      assert.deepEqual(a, {
        user: 'alice',
        arn: `arn:aws:iam::${accountId}:user/eng/alice`,
        user_creation_time: reportTime(aliceUser?.CreateDate),
        password_enabled: 'true',
        password_last_used: a?.password_last_used ?? '',
        password_last_changed: a?.password_last_changed ?? '',
        // Changed + MaxPasswordAge (90 days).
        password_next_rotation: reportTime(new Date(changed + 90 * 24 * 3600 * 1000)),
        mfa_active: 'false',
        access_key_1_active: 'true',
        access_key_1_last_rotated: reportTime(k1?.CreateDate),
        access_key_1_last_used_date: reportTime(used?.LastUsedDate),
        access_key_1_last_used_region: 'us-east-1',
        access_key_1_last_used_service: 'iam',
        access_key_2_active: 'false',
        access_key_2_last_rotated: reportTime(k2?.CreateDate),
        access_key_2_last_used_date: 'N/A',
        access_key_2_last_used_region: 'N/A',
        access_key_2_last_used_service: 'N/A',
        cert_1_active: 'false',
        cert_1_last_rotated: 'N/A',
        cert_2_active: 'false',
        cert_2_last_rotated: 'N/A',
      });
      // No password at all: N/A everywhere (no_information is only for a password never used).
      assert.deepEqual(
        [b?.password_enabled, b?.password_last_used, b?.password_last_changed, b?.password_next_rotation, b?.access_key_1_active, b?.access_key_1_last_rotated],
        ['false', 'N/A', 'N/A', 'N/A', 'false', 'N/A'],
      );
      assert.match(text, /\n"ops,team","arn:aws:iam::\d{12}:user\/ops,team",/, 'fields with a comma are quoted');
    });

    test('a report is regenerated at most every 4 hours; an older one has expired', async () => {
      // Make sure a report exists (the CLI test may have been skipped).
      await iam.send(new GenerateCredentialReportCommand({}));
      const first = await iam.send(new GetCredentialReportCommand({}));
      await iam.send(new CreateUserCommand({ UserName: 'latecomer' }));
      // Younger than 4 hours: COMPLETE, and the same report.
      assert.equal((await iam.send(new GenerateCredentialReportCommand({}))).State, 'COMPLETE');
      const same = await iam.send(new GetCredentialReportCommand({}));
      assert.equal(same.GeneratedTime?.getTime(), first.GeneratedTime?.getTime());
      assert.equal(Buffer.from(same.Content ?? new Uint8Array()).toString('utf8').includes('latecomer'), false);

      // Age the stored report past 4 hours.
      const { accountId } = s.account;
      await s.runtime.store.transaction(async (tx) => {
        const rec = await tx.get(accountId, 'credential-report', '', 'current');
        assert.ok(rec);
        await tx.update({ ...rec, data: { ...rec.data, GeneratedTime: new Date(Date.now() - 4 * 3600 * 1000 - 1000).toISOString() } });
      });
      await rejects(iam.send(new GetCredentialReportCommand({})), 'CredentialReportExpiredException', 410);
      const regenerated = await iam.send(new GenerateCredentialReportCommand({}));
      assert.equal(regenerated.State, 'STARTED');
      assert.equal(regenerated.Description, undefined);
      const fresh = await iam.send(new GetCredentialReportCommand({}));
      assert.ok(Math.abs((fresh.GeneratedTime?.getTime() ?? 0) - Date.now()) < 60_000);
      assert.ok(records(Buffer.from(fresh.Content ?? new Uint8Array()).toString('utf8')).some((r) => r.user === 'latecomer'));
    });

    test('enforcement: the report needs iam:GenerateCredentialReport / iam:GetCredentialReport on *', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'nosy' }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'nosy' }))).AccessKey;
      const nosy = s.iam({ accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' });
      await rejects(nosy.send(new GenerateCredentialReportCommand({})), 'AccessDenied', 403, /iam:GenerateCredentialReport on resource: \* because no identity-based policy allows/);
      await rejects(nosy.send(new GetCredentialReportCommand({})), 'AccessDenied', 403, /iam:GetCredentialReport on resource: \*/);
    });
  });
}
