/**
 * STS through the real AWS SDK v3 clients against a live server, on both storage backends: AssumeRole (trust
 * policies, external IDs, MFA, durations, chaining, session policies and tags, source identity, cross-account),
 * GetSessionToken (MFA sessions and the limits on session credentials), GetFederationToken, GetAccessKeyInfo,
 * DecodeAuthorizationMessage, expiry, revocation. The server runs on a test clock that the tests move (TOTP
 * codes are computed here from the device's seed).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  EnableMFADeviceCommand,
  GetRoleCommand,
  ListMFADevicesCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  AssumeRootCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetDelegatedAccessTokenCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  GetWebIdentityTokenCommand,
  type AssumeRoleCommandInput,
  type Credentials as StsCredentials,
  type STSClient,
} from '@aws-sdk/client-sts';
import { HOTP, Secret } from 'otpauth';
import { backends, startLiveServer, type Credentials, type LiveServer } from '../support/live-server.js';
import { TestClock } from '../support/test-clock.js';

const totp = (seed: string, step: number): string => HOTP.generate({ secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, counter: step });

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An AccessDenied message: AWS's text, then Gatehouse's encoded authorization failure message. */
const deniedMessage = (text: string): RegExp => new RegExp(`^${escape(text)} Encoded authorization failure message: \\S+$`);

async function rejects(p: Promise<unknown>, name: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: { name?: string; message?: string }) => {
    assert.equal(e.name, name, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message ?? '', message);
    return true;
  });
}

const doc = (statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const trust = (principal: object, extra: object = {}, actions: string | string[] = 'sts:AssumeRole'): string =>
  doc([{ Effect: 'Allow', Principal: principal, Action: actions, ...extra }]);

const creds = (c: StsCredentials | undefined): Credentials => ({ accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken ?? '' });

for (const { backend, skip } of backends()) {
  describe(`STS (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let sts: STSClient;
    let acct: string;
    const clock = new TestClock();

    /** A user with an inline policy (when given) and a key; returns its IAM and STS clients and its key. */
    async function user(name: string, statements?: object[]): Promise<{ iam: IAMClient; sts: STSClient; key: Credentials; arn: string }> {
      const u = await iam.send(new CreateUserCommand({ UserName: name }));
      if (statements) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc(statements) }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
      const key = { accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' };
      return { iam: s.iam(key), sts: s.sts(key), key, arn: u.User?.Arn ?? '' };
    }

    async function role(name: string, trustDoc: string, statements?: object[], opts: { MaxSessionDuration?: number; client?: IAMClient } = {}): Promise<string> {
      const client = opts.client ?? iam;
      const r = await client.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustDoc, ...(opts.MaxSessionDuration ? { MaxSessionDuration: opts.MaxSessionDuration } : {}) }));
      if (statements) await client.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: doc(statements) }));
      return r.Role?.Arn ?? '';
    }

    const assume = (client: STSClient, input: Partial<AssumeRoleCommandInput> & { RoleArn: string }) =>
      client.send(new AssumeRoleCommand({ RoleSessionName: 'sess', ...input }));

    /** A virtual MFA device enabled for `userName`; returns its serial and a function giving the next unused code. */
    async function mfaFor(userName: string): Promise<{ serial: string; next: () => string; wrong: () => string }> {
      const d = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `${userName}-phone` }))).VirtualMFADevice;
      const serial = d?.SerialNumber ?? '';
      const seed = Buffer.from(d?.Base32StringSeed ?? new Uint8Array()).toString('ascii');
      const step = clock.step();
      await iam.send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: serial, AuthenticationCode1: totp(seed, step), AuthenticationCode2: totp(seed, step + 1) }));
      return {
        serial,
        // Codes are single-use: each call moves the clock to a step no code was used in yet.
        next: () => {
          clock.advance(60_000);
          return totp(seed, clock.step());
        },
        wrong: () => {
          const c = totp(seed, clock.step());
          return c.slice(0, 5) + String((Number(c[5]) + 1) % 10);
        },
      };
    }

    before(async () => {
      s = await startLiveServer(backend, { clock });
      iam = s.iam();
      sts = s.sts();
      acct = s.account.accountId;
    });
    after(() => s?.close());

    test('AssumeRole: a trust policy naming the account needs an identity policy; one naming the user does not', async () => {
      const arn = await role('app', trust({ AWS: `arn:aws:iam::${acct}:root` }));
      const alice = await user('alice', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn }]);
      const bob = await user('bob');

      const r = await assume(alice.sts, { RoleArn: arn, RoleSessionName: 'alice-session' });
      const roleId = (await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role?.RoleId ?? '';
      assert.deepEqual(r.AssumedRoleUser, { AssumedRoleId: `${roleId}:alice-session`, Arn: `arn:aws:sts::${acct}:assumed-role/app/alice-session` });
      assert.match(r.Credentials?.AccessKeyId ?? '', /^ASIA[A-Z2-7]{16}$/);
      assert.equal(r.Credentials?.Expiration?.getTime(), clock.now().getTime() + 3600_000);
      assert.equal(r.PackedPolicySize, undefined);
      const who = await s.sts(creds(r.Credentials)).send(new GetCallerIdentityCommand({}));
      assert.deepEqual([who.Arn, who.UserId, who.Account], [`arn:aws:sts::${acct}:assumed-role/app/alice-session`, `${roleId}:alice-session`, acct]);
      // The roles family shows what AssumeRole recorded.
      const used = (await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role?.RoleLastUsed;
      assert.equal(used?.Region, 'us-east-1');
      assert.equal(used?.LastUsedDate?.getTime(), clock.now().getTime());

      await rejects(assume(bob.sts, { RoleArn: arn }), 'AccessDenied', deniedMessage(`User: ${bob.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`));
      const direct = await role('direct', trust({ AWS: bob.arn }));
      assert.equal((await assume(bob.sts, { RoleArn: direct })).AssumedRoleUser?.Arn, `arn:aws:sts::${acct}:assumed-role/direct/sess`);
      // A role that doesn't exist, and an ARN that isn't a role, are denied alike.
      const missing = `arn:aws:iam::${acct}:role/missing`;
      await rejects(assume(alice.sts, { RoleArn: missing }), 'AccessDenied', deniedMessage(`User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${missing}`));
      await rejects(assume(alice.sts, { RoleArn: alice.arn }), 'AccessDenied', deniedMessage(`User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${alice.arn}`));
      // The role's path is part of its ARN.
      await rejects(assume(alice.sts, { RoleArn: `arn:aws:iam::${acct}:role/other/app` }), 'AccessDenied');
      // A trust policy naming a service lets no user in.
      const svc = await role('svc', trust({ Service: 'ec2.amazonaws.com' }));
      await rejects(assume(s.sts(), { RoleArn: svc }), 'AccessDenied');
      // Input constraints come from the model.
      await rejects(assume(alice.sts, { RoleArn: arn, RoleSessionName: 'x' }), 'ValidationError', /roleSessionName/);
      await rejects(assume(alice.sts, { RoleArn: arn, RoleSessionName: 'bad name' }), 'ValidationError', /roleSessionName/);
    });

    test('AssumeRole: external ID and session-name conditions', async () => {
      const arn = await role('vendor', trust({ AWS: `arn:aws:iam::${acct}:root` }, { Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' }, StringLike: { 'sts:RoleSessionName': 'vendor-*' } } }));
      const admin = s.sts();
      await rejects(assume(admin, { RoleArn: arn, RoleSessionName: 'vendor-1' }), 'AccessDenied');
      await rejects(assume(admin, { RoleArn: arn, RoleSessionName: 'vendor-1', ExternalId: 'ext-999' }), 'AccessDenied');
      await rejects(assume(admin, { RoleArn: arn, RoleSessionName: 'other', ExternalId: 'ext-123' }), 'AccessDenied');
      assert.ok((await assume(admin, { RoleArn: arn, RoleSessionName: 'vendor-1', ExternalId: 'ext-123' })).Credentials);
      await rejects(assume(admin, { RoleArn: arn, RoleSessionName: 'vendor-1', ExternalId: 'x' }), 'ValidationError', /externalId/);
      // Context assertions of trusted context providers can't be verified here.
      await rejects(
        assume(admin, { RoleArn: arn, RoleSessionName: 'vendor-1', ExternalId: 'ext-123', ProvidedContexts: [{ ProviderArn: 'arn:aws:iam::aws:contextProvider/IdentityCenter', ContextAssertion: 'assertion' }] }),
        'InvalidContextAssertionException',
      );
    });

    test('AssumeRole: durations within the role maximum; role chaining capped at one hour', async () => {
      const short = await role('short', trust({ AWS: `arn:aws:iam::${acct}:root` }), [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
      const long = await role('long', trust({ AWS: `arn:aws:iam::${acct}:root` }), [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }], { MaxSessionDuration: 43_200 });
      await rejects(assume(sts, { RoleArn: short, DurationSeconds: 3601 }), 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      await rejects(assume(sts, { RoleArn: short, DurationSeconds: 899 }), 'ValidationError', /durationSeconds/);
      const r = await assume(sts, { RoleArn: long, DurationSeconds: 43_200 });
      assert.equal(r.Credentials?.Expiration?.getTime(), clock.now().getTime() + 43_200_000);
      const first = s.sts(creds(r.Credentials));
      await rejects(assume(first, { RoleArn: long, DurationSeconds: 7200 }), 'ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
      const chained = await assume(first, { RoleArn: short, RoleSessionName: 'chained', DurationSeconds: 3600 });
      assert.equal(chained.AssumedRoleUser?.Arn, `arn:aws:sts::${acct}:assumed-role/short/chained`);
      assert.equal(chained.Credentials?.Expiration?.getTime(), clock.now().getTime() + 3600_000);
    });

    test('AssumeRole: an MFA-protected role needs a valid code', async () => {
      const arn = await role('mfa-role', trust({ AWS: `arn:aws:iam::${acct}:root` }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }));
      const carol = await user('carol', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn }]);
      const mfa = await mfaFor('carol');
      await rejects(assume(carol.sts, { RoleArn: arn }), 'AccessDenied', deniedMessage(`User: ${carol.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`));
      await rejects(assume(carol.sts, { RoleArn: arn, SerialNumber: mfa.serial, TokenCode: mfa.wrong() }), 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
      const code = mfa.next();
      const r = await assume(carol.sts, { RoleArn: arn, SerialNumber: mfa.serial, TokenCode: code });
      assert.ok(r.Credentials?.SessionToken);
      // A code works once.
      await rejects(assume(carol.sts, { RoleArn: arn, SerialNumber: mfa.serial, TokenCode: code }), 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
      // Someone else's device doesn't count for carol.
      await user('dan');
      const other = await mfaFor('dan');
      await rejects(assume(carol.sts, { RoleArn: arn, SerialNumber: other.serial, TokenCode: other.next() }), 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
    });

    test('AssumeRole: a session policy narrows the role; managed policy ARNs too; PackedPolicySize', async () => {
      const arn = await role('reader', trust({ AWS: `arn:aws:iam::${acct}:root` }), [{ Effect: 'Allow', Action: ['iam:ListUsers', 'iam:ListRoles'], Resource: '*' }]);
      const wide = s.iam(creds((await assume(sts, { RoleArn: arn })).Credentials));
      await wide.send(new ListUsersCommand({}));
      await wide.send(new ListRolesCommand({}));
      const r = await assume(sts, { RoleArn: arn, Policy: doc([{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }]) });
      assert.ok((r.PackedPolicySize ?? 0) > 0 && (r.PackedPolicySize ?? 0) <= 100);
      const narrow = s.iam(creds(r.Credentials));
      await narrow.send(new ListRolesCommand({}));
      const sessionArn = `arn:aws:sts::${acct}:assumed-role/reader/sess`;
      await rejects(
        narrow.send(new ListUsersCommand({})),
        'AccessDenied',
        deniedMessage(`User: ${sessionArn} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${acct}:user/ because no session policy allows the iam:ListUsers action`),
      );
      // A managed policy as the session policy: IAMReadOnlyAccess allows ListRoles; the role's own policy still limits.
      const managed = s.iam(creds((await assume(sts, { RoleArn: arn, PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }] })).Credentials));
      await managed.send(new ListRolesCommand({}));
      await rejects(managed.send(new GetRoleCommand({ RoleName: 'reader' })), 'AccessDenied', /because no identity-based policy allows the iam:GetRole action/);

      await rejects(assume(sts, { RoleArn: arn, Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListRoles"}' }), 'MalformedPolicyDocumentException');
      await rejects(assume(sts, { RoleArn: arn, Policy: doc([{ Effect: 'Allow', Principal: '*', Action: 'iam:ListRoles', Resource: '*' }]) }), 'MalformedPolicyDocumentException');
      await rejects(assume(sts, { RoleArn: arn, Policy: doc([{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Sid: 'x'.repeat(2100) }]) }), 'ValidationError', /Member must have length less than or equal to 2048/);
      const eleven = Array.from({ length: 11 }, (_, i) => ({ arn: `arn:aws:iam::${acct}:policy/p${i}` }));
      await rejects(assume(sts, { RoleArn: arn, PolicyArns: eleven }), 'ValidationError', /Member must have length less than or equal to 10/);
      const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `key-${i}-${'k'.repeat(100)}`, Value: 'v'.repeat(256) }));
      const tagTrust = await role('tag-all', trust({ AWS: `arn:aws:iam::${acct}:root` }, {}, ['sts:AssumeRole', 'sts:TagSession']));
      await rejects(assume(sts, { RoleArn: tagTrust, Tags: fifty }), 'PackedPolicyTooLargeException', /^Packed size of session tags consumes \d+% of allotted space\.$/);
      const longArns = Array.from({ length: 10 }, (_, i) => ({ arn: `arn:aws:iam::${acct}:policy/${'p'.repeat(400)}/p${i}` }));
      await rejects(assume(sts, { RoleArn: arn, PolicyArns: longArns }), 'PackedPolicyTooLargeException', /^Packed policy consumes \d+% of allotted space, please use smaller policy\.$/);
    });

    test('AssumeRole: session tags drive an ABAC policy; sts:TagSession is required; transitive tags carry into chained sessions', async () => {
      const abac = [
        { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
        // Chaining with transitive tags sets tags on the next session: the role needs sts:TagSession too.
        { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' },
      ];
      const tagged = await role('tagged', trust({ AWS: `arn:aws:iam::${acct}:root` }, {}, ['sts:AssumeRole', 'sts:TagSession']), abac);
      const noTags = await role('no-tags', trust({ AWS: `arn:aws:iam::${acct}:root` }), abac);
      const blue = await assume(sts, { RoleArn: tagged, Tags: [{ Key: 'team', Value: 'blue' }], TransitiveTagKeys: ['team'] });
      assert.ok((blue.PackedPolicySize ?? 0) > 0);
      await s.iam(creds(blue.Credentials)).send(new ListUsersCommand({}));
      const red = await assume(sts, { RoleArn: tagged, Tags: [{ Key: 'team', Value: 'red' }] });
      await rejects(s.iam(creds(red.Credentials)).send(new ListUsersCommand({})), 'AccessDenied');
      await rejects(
        assume(sts, { RoleArn: noTags, Tags: [{ Key: 'team', Value: 'blue' }] }),
        'AccessDenied',
        deniedMessage(`User: arn:aws:iam::${acct}:user/admin is not authorized to perform: sts:TagSession on resource: ${noTags}`),
      );
      await rejects(
        assume(sts, { RoleArn: tagged, Tags: [{ Key: 'team', Value: 'a' }, { Key: 'TEAM', Value: 'b' }] }),
        'InvalidParameterValue',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
      await rejects(
        assume(sts, { RoleArn: tagged, Tags: [{ Key: 'team', Value: 'a' }], TransitiveTagKeys: ['project'] }),
        'InvalidParameterValue',
        'The specified transitive tag key must be included in the requested tags.',
      );

      // Chained from the blue session: the transitive tag comes along (and needs sts:TagSession), can't be overridden.
      const first = s.sts(creds(blue.Credentials));
      const chained = await assume(first, { RoleArn: tagged, RoleSessionName: 'chained' });
      await s.iam(creds(chained.Credentials)).send(new ListUsersCommand({}));
      await rejects(assume(first, { RoleArn: noTags, RoleSessionName: 'chained' }), 'AccessDenied', /sts:TagSession/);
      await rejects(
        assume(first, { RoleArn: tagged, Tags: [{ Key: 'TEAM', Value: 'red' }] }),
        'InvalidParameterValue',
        "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
      );
      // A non-transitive tag stays behind.
      const redFirst = s.sts(creds((await assume(sts, { RoleArn: tagged, Tags: [{ Key: 'team', Value: 'blue' }] })).Credentials));
      const untagged = await assume(redFirst, { RoleArn: tagged, RoleSessionName: 'untagged' });
      await rejects(s.iam(creds(untagged.Credentials)).send(new ListUsersCommand({})), 'AccessDenied');
    });

    test('AssumeRole: source identity needs sts:SetSourceIdentity and stays fixed along a chain', async () => {
      const arn = await role('audited', trust({ AWS: `arn:aws:iam::${acct}:root` }, {}, ['sts:AssumeRole', 'sts:SetSourceIdentity']), [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
      const plain = await role('plain', trust({ AWS: `arn:aws:iam::${acct}:root` }));
      const r = await assume(sts, { RoleArn: arn, SourceIdentity: 'alice@example.com' });
      assert.equal(r.SourceIdentity, 'alice@example.com');
      await rejects(assume(sts, { RoleArn: plain, SourceIdentity: 'alice' }), 'AccessDenied', /sts:SetSourceIdentity on resource/);
      const first = s.sts(creds(r.Credentials));
      await rejects(assume(first, { RoleArn: arn, SourceIdentity: 'mallory' }), 'ValidationError');
      const chained = await assume(first, { RoleArn: plain, RoleSessionName: 'next' });
      assert.equal(chained.SourceIdentity, 'alice@example.com');
      const trustOnId = await role('only-alice', trust({ AWS: `arn:aws:iam::${acct}:root` }, { Condition: { StringEquals: { 'sts:SourceIdentity': 'alice@example.com' } } }));
      await assume(first, { RoleArn: trustOnId });
      await rejects(assume(sts, { RoleArn: trustOnId }), 'AccessDenied');
    });

    test('GetSessionToken: durations, limits on the session, MFA unlocking the force-MFA policy', async () => {
      const forceMfa = [
        { Sid: 'AllowReadsAndSelfManagement', Effect: 'Allow', Action: ['iam:ListUsers', 'iam:ListMFADevices', 'sts:AssumeRole'], Resource: '*' },
        {
          Sid: 'BlockMostAccessUnlessSignedInWithMFA',
          Effect: 'Deny',
          NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice', 'sts:GetSessionToken'],
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ];
      const erin = await user('erin', forceMfa);
      const mfa = await mfaFor('erin');
      // Long-term keys: only MFA self-management.
      await erin.iam.send(new ListMFADevicesCommand({ UserName: 'erin' }));
      await rejects(erin.iam.send(new ListUsersCommand({})), 'AccessDenied', /with an explicit deny in an identity-based policy/);

      const plain = await erin.sts.send(new GetSessionTokenCommand({}));
      assert.equal(plain.Credentials?.Expiration?.getTime(), clock.now().getTime() + 43_200_000);
      const plainSts = s.sts(creds(plain.Credentials));
      assert.equal((await plainSts.send(new GetCallerIdentityCommand({}))).Arn, erin.arn);
      // Without MFA, IAM refuses the session's token altogether; STS allows only AssumeRole and GetCallerIdentity.
      await rejects(s.iam(creds(plain.Credentials)).send(new ListMFADevicesCommand({ UserName: 'erin' })), 'InvalidClientTokenId', 'The security token included in the request is invalid');
      await rejects(plainSts.send(new GetSessionTokenCommand({})), 'AccessDenied', 'Cannot call GetSessionToken with session credentials');
      await rejects(plainSts.send(new GetFederationTokenCommand({ Name: 'fed' })), 'AccessDenied', 'Cannot call GetFederationToken with session credentials');
      await rejects(plainSts.send(new GetAccessKeyInfoCommand({ AccessKeyId: erin.key.accessKeyId })), 'AccessDenied');

      await rejects(erin.sts.send(new GetSessionTokenCommand({ SerialNumber: mfa.serial, TokenCode: mfa.wrong() })), 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
      await rejects(erin.sts.send(new GetSessionTokenCommand({ DurationSeconds: 129_601 })), 'ValidationError', /durationSeconds/);
      const withMfa = await erin.sts.send(new GetSessionTokenCommand({ SerialNumber: mfa.serial, TokenCode: mfa.next(), DurationSeconds: 900 }));
      assert.equal(withMfa.Credentials?.Expiration?.getTime(), clock.now().getTime() + 900_000);
      const mfaIam = s.iam(creds(withMfa.Credentials));
      await mfaIam.send(new ListUsersCommand({}));
      await mfaIam.send(new ListMFADevicesCommand({ UserName: 'erin' }));
      // Still only what the user's policies allow.
      await rejects(mfaIam.send(new ListRolesCommand({})), 'AccessDenied', /because no identity-based policy allows the iam:ListRoles action/);
    });

    test('an expired session answers ExpiredToken', async () => {
      const arn = await role('brief', trust({ AWS: `arn:aws:iam::${acct}:root` }));
      // Issued 14 minutes "ago" for 15 minutes, then used 2 minutes from now: within SigV4's skew, past expiry.
      clock.advance(-14 * 60_000);
      const r = await assume(sts, { RoleArn: arn, DurationSeconds: 900 });
      const session = s.sts(creds(r.Credentials));
      await session.send(new GetCallerIdentityCommand({}));
      clock.advance(16 * 60_000);
      try {
        await rejects(session.send(new GetCallerIdentityCommand({})), 'ExpiredToken', 'The security token included in the request is expired');
      } finally {
        clock.advance(-2 * 60_000);
      }
    });

    test("a deleted role's sessions stop working, even when a role of the same name is created", async () => {
      const arn = await role('doomed', trust({ AWS: `arn:aws:iam::${acct}:root` }), [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }]);
      const session = s.iam(creds((await assume(sts, { RoleArn: arn })).Credentials));
      await session.send(new ListRolesCommand({}));
      await iam.send(new DeleteRolePolicyCommand({ RoleName: 'doomed', PolicyName: 'p' }));
      await iam.send(new DeleteRoleCommand({ RoleName: 'doomed' }));
      await rejects(session.send(new ListRolesCommand({})), 'InvalidClientTokenId');
      await role('doomed', trust({ AWS: `arn:aws:iam::${acct}:root` }), [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }]);
      await rejects(session.send(new ListRolesCommand({})), 'InvalidClientTokenId');
    });

    test('revoking active sessions (AWSRevokeOlderSessions) stops older sessions, not newer ones', async () => {
      const arn = await role('revocable', trust({ AWS: `arn:aws:iam::${acct}:root` }), [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }]);
      const old = s.iam(creds((await assume(sts, { RoleArn: arn })).Credentials));
      await old.send(new ListRolesCommand({}));
      clock.advance(2000);
      const now = clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
      // The policy the console's "Revoke active sessions" adds.
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: 'revocable',
          PolicyName: 'AWSRevokeOlderSessions',
          PolicyDocument: doc([{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': now } } }]),
        }),
      );
      await rejects(old.send(new ListRolesCommand({})), 'AccessDenied', /with an explicit deny in an identity-based policy/);
      clock.advance(2000);
      const fresh = s.iam(creds((await assume(sts, { RoleArn: arn })).Credentials));
      await fresh.send(new ListRolesCommand({}));
    });

    test('cross-account AssumeRole between accounts of one deployment: both sides must allow', async () => {
      const other = await s.createAccount();
      const otherIam = s.iam({ accessKeyId: other.admin.accessKeyId, secretAccessKey: other.admin.secretAccessKey });
      const cross = await role('cross', trust({ AWS: `arn:aws:iam::${acct}:root` }, { Condition: { StringEquals: { 'sts:ExternalId': 'partner-42' } } }), [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }], {
        client: otherIam,
      });
      assert.ok(cross.startsWith(`arn:aws:iam::${other.accountId}:role/`));
      const frank = await user('frank', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: cross }]);
      const gina = await user('gina');
      await rejects(assume(frank.sts, { RoleArn: cross }), 'AccessDenied', deniedMessage(`User: ${frank.arn} is not authorized to perform: sts:AssumeRole on resource: ${cross}`));
      const r = await assume(frank.sts, { RoleArn: cross, ExternalId: 'partner-42' });
      const session = s.sts(creds(r.Credentials));
      const who = await session.send(new GetCallerIdentityCommand({}));
      assert.deepEqual([who.Account, who.Arn], [other.accountId, `arn:aws:sts::${other.accountId}:assumed-role/cross/sess`]);
      // The session acts in the role's account with the role's permissions.
      const roles = await s.iam(creds(r.Credentials)).send(new ListRolesCommand({}));
      assert.ok(roles.Roles?.some((x) => x.RoleName === 'cross'));
      assert.ok(!roles.Roles?.some((x) => x.RoleName === 'app'));
      // No identity policy on the caller's side: denied, even with a trust policy naming the caller directly.
      await rejects(assume(gina.sts, { RoleArn: cross, ExternalId: 'partner-42' }), 'AccessDenied');
      const named = await role('names-gina', trust({ AWS: gina.arn }), undefined, { client: otherIam });
      await rejects(assume(gina.sts, { RoleArn: named }), 'AccessDenied');
      // The identity side alone isn't enough either.
      const closed = await role('closed', trust({ AWS: `arn:aws:iam::${other.accountId}:root` }), undefined, { client: otherIam });
      const hank = await user('hank', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
      await rejects(assume(hank.sts, { RoleArn: closed }), 'AccessDenied');

      // GetAccessKeyInfo: the account of a long-term key, a session key, and a key nobody here issued.
      assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: frank.key.accessKeyId }))).Account, acct);
      assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: r.Credentials?.AccessKeyId ?? '' }))).Account, other.accountId);
      assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: other.admin.accessKeyId }))).Account, other.accountId);
      assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'ASIAY34FZKBOKMUTVV7A' }))).Account, '609629065308');
      await rejects(gina.sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: frank.key.accessKeyId })), 'AccessDenied', /sts:GetAccessKeyInfo/);
    });

    test('MinimumSessionTokenSize pads the token; SessionTokenSize and SessionTokenUtilization describe it', async () => {
      const arn = await role('padded', trust({ AWS: `arn:aws:iam::${acct}:root` }), [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }]);
      const kit = await user('kit', [{ Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: '*' }]);
      const plain = await assume(sts, { RoleArn: arn });
      const plainSize = plain.Credentials?.SessionToken?.length ?? 0;
      assert.equal(plain.SessionTokenSize, plainSize);
      assert.ok((plain.SessionTokenUtilization ?? 0) >= 1 && (plain.SessionTokenUtilization ?? 0) <= 100);
      const calls = {
        AssumeRole: (n?: number) => assume(sts, { RoleArn: arn, ...(n !== undefined ? { MinimumSessionTokenSize: n } : {}) }),
        GetSessionToken: (n?: number) => kit.sts.send(new GetSessionTokenCommand({ ...(n !== undefined ? { MinimumSessionTokenSize: n } : {}) })),
        GetFederationToken: (n?: number) => kit.sts.send(new GetFederationTokenCommand({ Name: 'padded', Policy: doc([{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }]), ...(n !== undefined ? { MinimumSessionTokenSize: n } : {}) })),
      };
      for (const [name, call] of Object.entries(calls)) {
        const r = await call(4096);
        const size = r.Credentials?.SessionToken?.length ?? 0;
        assert.ok(size >= 4096 && size < 4200, `${name}: ${size}`);
        assert.equal(r.SessionTokenSize, size, name);
        assert.ok((r.SessionTokenUtilization ?? 0) > (plain.SessionTokenUtilization ?? 0), name);
        // The padded credentials work as any others.
        const who = await s.sts(creds(r.Credentials)).send(new GetCallerIdentityCommand({}));
        assert.equal(who.Account, acct, name);
        // 0 (or nothing) leaves the token as it is.
        assert.ok(((await call(0)).Credentials?.SessionToken?.length ?? 0) < 4096, name);
        await rejects(call(4097), 'ValidationError', /^1 validation error detected: Value '4097' at 'minimumSessionTokenSize' failed to satisfy constraint: Member must have value less than or equal to 4096$/);
        await rejects(call(-1), 'ValidationError', /Member must have value greater than or equal to 0$/);
      }
    });

    test('GetFederationToken: a federated user limited to GetCallerIdentity, with the passed policy and tags', async () => {
      const ivy = await user('ivy', [{ Effect: 'Allow', Action: ['sts:GetFederationToken', 'iam:ListUsers'], Resource: '*' }]);
      const r = await ivy.sts.send(
        new GetFederationTokenCommand({ Name: 'contractor', Policy: doc([{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }]), Tags: [{ Key: 'dept', Value: 'ops' }], DurationSeconds: 1800 }),
      );
      assert.deepEqual(r.FederatedUser, { FederatedUserId: `${acct}:contractor`, Arn: `arn:aws:sts::${acct}:federated-user/contractor` });
      assert.equal(r.Credentials?.Expiration?.getTime(), clock.now().getTime() + 1_800_000);
      assert.ok((r.PackedPolicySize ?? 0) > 0);
      const fed = s.sts(creds(r.Credentials));
      const who = await fed.send(new GetCallerIdentityCommand({}));
      assert.deepEqual([who.Arn, who.UserId], [`arn:aws:sts::${acct}:federated-user/contractor`, `${acct}:contractor`]);
      await rejects(s.iam(creds(r.Credentials)).send(new ListUsersCommand({})), 'InvalidClientTokenId');
      await rejects(fed.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${acct}:role/app`, RoleSessionName: 'xx' })), 'AccessDenied');
      await rejects(fed.send(new GetFederationTokenCommand({ Name: 'again' })), 'AccessDenied', 'Cannot call GetFederationToken with session credentials');
      // Default duration, and what the input model refuses.
      assert.equal((await ivy.sts.send(new GetFederationTokenCommand({ Name: 'default' }))).Credentials?.Expiration?.getTime(), clock.now().getTime() + 43_200_000);
      await rejects(ivy.sts.send(new GetFederationTokenCommand({ Name: 'x' })), 'ValidationError', /name/);
      await rejects(ivy.sts.send(new GetFederationTokenCommand({ Name: 'contractor', Policy: '{"Statement":' })), 'MalformedPolicyDocumentException');
      // Needs sts:GetFederationToken on the federated user's ARN.
      const jay = await user('jay');
      await rejects(jay.sts.send(new GetFederationTokenCommand({ Name: 'contractor' })), 'AccessDenied', /sts:GetFederationToken on resource: arn:aws:sts::\d{12}:federated-user\/contractor because/);
    });

    test('DecodeAuthorizationMessage decodes a real AccessDenied, for its own account only', async () => {
      const kim = await user('kim', [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }, { Effect: 'Deny', Action: 'iam:ListUsers', Resource: '*' }]);
      let message = '';
      await assert.rejects(kim.iam.send(new ListUsersCommand({})), (e: { message?: string }) => {
        message = e.message ?? '';
        return true;
      });
      const encoded = /Encoded authorization failure message: (\S+)$/.exec(message)?.[1] ?? '';
      assert.ok(encoded.length > 0, message);
      const decoded = JSON.parse((await sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }))).DecodedMessage ?? '{}') as {
        allowed: boolean;
        explicitDeny: boolean;
        matchedStatements: { items: { effect: string }[] };
        context: { principal: { arn: string }; action: string; resource: string; conditions: { items: { key: string; values: { items: { value: string }[] } }[] } };
      };
      assert.equal(decoded.allowed, false);
      assert.equal(decoded.explicitDeny, true);
      assert.deepEqual(decoded.matchedStatements.items.map((i) => i.effect), ['DENY']);
      assert.equal(decoded.context.principal.arn, kim.arn);
      assert.equal(decoded.context.action, 'iam:ListUsers');
      assert.equal(decoded.context.resource, `arn:aws:iam::${acct}:user/`);
      assert.deepEqual(decoded.context.conditions.items.find((c) => c.key === 'aws:RequestedRegion')?.values.items, [{ value: 'us-east-1' }]);

      // kim may not decode it; another account's admin can't; an altered message is refused.
      await rejects(kim.sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded })), 'AccessDenied', /sts:DecodeAuthorizationMessage/);
      const other = await s.createAccount();
      const otherSts = s.sts({ accessKeyId: other.admin.accessKeyId, secretAccessKey: other.admin.secretAccessKey });
      await rejects(otherSts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded })), 'InvalidAuthorizationMessageException');
      const tampered = encoded.slice(0, -4) + (encoded.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      await rejects(sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: tampered })), 'InvalidAuthorizationMessageException');
    });

    test('AssumeRoot, GetWebIdentityToken, GetDelegatedAccessToken in a standalone account', async () => {
      await rejects(sts.send(new AssumeRootCommand({ TargetPrincipal: acct, TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials' } })), 'AccessDenied', /sts:AssumeRoot/);
      await rejects(sts.send(new GetWebIdentityTokenCommand({ Audience: ['https://example.com'], SigningAlgorithm: 'RS256' })), 'OutboundWebIdentityFederationDisabledException');
      await rejects(sts.send(new GetDelegatedAccessTokenCommand({ TradeInToken: 'token' })), 'ExpiredTradeInTokenException', 'The trade-in token is expired or not valid.');
      // Authorization still comes first.
      const lee = await user('lee');
      await rejects(lee.sts.send(new GetWebIdentityTokenCommand({ Audience: ['https://example.com'], SigningAlgorithm: 'RS256' })), 'AccessDenied', /sts:GetWebIdentityToken/);
    });
  });
}
