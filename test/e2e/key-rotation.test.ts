/**
 * Access key rotation as the seeds describe it, done by the user himself with the AWS CLI v2 under seed 004's
 * "Manage Own Access Keys" policy: create a second key, switch to it, deactivate the old one (now refused),
 * delete it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { awsAsync, awsCliSkipReason } from '../support/aws-cli.js';
import { backends, startLiveServer, type Credentials, type LiveServer } from '../support/live-server.js';

for (const { backend, skip } of backends()) {
  describe(`access key rotation with the AWS CLI v2 (${backend})`, { skip: skip ?? awsCliSkipReason() }, () => {
    let s: LiveServer;
    before(async () => {
      s = await startLiveServer(backend);
    });
    after(() => s?.close());

    test('create a second key, switch, deactivate the old one, delete it', async () => {
      const iam = s.iam();
      const account = s.account.accountId;
      await iam.send(new CreateUserCommand({ UserName: 'rotator' }));
      await iam.send(
        new PutUserPolicyCommand({
          UserName: 'rotator',
          PolicyName: 'ManageOwnAccessKeys',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Sid: 'AllowListUsers', Effect: 'Allow', Action: ['iam:ListUsers'], Resource: [`arn:aws:iam::${account}:user/*`] },
              { Sid: 'OwnKeys', Effect: 'Allow', Action: ['iam:ListAccessKeys', 'iam:CreateAccessKey', 'iam:UpdateAccessKey', 'iam:DeleteAccessKey'], Resource: [`arn:aws:iam::${account}:user/\${aws:username}`] },
            ],
          }),
        }),
      );
      const k1 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'rotator' }))).AccessKey;
      const old: Credentials = { accessKeyId: k1?.AccessKeyId ?? '', secretAccessKey: k1?.SecretAccessKey ?? '' };

      const created = await awsAsync(s.url, old, ['iam', 'create-access-key']);
      assert.equal(created.status, 0, created.stderr);
      const k2 = (created.json as { AccessKey: { AccessKeyId: string; SecretAccessKey: string; UserName: string } }).AccessKey;
      assert.equal(k2.UserName, 'rotator');
      const fresh: Credentials = { accessKeyId: k2.AccessKeyId, secretAccessKey: k2.SecretAccessKey };

      const listed = await awsAsync(s.url, fresh, ['iam', 'list-access-keys']);
      assert.equal(listed.status, 0, listed.stderr);
      assert.deepEqual((listed.json as { AccessKeyMetadata: { AccessKeyId: string }[] }).AccessKeyMetadata.map((k) => k.AccessKeyId).sort(), [old.accessKeyId, fresh.accessKeyId].sort());

      const deactivated = await awsAsync(s.url, fresh, ['iam', 'update-access-key', '--access-key-id', old.accessKeyId, '--status', 'Inactive']);
      assert.equal(deactivated.status, 0, deactivated.stderr);
      const refused = await awsAsync(s.url, old, ['sts', 'get-caller-identity']);
      assert.notEqual(refused.status, 0);
      assert.match(refused.stderr, /InvalidClientTokenId/);

      const deleted = await awsAsync(s.url, fresh, ['iam', 'delete-access-key', '--access-key-id', old.accessKeyId]);
      assert.equal(deleted.status, 0, deleted.stderr);
      const after = await awsAsync(s.url, fresh, ['iam', 'list-access-keys']);
      assert.deepEqual((after.json as { AccessKeyMetadata: { AccessKeyId: string; Status: string }[] }).AccessKeyMetadata.map((k) => [k.AccessKeyId, k.Status]), [[fresh.accessKeyId, 'Active']]);
      const me = await awsAsync(s.url, fresh, ['sts', 'get-caller-identity']);
      assert.equal((me.json as { Arn: string }).Arn, `arn:aws:iam::${account}:user/rotator`);
    });
  });
}
