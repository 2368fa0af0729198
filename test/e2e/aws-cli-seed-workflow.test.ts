/**
 * The classic account set-up of seed 004 ("Securing your AWS account using IAM"), done with the real AWS CLI
 * v2 against a live server: an Administrators group, a Power Users group (everything but IAM and billing), a
 * Billing group, and the self-service groups (own password, own access keys, own MFA). Then each person's
 * keys are used to check that the policies do what the guide says.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awsAsync, awsCliSkipReason, type CliResult } from '../support/aws-cli.js';
import { backends, startLiveServer, type Credentials, type LiveServer } from '../support/live-server.js';

function policies(account: string): Record<string, object> {
  return {
    AllowAll: { Version: '2012-10-17', Statement: [{ Sid: 'AllowAll', Effect: 'Allow', Action: '*', Resource: '*' }] },
    PowerUser: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowAll', Effect: 'Allow', Action: '*', Resource: '*' },
        { Sid: 'DenyAwsPortalIam', Effect: 'Deny', Action: ['aws-portal:*', 'iam:*'], Resource: '*' },
      ],
    },
    Billing: { Version: '2012-10-17', Statement: [{ Sid: 'AllowViewBilling', Effect: 'Allow', Action: ['aws-portal:ViewBilling'], Resource: ['*'] }] },
    SetOwnPassword: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowChangeOwnPassword', Effect: 'Allow', Action: ['iam:ChangePassword'], Resource: [`arn:aws:iam::${account}:user/\${aws:username}`] },
        { Sid: 'AllowGetAccountPasswordPolicy', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy'], Resource: ['*'] },
      ],
    },
    ManageOwnAccessKeys: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowListUsers', Effect: 'Allow', Action: ['iam:ListUsers'], Resource: [`arn:aws:iam::${account}:user/*`] },
        {
          Sid: 'AllowListCreateUpdateDeleteOwnAccessKeys',
          Effect: 'Allow',
          Action: ['iam:ListAccessKeys', 'iam:CreateAccessKey', 'iam:UpdateAccessKey', 'iam:DeleteAccessKey'],
          Resource: [`arn:aws:iam::${account}:user/\${aws:username}`],
        },
      ],
    },
    ManageOwnMFA: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowUsersToCreateDeleteTheirOwnVirtualMFADevices', Effect: 'Allow', Action: ['iam:*VirtualMFADevice'], Resource: [`arn:aws:iam::${account}:mfa/\${aws:username}`] },
        {
          Sid: 'AllowUsersToEnableSyncDisableTheirOwnMFADevices',
          Effect: 'Allow',
          Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
          Resource: [`arn:aws:iam::${account}:user/\${aws:username}`],
        },
        { Sid: 'AllowUsersToListVirtualMFADevices', Effect: 'Allow', Action: ['iam:ListVirtualMFADevices'], Resource: [`arn:aws:iam::${account}:mfa/*`] },
        { Sid: 'AllowUsersToListUsersInConsole', Effect: 'Allow', Action: ['iam:ListUsers'], Resource: [`arn:aws:iam::${account}:user/*`] },
      ],
    },
  };
}

function ok(r: CliResult): unknown {
  assert.equal(r.status, 0, `aws failed: ${r.stderr}`);
  return r.json;
}

function fails(r: CliResult, code: string, message?: RegExp): void {
  assert.notEqual(r.status, 0, `expected ${code}, got success: ${r.stdout}`);
  assert.match(r.stderr, new RegExp(`\\(${code}\\)`), r.stderr);
  if (message) assert.match(r.stderr, message);
}

for (const { backend, skip } of backends()) {
  describe(`seed 004 account set-up with the AWS CLI v2 (${backend})`, { skip: skip ?? awsCliSkipReason() }, () => {
    let s: LiveServer;
    let account: string;
    const dir = join(tmpdir(), `gatehouse-seed-${process.pid}-${backend}`);
    const keys: Record<string, Credentials> = {};
    const cli = (args: string[], creds?: Credentials): Promise<CliResult> => awsAsync(s.url, creds ?? s.admin, args);

    before(async () => {
      s = await startLiveServer(backend);
      account = s.account.accountId;
      const { mkdirSync } = await import('node:fs');
      mkdirSync(dir, { recursive: true });
    });
    after(() => s?.close());

    test('groups with their policies, as the guide creates them', async () => {
      const docs = policies(account);
      for (const [name, doc] of Object.entries(docs)) {
        const file = join(dir, `${name}.json`);
        writeFileSync(file, JSON.stringify(doc, null, 2));
        const created = ok(await cli(['iam', 'create-policy', '--policy-name', name, '--policy-document', `file://${file}`])) as { Policy: { Arn: string } };
        assert.equal(created.Policy.Arn, `arn:aws:iam::${account}:policy/${name}`);
      }
      const groups: Record<string, string> = { 'Power Users': 'PowerUser', Billing: 'Billing', SetOwnPassword: 'SetOwnPassword', ManageOwnAccessKeys: 'ManageOwnAccessKeys', ManageOwnMFA: 'ManageOwnMFA' };
      for (const [group, policy] of Object.entries(groups)) {
        const g = group.replace(' ', '');
        ok(await cli(['iam', 'create-group', '--group-name', g]));
        ok(await cli(['iam', 'attach-group-policy', '--group-name', g, '--policy-arn', `arn:aws:iam::${account}:policy/${policy}`]));
      }
      const listed = ok(await cli(['iam', 'list-groups'])) as { Groups: { GroupName: string }[] };
      assert.deepEqual(listed.Groups.map((g) => g.GroupName).sort(), ['Administrators', 'Billing', 'ManageOwnAccessKeys', 'ManageOwnMFA', 'PowerUsers', 'SetOwnPassword']);
      const attached = ok(await cli(['iam', 'list-attached-group-policies', '--group-name', 'PowerUsers'])) as { AttachedPolicies: { PolicyName: string }[] };
      assert.deepEqual(attached.AttachedPolicies.map((p) => p.PolicyName), ['PowerUser']);
    });

    test('people, each in the groups the guide puts them in, with their own keys', async () => {
      const people: Record<string, string[]> = { pat: ['PowerUsers'], bill: ['PowerUsers', 'Billing'], newbie: ['ManageOwnMFA', 'ManageOwnAccessKeys', 'SetOwnPassword'] };
      for (const [user, groups] of Object.entries(people)) {
        ok(await cli(['iam', 'create-user', '--user-name', user]));
        for (const g of groups) ok(await cli(['iam', 'add-user-to-group', '--group-name', g, '--user-name', user]));
        const k = ok(await cli(['iam', 'create-access-key', '--user-name', user])) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } };
        keys[user] = { accessKeyId: k.AccessKey.AccessKeyId, secretAccessKey: k.AccessKey.SecretAccessKey };
      }
      const groupsOfBill = ok(await cli(['iam', 'list-groups-for-user', '--user-name', 'bill'])) as { Groups: { GroupName: string }[] };
      assert.deepEqual(groupsOfBill.Groups.map((g) => g.GroupName), ['Billing', 'PowerUsers']);
    });

    test('a power user can do everything but IAM: IAM calls end in an explicit deny', async () => {
      const me = ok(await cli(['sts', 'get-caller-identity'], keys.pat)) as { Arn: string };
      assert.equal(me.Arn, `arn:aws:iam::${account}:user/pat`);
      fails(await cli(['iam', 'list-users'], keys.pat), 'AccessDenied', new RegExp(`user/pat is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${account}:user/ with an explicit deny in an identity-based policy`));
      fails(await cli(['iam', 'create-user', '--user-name', 'mallory'], keys.pat), 'AccessDenied', /with an explicit deny in an identity-based policy/);
      // Nothing was created by the refused call.
      fails(await cli(['iam', 'get-user', '--user-name', 'mallory']), 'NoSuchEntity');
    });

    test('the policy simulator agrees with enforcement for the power user', async () => {
      const sim = ok(await cli(['iam', 'simulate-principal-policy', '--policy-source-arn', `arn:aws:iam::${account}:user/bill`, '--action-names', 's3:GetObject', 'iam:CreateUser', 'aws-portal:ViewBilling'])) as {
        EvaluationResults: { EvalActionName: string; EvalDecision: string }[];
      };
      const byAction = Object.fromEntries(sim.EvaluationResults.map((r) => [r.EvalActionName, r.EvalDecision]));
      assert.deepEqual(byAction, { 's3:GetObject': 'allowed', 'iam:CreateUser': 'explicitDeny', 'aws-portal:ViewBilling': 'explicitDeny' });
    });

    test('a newcomer manages only their own access keys', async () => {
      const own = ok(await cli(['iam', 'list-access-keys'], keys.newbie)) as { AccessKeyMetadata: { UserName: string }[] };
      assert.deepEqual(own.AccessKeyMetadata.map((k) => k.UserName), ['newbie']);
      const second = ok(await cli(['iam', 'create-access-key'], keys.newbie)) as { AccessKey: { AccessKeyId: string; UserName: string } };
      assert.equal(second.AccessKey.UserName, 'newbie');
      ok(await cli(['iam', 'update-access-key', '--access-key-id', second.AccessKey.AccessKeyId, '--status', 'Inactive'], keys.newbie));
      ok(await cli(['iam', 'delete-access-key', '--access-key-id', second.AccessKey.AccessKeyId], keys.newbie));
      fails(await cli(['iam', 'list-access-keys', '--user-name', 'pat'], keys.newbie), 'AccessDenied', /iam:ListAccessKeys on resource: user pat because no identity-based policy allows/);
      fails(await cli(['iam', 'create-access-key', '--user-name', 'pat'], keys.newbie), 'AccessDenied');
      const users = ok(await cli(['iam', 'list-users'], keys.newbie)) as { Users: { UserName: string }[] };
      assert.ok(users.Users.some((u) => u.UserName === 'newbie'));
    });

    test('a newcomer creates their own virtual MFA device but not one named for someone else', async () => {
      const dev = ok(await cli(['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'newbie', '--outfile', join(dir, 'qr.png'), '--bootstrap-method', 'QRCodePNG'], keys.newbie)) as {
        VirtualMFADevice: { SerialNumber: string };
      };
      assert.equal(dev.VirtualMFADevice.SerialNumber, `arn:aws:iam::${account}:mfa/newbie`);
      fails(await cli(['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'pat', '--outfile', join(dir, 'qr2.png'), '--bootstrap-method', 'QRCodePNG'], keys.newbie), 'AccessDenied');
      const mine = ok(await cli(['iam', 'list-mfa-devices'], keys.newbie)) as { MFADevices: unknown[] };
      assert.deepEqual(mine.MFADevices, []);
    });

    test('bad input through the CLI gets AWS errors and changes nothing', async () => {
      fails(await cli(['iam', 'create-group', '--group-name', 'Power Users']), 'ValidationError', /Member must satisfy regular expression pattern/);
      fails(await cli(['iam', 'attach-group-policy', '--group-name', 'Billing', '--policy-arn', `arn:aws:iam::${account}:policy/Nope`]), 'NoSuchEntity');
      fails(await cli(['iam', 'delete-group', '--group-name', 'PowerUsers']), 'DeleteConflict', /must remove users from group first/);
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam>ListUsers","Resource":"*"}]}');
      fails(await cli(['iam', 'create-policy', '--policy-name', 'Bad', '--policy-document', `file://${bad}`]), 'MalformedPolicyDocument');
      fails(await cli(['iam', 'get-policy', '--policy-arn', `arn:aws:iam::${account}:policy/Bad`]), 'NoSuchEntity');
    });
  });
}
