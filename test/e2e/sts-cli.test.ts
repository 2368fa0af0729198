/**
 * STS through the AWS CLI v2 and the SDK's own credential providers, as users configure them: `aws sts
 * assume-role`, and a shared config file whose profile assumes a role from a source profile (`role_arn` +
 * `source_profile`), read by the CLI and by the SDK v3 `fromIni` provider.
 *
 * The CLI's assume-role credential provider builds its own STS client, which `--endpoint-url` doesn't reach
 * (and CLI 2.9 has no `endpoint_url` setting): the test points it at the server with an STS endpoint rule set
 * in AWS_DATA_PATH, the data directory botocore searches before its own.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import { awsAsync, awsCliSkipReason } from '../support/aws-cli.js';
import { backends, startLiveServer, type Credentials, type LiveServer } from '../support/live-server.js';

const doc = (statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** An STS endpoint rule set that sends every request to `url`. */
function stsRuleSet(url: string): string {
  return JSON.stringify({
    version: '1.0',
    parameters: { Region: { builtIn: 'AWS::Region', required: false, documentation: 'The region.', type: 'String' } },
    rules: [{ conditions: [], endpoint: { url, properties: {}, headers: {} }, type: 'endpoint' }],
  });
}

const cliSkip = awsCliSkipReason();

for (const { backend, skip } of backends()) {
  describe(`STS with the AWS CLI and credential providers (${backend})`, { skip: skip ?? cliSkip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let acct: string;
    let dir: string;
    let roleArn: string;
    let source: Credentials;

    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      acct = s.account.accountId;
      dir = mkdtempSync(join(tmpdir(), 'gatehouse-sts-cli-'));
      const r = await iam.send(
        new CreateRoleCommand({
          RoleName: 'deployer',
          AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'cli-ext' } } }]),
        }),
      );
      roleArn = r.Role?.Arn ?? '';
      await iam.send(new CreateUserCommand({ UserName: 'operator' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'operator', PolicyName: 'assume', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }]) }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'operator' }))).AccessKey;
      source = { accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' };

      const data = join(dir, 'data', 'sts', '2011-06-15');
      mkdirSync(data, { recursive: true });
      writeFileSync(join(data, 'endpoint-rule-set-1.json'), stsRuleSet(s.url));
      writeFileSync(
        join(dir, 'config'),
        [
          '[profile source]',
          `aws_access_key_id = ${source.accessKeyId}`,
          `aws_secret_access_key = ${source.secretAccessKey}`,
          'region = us-east-1',
          '',
          '[profile deploy]',
          `role_arn = ${roleArn}`,
          'source_profile = source',
          'role_session_name = from-profile',
          'external_id = cli-ext',
          'region = us-east-1',
          '',
          '[profile no-external-id]',
          `role_arn = ${roleArn}`,
          'source_profile = source',
          'region = us-east-1',
          '',
        ].join('\n'),
      );
    });
    after(async () => {
      await s?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('aws sts assume-role, then the credentials it printed', async () => {
      const r = await awsAsync(s.url, source, ['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'cli', '--external-id', 'cli-ext', '--duration-seconds', '1800']);
      assert.equal(r.status, 0, r.stderr);
      const out = r.json as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string }; AssumedRoleUser: { Arn: string; AssumedRoleId: string } };
      assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${acct}:assumed-role/deployer/cli`);
      assert.match(out.AssumedRoleUser.AssumedRoleId, /^AROA[A-Z2-7]{17}:cli$/);
      const expires = Date.parse(out.Credentials.Expiration) - Date.now();
      assert.ok(expires > 1700_000 && expires <= 1800_000, String(expires));
      const who = await awsAsync(s.url, { accessKeyId: out.Credentials.AccessKeyId, secretAccessKey: out.Credentials.SecretAccessKey, sessionToken: out.Credentials.SessionToken }, ['sts', 'get-caller-identity']);
      assert.equal(who.status, 0, who.stderr);
      assert.equal((who.json as { Arn: string }).Arn, `arn:aws:sts::${acct}:assumed-role/deployer/cli`);

      const denied = await awsAsync(s.url, source, ['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'cli']);
      assert.equal(denied.status, 254);
      assert.match(denied.stderr, /An error occurred \(AccessDenied\) when calling the AssumeRole operation(?: \(reached max retries: \d+\))?: User: arn:aws:iam::\d{12}:user\/operator is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\d{12}:role\/deployer/);
    });

    test('a profile with role_arn + source_profile: the CLI assumes the role itself', async () => {
      const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_DATA_PATH: join(dir, 'data') };
      // The explicit profile wins over the environment's keys, which are only placeholders here.
      const placeholder = { accessKeyId: 'AKIAPLACEHOLDER00000', secretAccessKey: 'placeholder' };
      const r = await awsAsync(s.url, placeholder, ['--profile', 'deploy', 'sts', 'get-caller-identity'], env);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.json, { UserId: (r.json as { UserId: string }).UserId, Account: acct, Arn: `arn:aws:sts::${acct}:assumed-role/deployer/from-profile` });
      assert.match((r.json as { UserId: string }).UserId, /^AROA[A-Z2-7]{17}:from-profile$/);
      // Without the external ID the trust policy refuses, and the CLI says so.
      const refused = await awsAsync(s.url, placeholder, ['--profile', 'no-external-id', 'sts', 'get-caller-identity'], env);
      assert.notEqual(refused.status, 0);
      assert.match(refused.stderr, /AccessDenied/);
    });

    test('the SDK v3 fromIni provider assumes the role of the same profile', async () => {
      const credentials = fromIni({ profile: 'deploy', configFilepath: join(dir, 'config'), filepath: join(dir, 'no-credentials'), clientConfig: { endpoint: s.url, region: 'us-east-1' } });
      const client = new STSClient({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1 });
      try {
        const who = await client.send(new GetCallerIdentityCommand({}));
        assert.equal(who.Arn, `arn:aws:sts::${acct}:assumed-role/deployer/from-profile`);
        assert.equal(who.Account, acct);
        const resolved = await credentials();
        assert.match(resolved.accessKeyId, /^ASIA/);
        assert.ok(resolved.expiration && resolved.expiration.getTime() > Date.now());
      } finally {
        client.destroy();
      }
      const refused = fromIni({ profile: 'no-external-id', configFilepath: join(dir, 'config'), filepath: join(dir, 'no-credentials'), clientConfig: { endpoint: s.url, region: 'us-east-1' } });
      await assert.rejects(refused(), (e: { name?: string }) => e.name === 'AccessDenied');
    });
  });
}
