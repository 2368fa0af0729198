/**
 * Console passwords and the account password policy through the real AWS SDK v3 client and the real AWS
 * CLI v2 against a live server, on both storage backends: the CIS password policy set with the CLI and
 * enforced on every password set (weak and reused passwords refused with AWS's answer), a user created with
 * "must change password at next sign-in" who changes it with his own keys, login profile errors, enforcement;
 * and the console sign-in check (throttling, lockout, expiry) as a unit against the live server's store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AttachUserPolicyCommand,
  ChangePasswordCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { createSignInChecker, type SignInResult } from '../../src/services/auth/passwords.js';
import type { CallContext } from '../../src/services/context.js';
import { rootArn } from '../../src/services/iam/arns.js';
import { iamOperations } from '../../src/services/iam/index.js';
import { Input } from '../../src/services/input.js';
import { awsAsync as aws, awsCliSkipReason } from '../support/aws-cli.js';
import { backends, startLiveServer, type Credentials, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';

const VIOLATION = 'Password does not conform to the account password policy.';
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// CIS-conforming passwords: at least 14 characters with every character class.
const P1 = 'Correct-Horse-9-Battery';
const P2 = 'Staple#Gun-42-Tracker';
const P3 = 'Quiet_Lake-7-Morning';

/** An inline user policy. */
async function putUserPolicy(iam: IAMClient, userName: string, policyName: string, document: object): Promise<void> {
  await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: policyName, PolicyDocument: JSON.stringify(document) }));
}

/** Credentials of the root user: an access key made through the operation itself, as root. */
async function rootKey(s: LiveServer): Promise<Credentials> {
  const { accountId } = s.account;
  const ctx: CallContext = {
    requestId: 'test-root-key',
    now: new Date(),
    caller: { kind: 'root', accountId, arn: rootArn(accountId), userId: accountId, accessKeyId: '', temporary: false, context: {} },
    region: 'us-east-1',
    sourceIp: '127.0.0.1',
    userAgent: 'test',
    secureTransport: false,
  };
  const out = (await iamOperations.CreateAccessKey?.handle(new Input({}), { ctx, deps: s.runtime.iamDeps })) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
  return { accessKeyId: out.AccessKey.AccessKeyId, secretAccessKey: out.AccessKey.SecretAccessKey };
}

for (const { backend, skip } of backends()) {
  describe(`passwords and the password policy (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    const cliSkip = awsCliSkipReason();
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
    });
    after(() => s?.close());

    const userKeys = async (userName: string): Promise<Credentials> => {
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
      return { accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' };
    };

    test('no policy yet: Get and Delete answer NoSuchEntity; AWS’s default policy applies', async () => {
      const id = s.account.accountId;
      await rejects(iam.send(new GetAccountPasswordPolicyCommand({})), 'NoSuchEntityException', 404, new RegExp(`^The Password Policy with domain name ${id} cannot be found\\.$`));
      await rejects(iam.send(new DeleteAccountPasswordPolicyCommand({})), 'NoSuchEntityException', 404, /^The account policy with name PasswordPolicy cannot be found\.$/);
      await iam.send(new CreateUserCommand({ UserName: 'dflt' }));
      // The default policy: 8 characters, three of the four classes, not the account's name or email.
      for (const weak of ['Ab1!', 'lowercaseonly', 'lower-and-symbols', id, s.account.root.email]) {
        await rejects(iam.send(new CreateLoginProfileCommand({ UserName: 'dflt', Password: weak })), 'PasswordPolicyViolationException', 400, new RegExp(`^${esc(VIOLATION)}$`));
      }
      await rejects(iam.send(new GetLoginProfileCommand({ UserName: 'dflt' })), 'NoSuchEntityException', 404, /^Login Profile for User dflt cannot be found\.$/);
      const created = await iam.send(new CreateLoginProfileCommand({ UserName: 'dflt', Password: 'Passw0rds' }));
      assert.equal(created.LoginProfile?.UserName, 'dflt');
      assert.equal(created.LoginProfile?.PasswordResetRequired, false);
    });

    test('UpdateAccountPasswordPolicy replaces the whole policy; left-out members take their defaults', async () => {
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 10, RequireSymbols: true, MaxPasswordAge: 60, PasswordReusePrevention: 3, HardExpiry: true, AllowUsersToChangePassword: true, RequireNumbers: true, RequireLowercaseCharacters: true, RequireUppercaseCharacters: true }));
      const custom = (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
      assert.deepEqual(custom, {
        MinimumPasswordLength: 10,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true,
        ExpirePasswords: true,
        MaxPasswordAge: 60,
        PasswordReusePrevention: 3,
        HardExpiry: true,
      });
      await iam.send(new UpdateAccountPasswordPolicyCommand({}));
      const defaults = (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
      assert.deepEqual(defaults, {
        MinimumPasswordLength: 6,
        RequireSymbols: false,
        RequireNumbers: false,
        RequireUppercaseCharacters: false,
        RequireLowercaseCharacters: false,
        AllowUsersToChangePassword: false,
        ExpirePasswords: false,
      });
      // Out-of-range numbers are refused by the protocol layer, and change nothing.
      await rejects(iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 129, PasswordReusePrevention: 25, MaxPasswordAge: 1096 })), 'ValidationError', 400, /3 validation errors detected/);
      await rejects(iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 5 })), 'ValidationError', 400, /greater than or equal to 6/);
      assert.deepEqual((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, defaults);
      await iam.send(new DeleteAccountPasswordPolicyCommand({}));
      await rejects(iam.send(new GetAccountPasswordPolicyCommand({})), 'NoSuchEntityException', 404);
    });

    test('the CIS password policy set with the AWS CLI is enforced on every password set', { skip: cliSkip }, async () => {
      const set = await aws(s.url, s.admin, [
        'iam',
        'update-account-password-policy',
        '--minimum-password-length',
        '14',
        '--require-symbols',
        '--require-numbers',
        '--require-uppercase-characters',
        '--require-lowercase-characters',
        '--allow-users-to-change-password',
        '--max-password-age',
        '90',
        '--password-reuse-prevention',
        '24',
      ]);
      assert.equal(set.status, 0, set.stderr);
      const got = await aws(s.url, s.admin, ['iam', 'get-account-password-policy']);
      assert.equal(got.status, 0, got.stderr);
      assert.deepEqual(got.json, {
        PasswordPolicy: {
          MinimumPasswordLength: 14,
          RequireSymbols: true,
          RequireNumbers: true,
          RequireUppercaseCharacters: true,
          RequireLowercaseCharacters: true,
          AllowUsersToChangePassword: true,
          ExpirePasswords: true,
          MaxPasswordAge: 90,
          PasswordReusePrevention: 24,
        },
      });

      assert.equal((await aws(s.url, s.admin, ['iam', 'create-user', '--user-name', 'carol'])).status, 0);
      // Each rule on its own: too short, no uppercase, no lowercase, no number, no symbol.
      for (const weak of ['Short-9-Pass', 'correct-horse-9-battery', 'CORRECT-HORSE-9-BATTERY', 'Correct-Horse-N-Battery', 'CorrectHorse9Battery']) {
        const r = await aws(s.url, s.admin, ['iam', 'create-login-profile', '--user-name', 'carol', `--password=${weak}`, '--password-reset-required']);
        assert.notEqual(r.status, 0, weak);
        assert.match(r.stderr, new RegExp(`An error occurred \\(PasswordPolicyViolation\\) when calling the CreateLoginProfile operation(?: \\(reached max retries: \\d+\\))?: ${esc(VIOLATION)}`));
      }
      await rejects(iam.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: 'correct-horse-9-battery' })), 'PasswordPolicyViolationException', 400, new RegExp(`^${esc(VIOLATION)}$`));
      await rejects(iam.send(new GetLoginProfileCommand({ UserName: 'carol' })), 'NoSuchEntityException', 404);

      // "Must change password at next sign-in".
      const created = await aws(s.url, s.admin, ['iam', 'create-login-profile', '--user-name', 'carol', `--password=${P1}`, '--password-reset-required']);
      assert.equal(created.status, 0, created.stderr);
      const profile = (created.json as { LoginProfile: { UserName: string; CreateDate: string; PasswordResetRequired: boolean } }).LoginProfile;
      assert.equal(profile.UserName, 'carol');
      assert.equal(profile.PasswordResetRequired, true);
      assert.ok(Math.abs(Date.parse(profile.CreateDate) - Date.now()) < 60_000);
      const again = await aws(s.url, s.admin, ['iam', 'create-login-profile', '--user-name', 'carol', `--password=${P2}`]);
      assert.match(again.stderr, /\(EntityAlreadyExists\) when calling the CreateLoginProfile operation(?: \(reached max retries: \d+\))?: Login Profile for user carol already exists\./);
      const fetched = await iam.send(new GetLoginProfileCommand({ UserName: 'carol' }));
      assert.equal(fetched.LoginProfile?.PasswordResetRequired, true);
      assert.equal(fetched.LoginProfile?.CreateDate?.toISOString().slice(0, 19), profile.CreateDate.slice(0, 19));

      // Carol, with her own keys and no policy at all: AllowUsersToChangePassword lets her change it.
      const carol = await userKeys('carol');
      const change = (oldPassword: string, newPassword: string) => aws(s.url, carol, ['iam', 'change-password', `--old-password=${oldPassword}`, `--new-password=${newPassword}`]);
      const wrongOld = await change('Not-The-Password-1', P2);
      assert.match(wrongOld.stderr, /\(AccessDenied\) when calling the ChangePassword operation/);
      const weakNew = await change(P1, 'weak');
      assert.match(weakNew.stderr, new RegExp(`\\(PasswordPolicyViolation\\) when calling the ChangePassword operation(?: \\(reached max retries: \\d+\\))?: ${esc(VIOLATION)}`));
      const sameAgain = await change(P1, P1);
      assert.match(sameAgain.stderr, /\(PasswordPolicyViolation\)/, 'the current password is one of the last 24');
      const ok = await change(P1, P2);
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'carol' }))).LoginProfile?.PasswordResetRequired, false);
      // A password used before is refused (reuse prevention 24), through the CLI and the SDK, by the user and the admin.
      assert.match((await change(P2, P1)).stderr, /\(PasswordPolicyViolation\)/);
      await rejects(s.iam(carol).send(new ChangePasswordCommand({ OldPassword: P2, NewPassword: P1 })), 'PasswordPolicyViolationException', 400, new RegExp(`^${esc(VIOLATION)}$`));
      await rejects(iam.send(new UpdateLoginProfileCommand({ UserName: 'carol', Password: P1 })), 'PasswordPolicyViolationException', 400);
      // A new one is fine, and the old one no longer works.
      await s.iam(carol).send(new ChangePasswordCommand({ OldPassword: P2, NewPassword: P3 }));
      await rejects(s.iam(carol).send(new ChangePasswordCommand({ OldPassword: P2, NewPassword: 'Another-Fine-Pass-5' })), 'AccessDenied', 403);
      await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    });

    test('ChangePassword needs AllowUsersToChangePassword or iam:ChangePassword, and an explicit deny wins', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'dave' }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'dave', Password: 'Dave-Pass-0001' }));
      const dave = s.iam(await userKeys('dave'));
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, AllowUsersToChangePassword: false }));
      await rejects(
        dave.send(new ChangePasswordCommand({ OldPassword: 'Dave-Pass-0001', NewPassword: 'Dave-Pass-0002' })),
        'AccessDenied',
        403,
        new RegExp(`User: arn:aws:iam::${s.account.accountId}:user/dave is not authorized to perform: iam:ChangePassword on resource: user dave because no identity-based policy allows the iam:ChangePassword action`),
      );
      await rejects(dave.send(new GetAccountPasswordPolicyCommand({})), 'AccessDenied', 403);
      // The account setting grants both calls…
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, AllowUsersToChangePassword: true }));
      assert.equal((await dave.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy?.MinimumPasswordLength, 12);
      await dave.send(new ChangePasswordCommand({ OldPassword: 'Dave-Pass-0001', NewPassword: 'Dave-Pass-0002' }));
      // …but not over an explicit deny.
      await putUserPolicy(iam, 'dave', 'no-change', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:ChangePassword', Resource: '*' }] });
      await rejects(dave.send(new ChangePasswordCommand({ OldPassword: 'Dave-Pass-0002', NewPassword: 'Dave-Pass-0003' })), 'AccessDenied', 403, /with an explicit deny in an identity-based policy/);
      // The grant covers only the caller's own password: UpdateLoginProfile on himself still needs a policy.
      await rejects(dave.send(new UpdateLoginProfileCommand({ UserName: 'dave', Password: 'Dave-Pass-0004' })), 'AccessDenied', 403, /iam:UpdateLoginProfile/);
      // Without the account setting, an identity policy allows it.
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12 }));
      await iam.send(new CreateUserCommand({ UserName: 'erin' }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'erin', Password: 'Erin-Pass-0001' }));
      await putUserPolicy(iam, 'erin', 'self', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: 'arn:aws:iam::*:user/${aws:username}' }] });
      const erin = s.iam(await userKeys('erin'));
      await erin.send(new ChangePasswordCommand({ OldPassword: 'Erin-Pass-0001', NewPassword: 'Erin-Pass-0002' }));
      await rejects(erin.send(new ChangePasswordCommand({ OldPassword: 'Erin-Pass-0002', NewPassword: 'short' })), 'PasswordPolicyViolationException', 400);
      await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    });

    test('the root user and users without a password get AWS’s answers', async () => {
      const root = s.iam(await rootKey(s));
      await rejects(root.send(new ChangePasswordCommand({ OldPassword: s.account.root.password, NewPassword: 'Root-Pass-00001' })), 'InvalidUserTypeException', 400);
      await rejects(root.send(new GetLoginProfileCommand({})), 'ValidationError', 400, /Must specify userName when calling with non-User credentials/);
      await iam.send(new CreateUserCommand({ UserName: 'frank' }));
      const frank = s.iam(await userKeys('frank'));
      await iam.send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true }));
      await rejects(frank.send(new ChangePasswordCommand({ OldPassword: 'whatever1', NewPassword: 'Whatever-2' })), 'NoSuchEntityException', 404, /^Login Profile for User frank cannot be found\.$/);
      await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    });

    test('login profile lifecycle and errors: unknown users, missing profiles, DeleteUser conflicts', async () => {
      await rejects(iam.send(new CreateLoginProfileCommand({ UserName: 'nobody', Password: 'Good-Pass-123' })), 'NoSuchEntityException', 404, /^The user with name nobody cannot be found\.$/);
      await rejects(iam.send(new GetLoginProfileCommand({ UserName: 'nobody' })), 'NoSuchEntityException', 404, /^The user with name nobody cannot be found\.$/);
      await rejects(iam.send(new UpdateLoginProfileCommand({ UserName: 'nobody', PasswordResetRequired: true })), 'NoSuchEntityException', 404, /^The user with name nobody cannot be found\.$/);
      await rejects(iam.send(new DeleteLoginProfileCommand({ UserName: 'nobody' })), 'NoSuchEntityException', 404, /^The user with name nobody cannot be found\.$/);
      await iam.send(new CreateUserCommand({ UserName: 'gina' }));
      await rejects(iam.send(new UpdateLoginProfileCommand({ UserName: 'gina', PasswordResetRequired: true })), 'NoSuchEntityException', 404, /^Login Profile for User gina cannot be found\.$/);
      await rejects(iam.send(new DeleteLoginProfileCommand({ UserName: 'gina' })), 'NoSuchEntityException', 404, /^Login Profile for User gina cannot be found\.$/);
      // The user name is matched regardless of case; the profile reports the name as created.
      await iam.send(new CreateLoginProfileCommand({ UserName: 'GINA', Password: 'Gina-Pass-001' }));
      await rejects(iam.send(new CreateLoginProfileCommand({ UserName: 'gina', Password: 'Gina-Pass-002' })), 'EntityAlreadyExistsException', 409, /^Login Profile for user gina already exists\.$/);
      assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'Gina' }))).LoginProfile?.UserName, 'gina');
      await iam.send(new UpdateLoginProfileCommand({ UserName: 'gina', PasswordResetRequired: true }));
      assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'gina' }))).LoginProfile?.PasswordResetRequired, true);
      // A bad new password changes nothing.
      await rejects(iam.send(new UpdateLoginProfileCommand({ UserName: 'gina', Password: 'weak', PasswordResetRequired: false })), 'PasswordPolicyViolationException', 400);
      assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'gina' }))).LoginProfile?.PasswordResetRequired, true);
      await iam.send(new UpdateLoginProfileCommand({ UserName: 'gina', Password: 'Gina-Pass-003' }));
      assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'gina' }))).LoginProfile?.PasswordResetRequired, true, 'left out: unchanged');
      await rejects(iam.send(new DeleteUserCommand({ UserName: 'gina' })), 'DeleteConflictException', 409, /must delete login profile first/);
      await iam.send(new DeleteLoginProfileCommand({ UserName: 'gina' }));
      await rejects(iam.send(new GetLoginProfileCommand({ UserName: 'gina' })), 'NoSuchEntityException', 404, /^Login Profile for User gina cannot be found\.$/);
      await iam.send(new DeleteUserCommand({ UserName: 'gina' }));
      // A user without UserName asks about himself.
      await iam.send(new CreateUserCommand({ UserName: 'hank' }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'hank', Password: 'Hank-Pass-001', PasswordResetRequired: true }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'hank', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
      const hank = s.iam(await userKeys('hank'));
      assert.equal((await hank.send(new GetLoginProfileCommand({}))).LoginProfile?.UserName, 'hank');
    });

    test('enforcement: a user allowed only iam:GetLoginProfile on one user', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'ivy', Path: '/staff/' }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'ivy', Password: 'Ivy-Pass-0001' }));
      await iam.send(new CreateUserCommand({ UserName: 'jack' }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'jack', Password: 'Jack-Pass-0001' }));
      await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
      const arn = `arn:aws:iam::${s.account.accountId}:user/staff/ivy`;
      await putUserPolicy(iam, 'auditor', 'one', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetLoginProfile', Resource: arn }] });
      const auditor = s.iam(await userKeys('auditor'));
      assert.equal((await auditor.send(new GetLoginProfileCommand({ UserName: 'ivy' }))).LoginProfile?.UserName, 'ivy');
      await rejects(auditor.send(new GetLoginProfileCommand({ UserName: 'jack' })), 'AccessDenied', 403, /iam:GetLoginProfile on resource: user jack because/);
      await rejects(auditor.send(new UpdateLoginProfileCommand({ UserName: 'ivy', Password: 'Ivy-Pass-0002' })), 'AccessDenied', 403, /iam:UpdateLoginProfile on resource: user ivy because/);
      await rejects(auditor.send(new DeleteLoginProfileCommand({ UserName: 'ivy' })), 'AccessDenied', 403);
      await rejects(auditor.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 6 })), 'AccessDenied', 403, /iam:UpdateAccountPasswordPolicy on resource: \*/);
      assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'ivy' }))).LoginProfile?.UserName, 'ivy');
    });

    test('sign-in check: passwords, reset and expiry, throttling, lockout; the password is never logged', async () => {
      let now = Date.now();
      const logs: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
      const deps = { store: s.runtime.store, passwords: s.runtime.iamDeps.passwords, clock: { now: () => new Date(now) }, log: (level: string, msg: string, fields: Record<string, unknown>) => logs.push({ level, msg, fields }) };
      const checker = createSignInChecker(deps, { maxFailures: 3, lockoutMs: 60_000, baseDelayMs: 1000, maxDelayMs: 4000, maxFailuresPerAddress: 6, windowMs: 120_000 });
      const { accountId } = s.account;
      await iam.send(new CreateUserCommand({ UserName: 'kim' }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'kim', Password: 'Kim-Pass-00001', PasswordResetRequired: true }));
      const signIn = (userName: string | undefined, password: string, sourceIp = '192.0.2.10'): Promise<SignInResult> => checker.checkSignIn({ accountId, ...(userName !== undefined ? { userName } : {}), password, sourceIp });

      const first = await signIn('kim', 'Kim-Pass-00001');
      assert.ok(first.ok);
      assert.equal(first.principal.arn, `arn:aws:iam::${accountId}:user/kim`);
      assert.equal(first.mustChangePassword, true);
      assert.equal(first.why, 'reset-required');
      // The root user signs in with the password init gave it; never told to change it.
      const root = await signIn(undefined, s.account.root.password);
      assert.ok(root.ok);
      assert.equal(root.principal.kind, 'root');
      assert.equal(root.mustChangePassword, false);

      // A wrong password, an unknown user and a user without a password all look the same.
      assert.deepEqual(await signIn('kim', 'wrong-1'), { ok: false, reason: 'invalid-credentials' });
      assert.deepEqual(await signIn('nobody', 'wrong-1', '198.51.100.1'), { ok: false, reason: 'invalid-credentials' });
      // Right after a failure, the user must wait (1 s, then 2 s, …), even with the right password.
      const throttled = await signIn('kim', 'Kim-Pass-00001');
      assert.equal(throttled.ok, false);
      assert.equal(!throttled.ok && throttled.reason, 'throttled');
      assert.ok(!throttled.ok && (throttled.retryAfterMs ?? 0) > 0 && (throttled.retryAfterMs ?? 0) <= 1000);
      now += 1001;
      assert.deepEqual(await signIn('kim', 'wrong-2'), { ok: false, reason: 'invalid-credentials' });
      now += 1000;
      assert.equal((await signIn('kim', 'Kim-Pass-00001')).ok, false, 'the delay doubled to 2 s');
      now += 1001;
      // The third consecutive failure locks the user out, and the right password doesn't help until it ends.
      assert.deepEqual(await signIn('kim', 'wrong-3'), { ok: false, reason: 'invalid-credentials' });
      now += 10_000;
      const locked = await signIn('kim', 'Kim-Pass-00001');
      assert.equal(!locked.ok && locked.reason, 'locked');
      assert.ok(logs.some((l) => l.msg.includes('locked out')));
      now += 60_000;
      assert.equal((await signIn('kim', 'Kim-Pass-00001')).ok, true, 'the lockout ended; success resets the count');

      // One address guessing across many users is throttled after 6 failures in the window.
      for (let i = 0; i < 6; i++) assert.equal((await signIn(`guess${i}`, 'x', '203.0.113.5')).ok, false);
      const perAddress = await signIn('kim', 'Kim-Pass-00001', '203.0.113.5');
      assert.equal(!perAddress.ok && perAddress.reason, 'throttled');
      assert.equal((await signIn('kim', 'Kim-Pass-00001', '203.0.113.6')).ok, true, 'another address is not affected');
      now += 120_001;
      assert.equal((await signIn('kim', 'Kim-Pass-00001', '203.0.113.5')).ok, true, 'the window moved on');

      // Expiry: with MaxPasswordAge the password must be changed once it is older; with HardExpiry it can't be.
      await iam.send(new UpdateLoginProfileCommand({ UserName: 'kim', PasswordResetRequired: false }));
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 30 }));
      const fresh = await signIn('kim', 'Kim-Pass-00001');
      assert.ok(fresh.ok && !fresh.mustChangePassword);
      now += 31 * 24 * 3600 * 1000;
      const expired = await signIn('kim', 'Kim-Pass-00001');
      assert.ok(expired.ok && expired.mustChangePassword && expired.why === 'expired');
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 30, HardExpiry: true }));
      assert.deepEqual(await signIn('kim', 'Kim-Pass-00001'), { ok: false, reason: 'password-expired' });
      await iam.send(new DeleteAccountPasswordPolicyCommand({}));

      const secrets = ['Kim-Pass-00001', 'wrong-1', 'wrong-2', 'wrong-3', s.account.root.password];
      const logged = JSON.stringify(logs);
      for (const p of secrets) assert.equal(logged.includes(p), false, 'a password reached the log');
      assert.ok(logs.some((l) => l.msg === 'sign-in failed' && l.fields.userName === 'kim' && l.fields.sourceIp === '192.0.2.10'));
    });
  });
}
