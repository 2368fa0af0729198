/**
 * sts:GetScopedCredentials through the real AWS SDK v3 clients against a live server, on both storage
 * backends: the scoped credentials keep the calling session's identity, every scope-down policy of the chain
 * must allow each request (a recursive call narrows, never widens), the lifetime never outlasts the calling
 * session, only temporary credentials may call it, and bad input gets AWS's errors. The server runs on a test
 * clock that the tests move.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetScopedCredentialsCommand,
  GetSessionTokenCommand,
  type AssumeRoleCommandInput,
  type Credentials as StsCredentials,
  type GetScopedCredentialsCommandInput,
  type STSClient,
} from '@aws-sdk/client-sts';
import { rejects } from '../support/aws-errors.js';
import { backends, startLiveServer, type Credentials, type LiveServer } from '../support/live-server.js';
import { TestClock } from '../support/test-clock.js';

const doc = (statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], resource = '*'): object => ({ Effect: 'Allow', Action: action, Resource: resource });
const creds = (c: StsCredentials | undefined): Credentials => ({ accessKeyId: c?.AccessKeyId ?? '', secretAccessKey: c?.SecretAccessKey ?? '', sessionToken: c?.SessionToken ?? '' });

for (const { backend, skip } of backends()) {
  describe(`STS GetScopedCredentials (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let sts: STSClient;
    let acct: string;
    const clock = new TestClock();

    const trustAccount = (): string => doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }]);

    /** A role the account may assume, with these permissions; returns its ARN and ID. */
    async function role(name: string, statements: object[]): Promise<{ arn: string; id: string }> {
      const r = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustAccount() }));
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: doc(statements) }));
      return { arn: r.Role?.Arn ?? '', id: r.Role?.RoleId ?? '' };
    }

    /** A session of the role (the admin assumes it); returns its STS client and credentials. */
    async function session(roleArn: string, input: Partial<AssumeRoleCommandInput> = {}): Promise<{ sts: STSClient; creds: Credentials; expiration: number }> {
      const r = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'agent', ...input }));
      return { sts: s.sts(creds(r.Credentials)), creds: creds(r.Credentials), expiration: r.Credentials?.Expiration?.getTime() ?? 0 };
    }

    const scope = (client: STSClient, input: GetScopedCredentialsCommandInput) => client.send(new GetScopedCredentialsCommand(input));

    before(async () => {
      s = await startLiveServer(backend, { clock });
      iam = s.iam();
      sts = s.sts();
      acct = s.account.accountId;
    });
    after(() => s?.close());

    test("revoking a session's older tokens (aws:TokenIssueTime) revokes scoped credentials made from them later", async () => {
      const r0 = await role('revoked', [allow(['iam:ListRoles', 'sts:GetScopedCredentials'])]);
      const base = await session(r0.arn);
      const issued = clock.now().getTime();
      clock.advance(10_000);
      const scoped = s.iam(creds((await scope(base.sts, { Policy: doc([allow('iam:ListRoles')]) })).Credentials));
      await scoped.send(new ListRolesCommand({}));
      // The policy the console's "Revoke active sessions" adds: tokens issued before the cut-off are denied.
      const cutoff = new Date(issued + 5_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: 'revoked',
          PolicyName: 'AWSRevokeOlderSessions',
          PolicyDocument: doc([{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } } }]),
        }),
      );
      await rejects(scoped.send(new ListRolesCommand({})), 'AccessDenied', 403, /with an explicit deny in an identity-based policy/);
      await rejects(s.iam(base.creds).send(new ListRolesCommand({})), 'AccessDenied', 403, /with an explicit deny in an identity-based policy/);
    });

    test('a trust policy that names the session, or everyone, does not let scoped credentials out of their scope', async () => {
      const r0 = await role('escaper', [allow(['sts:AssumeRole', 'sts:GetScopedCredentials', 'iam:ListRoles'])]);
      const base = await session(r0.arn);
      const sessionArn = `arn:aws:sts::${acct}:assumed-role/escaper/agent`;
      const targets: [string, object][] = [
        ['admin-by-session', { AWS: sessionArn }],
        ['admin-by-anyone', { AWS: '*' }],
      ];
      for (const [name, principal] of targets) {
        const t = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }]) }));
        const arn = t.Role?.Arn ?? '';
        // The unscoped session may assume it: the trust policy grants on its own within the account.
        await base.sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'xx' }));
        const scoped = await scope(base.sts, { Policy: doc([allow('iam:ListRoles')]) });
        await rejects(
          s.sts(creds(scoped.Credentials)).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'xx' })),
          'AccessDenied',
          403,
          new RegExp(`^User: ${sessionArn.replace(/[/]/g, '\\/')} is not authorized to perform: sts:AssumeRole on resource: ${arn.replace(/[/]/g, '\\/')}`),
        );
      }
    });

    test('the scoped credentials keep the identity and expiry of the session; the scope-down policy narrows it', async () => {
      const r0 = await role('worker', [allow(['iam:ListRoles', 'iam:ListUsers', 'iam:GetRole', 'sts:GetScopedCredentials'])]);
      const base = await session(r0.arn, { DurationSeconds: 1800 });
      const arn = `arn:aws:sts::${acct}:assumed-role/worker/agent`;
      const r = await scope(base.sts, { Policy: doc([allow(['iam:ListRoles', 'iam:GetRole'])]) });
      assert.deepEqual(r.SessionInfo, { ScopedSessionId: `${r0.id}:agent`, Arn: arn });
      assert.equal(r.ScopedPoliciesCount, 1);
      assert.equal(r.SourceIdentity, undefined);
      assert.match(r.Credentials?.AccessKeyId ?? '', /^ASIA[A-Z2-7]{16}$/);
      assert.notEqual(r.Credentials?.AccessKeyId, base.creds.accessKeyId);
      // No DurationSeconds: the calling session's expiration.
      assert.equal(r.Credentials?.Expiration?.getTime(), base.expiration);
      assert.equal(r.SessionTokenSize, r.Credentials?.SessionToken?.length);
      assert.ok((r.SessionTokenUtilization ?? 0) > 0 && (r.SessionTokenUtilization ?? 0) <= 100, String(r.SessionTokenUtilization));

      const scoped = creds(r.Credentials);
      const who = await s.sts(scoped).send(new GetCallerIdentityCommand({}));
      assert.deepEqual([who.Arn, who.UserId, who.Account], [arn, `${r0.id}:agent`, acct]);
      const scopedIam = s.iam(scoped);
      assert.ok((await scopedIam.send(new ListRolesCommand({}))).Roles?.some((x) => x.RoleName === 'worker'));
      await rejects(
        scopedIam.send(new ListUsersCommand({})),
        'AccessDenied',
        403,
        `User: ${arn} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${acct}:user/ because no session policy allows the iam:ListUsers action`,
      );
      // The calling session keeps its own permissions.
      await s.iam(base.creds).send(new ListUsersCommand({}));
      // Calling GetScopedCredentials needs sts:GetScopedCredentials, which this scope-down policy doesn't allow.
      await rejects(
        scope(s.sts(scoped), { DurationSeconds: 60 }),
        'AccessDenied',
        403,
        `User: ${arn} is not authorized to perform: sts:GetScopedCredentials on resource: ${arn} because no session policy allows the sts:GetScopedCredentials action`,
      );
    });

    test('a recursive call narrows further and cannot widen; at most three scope-down policies', async () => {
      const r0 = await role('orchestrator', [allow(['iam:ListRoles', 'iam:ListUsers', 'iam:GetRole', 'sts:GetScopedCredentials'])]);
      const base = await session(r0.arn);
      const first = await scope(base.sts, { Policy: doc([allow(['iam:ListRoles', 'iam:GetRole', 'sts:GetScopedCredentials'])]) });
      // The second asks for ListUsers (which the first layer doesn't allow) and drops GetRole.
      const second = await scope(s.sts(creds(first.Credentials)), { Policy: doc([allow(['iam:ListRoles', 'iam:ListUsers', 'sts:GetScopedCredentials'])]) });
      assert.equal(second.ScopedPoliciesCount, 2);
      const narrow = s.iam(creds(second.Credentials));
      await narrow.send(new ListRolesCommand({}));
      await rejects(narrow.send(new ListUsersCommand({})), 'AccessDenied', 403, /because no session policy allows the iam:ListUsers action /);
      await rejects(narrow.send(new GetRoleCommand({ RoleName: 'orchestrator' })), 'AccessDenied', 403, /because no session policy allows the iam:GetRole action /);
      // The first credentials are untouched by the second call.
      await s.iam(creds(first.Credentials)).send(new GetRoleCommand({ RoleName: 'orchestrator' }));

      // A third layer is allowed; a fourth policy is denied, while a shorter duration alone still works.
      const third = await scope(s.sts(creds(second.Credentials)), { Policy: doc([allow(['iam:ListRoles', 'sts:GetScopedCredentials'])]) });
      assert.equal(third.ScopedPoliciesCount, 3);
      const thirdSts = s.sts(creds(third.Credentials));
      await rejects(scope(thirdSts, { Policy: doc([allow('iam:ListRoles')]) }), 'AccessDenied', 403, /maximum of 3 scope down policies/);
      const shorter = await scope(thirdSts, { DurationSeconds: 600 });
      assert.equal(shorter.ScopedPoliciesCount, 3);
      assert.equal(shorter.Credentials?.Expiration?.getTime(), clock.now().getTime() + 600_000);
      await s.iam(creds(shorter.Credentials)).send(new ListRolesCommand({}));
      await rejects(s.iam(creds(shorter.Credentials)).send(new ListUsersCommand({})), 'AccessDenied', 403);
    });

    test('an explicit deny in a scope-down policy denies, and the encoded message says which policy', async () => {
      const r0 = await role('denier', [allow(['iam:*', 'sts:GetScopedCredentials'])]);
      const base = await session(r0.arn);
      const r = await scope(base.sts, { Policy: doc([allow('iam:*'), { Sid: 'NoUsers', Effect: 'Deny', Action: 'iam:ListUsers', Resource: '*' }]) });
      const arn = `arn:aws:sts::${acct}:assumed-role/denier/agent`;
      let message = '';
      await assert.rejects(s.iam(creds(r.Credentials)).send(new ListUsersCommand({})), (e: { name?: string; message?: string }) => {
        assert.equal(e.name, 'AccessDenied');
        message = e.message ?? '';
        return true;
      });
      assert.match(message, new RegExp(`^User: ${arn.replace(/[/]/g, '\\/')} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${acct}:user/ with an explicit deny in a session policy `));
      const encoded = /Encoded authorization failure message: (\S+)$/.exec(message)?.[1] ?? '';
      const decoded = JSON.parse((await sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }))).DecodedMessage ?? '{}') as {
        explicitDeny: boolean;
        matchedStatements: { items: { effect: string; policyType: string; policyName?: string; statementId?: string }[] };
      };
      assert.equal(decoded.explicitDeny, true);
      assert.deepEqual(
        decoded.matchedStatements.items.filter((i) => i.effect === 'DENY'),
        [{ statementId: 'NoUsers', effect: 'DENY', policyType: 'Session Policy', policyName: 'scope-down policy 1', statementIndex: 1 }],
      );
    });

    test('DurationSeconds: a shorter life is honoured; a longer one than the session has left is refused', async () => {
      const r0 = await role('timed', [allow(['iam:ListRoles', 'sts:GetScopedCredentials'])]);
      const base = await session(r0.arn, { DurationSeconds: 900 });
      await rejects(
        scope(base.sts, { DurationSeconds: 901 }),
        'InsufficientSessionLifetimeException',
        400,
        'The requested DurationSeconds exceeds the remaining lifetime of the calling session.',
      );
      const exact = await scope(base.sts, { DurationSeconds: 900 });
      assert.equal(exact.Credentials?.Expiration?.getTime(), base.expiration);
      assert.equal(exact.ScopedPoliciesCount, 0);
      // Issued 2 minutes "ago" for one minute: expired now, though within SigV4's clock skew.
      clock.advance(-120_000);
      const brief = await scope(base.sts, { DurationSeconds: 60 });
      assert.equal(brief.Credentials?.Expiration?.getTime(), clock.now().getTime() + 60_000);
      const briefIam = s.iam(creds(brief.Credentials));
      await briefIam.send(new ListRolesCommand({}));
      clock.advance(120_000);
      await rejects(briefIam.send(new ListRolesCommand({})), 'ExpiredToken', 403, 'The security token included in the request is expired');
      // The calling session lives on.
      await s.iam(base.creds).send(new ListRolesCommand({}));
    });

    test('session tags, source identity and the session policy carry over', async () => {
      const r0 = await role('tagged', [
        { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue', 'aws:SourceIdentity': 'alice' } } },
        allow(['iam:ListRoles', 'sts:GetScopedCredentials']),
      ]);
      const base = await session(r0.arn, { Tags: [{ Key: 'team', Value: 'blue' }], SourceIdentity: 'alice', Policy: doc([allow(['iam:ListUsers', 'sts:GetScopedCredentials'])]) });
      const r = await scope(base.sts, { Policy: doc([allow(['iam:ListUsers', 'iam:ListRoles'])]) });
      assert.equal(r.SourceIdentity, 'alice');
      const scopedIam = s.iam(creds(r.Credentials));
      await scopedIam.send(new ListUsersCommand({}));
      // The session policy passed to AssumeRole still limits the scoped credentials.
      await rejects(scopedIam.send(new ListRolesCommand({})), 'AccessDenied', 403, /because no session policy allows the iam:ListRoles action /);
    });

    test('GetSessionToken and GetFederationToken sessions may call it; long-term credentials may not', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'dev' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'p', PolicyDocument: doc([allow(['sts:GetScopedCredentials', 'sts:GetFederationToken', 'iam:ListUsers'])]) }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey;
      const devSts = s.sts({ accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' });
      const devArn = `arn:aws:iam::${acct}:user/dev`;
      await rejects(scope(devSts, { DurationSeconds: 60 }), 'InvalidSubjectCredentialsException', 400, 'GetScopedCredentials can only be called with temporary security credentials.');
      await rejects(scope(sts, { DurationSeconds: 60 }), 'InvalidSubjectCredentialsException', 400);

      const gst = await devSts.send(new GetSessionTokenCommand({}));
      const r = await scope(s.sts(creds(gst.Credentials)), { Policy: doc([allow('iam:ListUsers')]), DurationSeconds: 300 });
      assert.deepEqual(r.SessionInfo?.Arn, devArn);
      assert.equal((await s.sts(creds(r.Credentials)).send(new GetCallerIdentityCommand({}))).Arn, devArn);
      // Still a GetSessionToken session: IAM without MFA refuses its token.
      await rejects(s.iam(creds(r.Credentials)).send(new ListUsersCommand({})), 'InvalidClientTokenId', 403);

      const fed = await devSts.send(new GetFederationTokenCommand({ Name: 'contractor', Policy: doc([allow('*')]) }));
      const fr = await scope(s.sts(creds(fed.Credentials)), { DurationSeconds: 300 });
      assert.deepEqual(fr.SessionInfo, { ScopedSessionId: `${acct}:contractor`, Arn: `arn:aws:sts::${acct}:federated-user/contractor` });
      // The federated user's own permissions come from dev's policy: no sts:GetScopedCredentials there → denied.
      await iam.send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'p', PolicyDocument: doc([allow(['sts:GetFederationToken', 'iam:ListUsers'])]) }));
      await rejects(scope(s.sts(creds(fed.Credentials)), { DurationSeconds: 300 }), 'AccessDenied', 403, /sts:GetScopedCredentials on resource: arn:aws:sts::\d{12}:federated-user\/contractor because no identity-based policy allows/);
    });

    test('MinimumSessionTokenSize pads the token; the padded credentials work', async () => {
      const r0 = await role('padded', [allow(['iam:ListRoles', 'sts:GetScopedCredentials'])]);
      const base = await session(r0.arn);
      const plain = await scope(base.sts, { DurationSeconds: 300, MinimumSessionTokenSize: 0 });
      assert.ok((plain.SessionTokenSize ?? 0) < 4096);
      const r = await scope(base.sts, { DurationSeconds: 300, MinimumSessionTokenSize: 4096 });
      const size = r.Credentials?.SessionToken?.length ?? 0;
      assert.ok(size >= 4096 && size < 4200, String(size));
      assert.equal(r.SessionTokenSize, size);
      assert.ok((r.SessionTokenUtilization ?? 0) > (plain.SessionTokenUtilization ?? 0));
      await s.iam(creds(r.Credentials)).send(new ListRolesCommand({}));
    });

    test('validation: members out of range, no Policy or DurationSeconds, malformed policies', async () => {
      const r0 = await role('validated', [allow(['iam:ListRoles', 'sts:GetScopedCredentials'])]);
      const base = (await session(r0.arn)).sts;
      const policy = doc([allow('iam:ListRoles')]);
      await rejects(scope(base, { DurationSeconds: 0 }), 'ValidationError', 400, "1 validation error detected: Value '0' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 1");
      await rejects(scope(base, { DurationSeconds: 129_601 }), 'ValidationError', 400, /Member must have value less than or equal to 129600$/);
      await rejects(scope(base, { DurationSeconds: 1.5 }), 'ValidationError', 400, "Invalid value '1.5' for parameter DurationSeconds: expected an integer");
      await rejects(scope(base, { Policy: policy, MinimumSessionTokenSize: 4097 }), 'ValidationError', 400, /'minimumSessionTokenSize' failed to satisfy constraint: Member must have value less than or equal to 4096$/);
      await rejects(
        scope(base, { Policy: policy, ScopedSessionDescription: 'd'.repeat(257), DurationSeconds: -1 }),
        'ValidationError',
        400,
        /^2 validation errors detected: Value '-1' at 'durationSeconds' .*; Value 'd{257}' at 'scopedSessionDescription' failed to satisfy constraint: Member must have length less than or equal to 256$/,
      );
      await rejects(scope(base, { Policy: doc([{ ...allow('iam:ListRoles'), Sid: 'x'.repeat(2100) }]) }), 'ValidationError', 400, /at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048$/);
      await rejects(scope(base, { Policy: doc([{ ...allow('iam:ListRoles'), Sid: 'Ω' }]) }), 'ValidationError', 400, /Member must satisfy regular expression pattern/);
      await rejects(scope(base, {}), 'ValidationError', 400, 'A request must provide at least one of Policy or DurationSeconds.');
      await rejects(scope(base, { ScopedSessionDescription: 'sub-agent' }), 'ValidationError', 400);
      await rejects(scope(base, { Policy: '{"Version":"2012-10-17","Statement":' }), 'MalformedPolicyDocumentException', 400);
      await rejects(scope(base, { Policy: doc([{ ...allow('iam:ListRoles'), Principal: '*' }]) }), 'MalformedPolicyDocumentException', 400);
      // A description within its limit is accepted, and the audit trail records it with the call.
      assert.equal((await scope(base, { Policy: policy, ScopedSessionDescription: 'sub-agent: list roles', DurationSeconds: 120 })).ScopedPoliciesCount, 1);
      await s.runtime.audit.flush();
      const events = await s.runtime.store.listEvents({ accountId: acct, limit: 20 });
      const logged = events.map((e) => e.body as { eventName?: string; requestParameters?: Record<string, unknown>; errorCode?: string }).find((b) => b.eventName === 'GetScopedCredentials' && !b.errorCode);
      assert.deepEqual(logged?.requestParameters, { policy, durationSeconds: 120, scopedSessionDescription: 'sub-agent: list roles' });
    });
  });
}
