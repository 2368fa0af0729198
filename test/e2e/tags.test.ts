/**
 * Tag, Untag and ListTags across the entities with case-insensitive tag keys (users, roles, customer managed
 * policies, instance profiles, MFA devices), one table of cases run on each, with an OIDC provider as the
 * case-sensitive contrast. Pins today's behaviour where the entities differ from one another (the
 * AccessDenied resource, the order of checks), so a refactor of the shared code can't change it unnoticed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  ListInstanceProfileTagsCommand,
  ListMFADeviceTagsCommand,
  ListOpenIDConnectProviderTagsCommand,
  ListPolicyTagsCommand,
  ListRoleTagsCommand,
  ListUserTagsCommand,
  TagInstanceProfileCommand,
  TagMFADeviceCommand,
  TagOpenIDConnectProviderCommand,
  TagPolicyCommand,
  TagRoleCommand,
  TagUserCommand,
  UntagInstanceProfileCommand,
  UntagMFADeviceCommand,
  UntagOpenIDConnectProviderCommand,
  UntagPolicyCommand,
  UntagRoleCommand,
  UntagUserCommand,
  type IAMClient,
  type Tag,
} from '@aws-sdk/client-iam';
import { backends, startLiveServer, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';

interface Page {
  Tags?: Tag[];
  IsTruncated?: boolean;
  Marker?: string;
}

interface Tagged {
  entity: string;
  /** Creates one, named `name`; the value of the member that names it. */
  create(iam: IAMClient, name: string): Promise<string>;
  tag(iam: IAMClient, id: string, tags: Tag[]): Promise<unknown>;
  untag(iam: IAMClient, id: string, keys: string[]): Promise<unknown>;
  list(iam: IAMClient, id: string, page?: { Marker?: string; MaxItems?: number }): Promise<Page>;
  /** A member value naming nothing, and AWS's message for it. */
  missing(account: string): { id: string; message: string };
  /** Whether a key given again in another case replaces the tag (case-insensitive keys). */
  caseless: boolean;
  /** How AccessDenied names the resource on TagX and on ListXTags (their authorization differs). */
  denied(account: string, name: string): { tag: string; list: string };
}

const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

const ENTITIES: Tagged[] = [
  {
    entity: 'user',
    create: async (iam, name) => ((await iam.send(new CreateUserCommand({ UserName: name }))).User?.UserName ?? ''),
    tag: (iam, id, tags) => iam.send(new TagUserCommand({ UserName: id, Tags: tags })),
    untag: (iam, id, keys) => iam.send(new UntagUserCommand({ UserName: id, TagKeys: keys })),
    list: (iam, id, page) => iam.send(new ListUserTagsCommand({ UserName: id, ...page })),
    missing: () => ({ id: 'ghost', message: 'The user with name ghost cannot be found.' }),
    caseless: true,
    denied: (account, name) => ({ tag: `arn:aws:iam::${account}:user/${name}`, list: `user ${name}` }),
  },
  {
    entity: 'role',
    create: async (iam, name) => ((await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }))).Role?.RoleName ?? ''),
    tag: (iam, id, tags) => iam.send(new TagRoleCommand({ RoleName: id, Tags: tags })),
    untag: (iam, id, keys) => iam.send(new UntagRoleCommand({ RoleName: id, TagKeys: keys })),
    list: (iam, id, page) => iam.send(new ListRoleTagsCommand({ RoleName: id, ...page })),
    missing: () => ({ id: 'ghost', message: 'The role with name ghost cannot be found.' }),
    caseless: true,
    denied: (account, name) => ({ tag: `arn:aws:iam::${account}:role/${name}`, list: `role ${name}` }),
  },
  {
    entity: 'policy',
    create: async (iam, name) => (await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: doc }))).Policy?.Arn ?? '',
    tag: (iam, id, tags) => iam.send(new TagPolicyCommand({ PolicyArn: id, Tags: tags })),
    untag: (iam, id, keys) => iam.send(new UntagPolicyCommand({ PolicyArn: id, TagKeys: keys })),
    list: (iam, id, page) => iam.send(new ListPolicyTagsCommand({ PolicyArn: id, ...page })),
    missing: (account) => ({ id: `arn:aws:iam::${account}:policy/ghost`, message: `Policy arn:aws:iam::${account}:policy/ghost was not found.` }),
    caseless: true,
    denied: (account, name) => ({ tag: `arn:aws:iam::${account}:policy/${name}`, list: `policy arn:aws:iam::${account}:policy/${name}` }),
  },
  {
    entity: 'instance profile',
    create: async (iam, name) => ((await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name }))).InstanceProfile?.InstanceProfileName ?? ''),
    tag: (iam, id, tags) => iam.send(new TagInstanceProfileCommand({ InstanceProfileName: id, Tags: tags })),
    untag: (iam, id, keys) => iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: id, TagKeys: keys })),
    list: (iam, id, page) => iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: id, ...page })),
    missing: () => ({ id: 'ghost', message: 'Instance Profile ghost cannot be found.' }),
    caseless: true,
    denied: (account, name) => ({ tag: `arn:aws:iam::${account}:instance-profile/${name}`, list: `arn:aws:iam::${account}:instance-profile/${name}` }),
  },
  {
    entity: 'MFA device',
    create: async (iam, name) => (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }))).VirtualMFADevice?.SerialNumber ?? '',
    tag: (iam, id, tags) => iam.send(new TagMFADeviceCommand({ SerialNumber: id, Tags: tags })),
    untag: (iam, id, keys) => iam.send(new UntagMFADeviceCommand({ SerialNumber: id, TagKeys: keys })),
    list: (iam, id, page) => iam.send(new ListMFADeviceTagsCommand({ SerialNumber: id, ...page })),
    missing: (account) => ({ id: `arn:aws:iam::${account}:mfa/ghost`, message: `MFA Device with serial number arn:aws:iam::${account}:mfa/ghost does not exist.` }),
    caseless: true,
    denied: (account, name) => ({ tag: `arn:aws:iam::${account}:mfa/${name}`, list: `arn:aws:iam::${account}:mfa/${name}` }),
  },
  {
    entity: 'OIDC provider',
    create: async (iam, name) => (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: `https://${name}.example.com` }))).OpenIDConnectProviderArn ?? '',
    tag: (iam, id, tags) => iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: id, Tags: tags })),
    untag: (iam, id, keys) => iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: id, TagKeys: keys })),
    list: (iam, id, page) => iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: id, ...page })),
    missing: (account) => ({ id: `arn:aws:iam::${account}:oidc-provider/ghost.example.com`, message: `OpenIDConnect Provider not found for arn arn:aws:iam::${account}:oidc-provider/ghost.example.com` }),
    caseless: false,
    denied: (account, name) => ({ tag: `arn:aws:iam::${account}:oidc-provider/${name}.example.com`, list: `arn:aws:iam::${account}:oidc-provider/${name}.example.com` }),
  },
];

const tags = (...pairs: [string, string][]): Tag[] => pairs.map(([Key, Value]) => ({ Key, Value }));

for (const { backend, skip } of backends()) {
  describe(`tags on every taggable entity (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let account: string;
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      account = s.account.accountId;
    });
    after(() => s?.close());

    for (const e of ENTITIES) {
      const name = (suffix: string): string => `${e.entity.replace(/ /g, '-').toLowerCase()}-${suffix}`;

      test(`${e.entity}: merge and remove by key (${e.caseless ? 'regardless of case' : 'exact case'}), list in order`, async () => {
        const id = await e.create(iam, name('merge'));
        await e.tag(iam, id, tags(['env', 'dev'], ['owner', 'ann']));
        await e.tag(iam, id, tags(['ENV', 'prod']));
        const all = (await e.list(iam, id)).Tags;
        if (e.caseless) assert.deepEqual(all, tags(['owner', 'ann'], ['ENV', 'prod']), 'a key given again moves to the end with its new case');
        // Identity providers list their tags in key order.
        else assert.deepEqual(all, tags(['ENV', 'prod'], ['env', 'dev'], ['owner', 'ann']));
        await e.untag(iam, id, ['OWNER', 'nothing']);
        const left = (await e.list(iam, id)).Tags;
        assert.deepEqual(left, e.caseless ? tags(['ENV', 'prod']) : tags(['ENV', 'prod'], ['env', 'dev'], ['owner', 'ann']));
      });

      test(`${e.entity}: duplicates in one call, the 50-tag limit, a missing entity`, async () => {
        const id = await e.create(iam, name('limits'));
        if (e.caseless) {
          await rejects(e.tag(iam, id, tags(['a', '1'], ['A', '2'])), 'InvalidInputException', 400, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
        } else {
          await rejects(e.tag(iam, id, tags(['a', '1'], ['a', '2'])), 'InvalidInputException', 400, 'Duplicate tag keys found.');
        }
        const fifty = Array.from({ length: 50 }, (_, i): [string, string] => [`k${i}`, 'v']);
        await e.tag(iam, id, tags(...fifty));
        await rejects(e.tag(iam, id, tags(['extra', 'v'])), 'LimitExceededException', 409, 'The number of tags has reached the maximum limit.');
        assert.equal((await e.list(iam, id)).Tags?.length, 50, 'a refused call changes nothing');

        const { id: ghost, message } = e.missing(account);
        await rejects(e.tag(iam, ghost, tags(['a', 'b'])), 'NoSuchEntityException', 404, message);
        await rejects(e.untag(iam, ghost, ['a']), 'NoSuchEntityException', 404, message);
        await rejects(e.list(iam, ghost), 'NoSuchEntityException', 404, message);
        if (e.caseless) {
          // The entity is looked up before the tags are checked.
          await rejects(e.tag(iam, ghost, tags(['a', '1'], ['A', '2'])), 'NoSuchEntityException', 404, message);
        } else {
          await rejects(e.tag(iam, ghost, tags(['a', '1'], ['a', '2'])), 'InvalidInputException', 400, 'Duplicate tag keys found.');
        }
      });

      test(`${e.entity}: empty tag and key lists are refused and change nothing`, async () => {
        const id = await e.create(iam, name('empty'));
        await e.tag(iam, id, tags(['a', '1']));
        await rejects(e.tag(iam, id, []), 'InvalidInputException', 400, 'The provided tag map must not be null/empty.');
        await rejects(e.untag(iam, id, []), 'InvalidInputException', 400, 'The provided tag keys must not be null/empty.');
        assert.deepEqual((await e.list(iam, id)).Tags, tags(['a', '1']));
      });

      test(`${e.entity}: ListTags pages by index; a Marker it didn't hand out is refused`, async () => {
        const id = await e.create(iam, name('pages'));
        await e.tag(iam, id, tags(['a', '1'], ['b', '2'], ['c', '3']));
        const page = async (p: { Marker?: string; MaxItems?: number }): Promise<Page> => {
          const { Tags, IsTruncated, Marker } = await e.list(iam, id, p);
          return { Tags, IsTruncated, ...(Marker !== undefined ? { Marker } : {}) };
        };
        const p1 = await page({ MaxItems: 2 });
        assert.deepEqual(p1, { Tags: tags(['a', '1'], ['b', '2']), IsTruncated: true, Marker: '2' });
        assert.deepEqual(await page({ MaxItems: 2, Marker: p1.Marker }), { Tags: tags(['c', '3']), IsTruncated: false });
        for (const marker of ['junk', '7', '-1', '1.5']) await rejects(page({ MaxItems: 2, Marker: marker }), 'InvalidInputException', 400, 'Invalid Marker.');
      });

      test(`${e.entity}: authorized against the entity, with aws:ResourceTag, aws:RequestTag and aws:TagKeys`, async () => {
        const n = name('authz');
        const id = await e.create(iam, n);
        await e.tag(iam, id, tags(['owner', 'me']));
        const who = name('caller');
        await iam.send(new CreateUserCommand({ UserName: who }));
        const policy = {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'iam:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/owner': 'me', 'aws:RequestTag/team': 'blue' } } },
            { Effect: 'Allow', Action: 'iam:Untag*', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } },
          ],
        };
        await s.runtime.store.transaction((tx) =>
          tx.insert({ accountId: account, kind: 'inline-policy', parent: `user:${who}`, key: 'tags', createdAt: Date.now(), data: { PolicyName: 'tags', PolicyDocument: JSON.stringify(policy) } }),
        );
        const k = (await iam.send(new CreateAccessKeyCommand({ UserName: who }))).AccessKey;
        const caller = s.iam({ accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' });
        const denied = e.denied(account, n);
        const action = (op: 'Tag' | 'List'): RegExp => new RegExp(`iam:${op}\\w+ on resource: ${denied[op === 'Tag' ? 'tag' : 'list'].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} because`);

        await e.tag(caller, id, tags(['team', 'blue']));
        await rejects(e.tag(caller, id, tags(['team', 'red'])), 'AccessDenied', 403, action('Tag'));
        await e.untag(caller, id, ['team']);
        await rejects(e.untag(caller, id, ['owner']), 'AccessDenied', 403);
        await rejects(e.list(caller, id), 'AccessDenied', 403, action('List'));
      });
    }
  });
}
