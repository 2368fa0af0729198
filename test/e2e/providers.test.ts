/**
 * OIDC and SAML identity providers through the real AWS SDK v3 client against a live server, on both storage
 * backends: every operation, AWS's errors (and that a refused call changes nothing), the record STS will
 * read, and enforcement of the caller's policies on provider ARNs and tags.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateSAMLProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  DeleteSAMLProviderCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  ListOpenIDConnectProvidersCommand,
  ListOpenIDConnectProviderTagsCommand,
  ListSAMLProvidersCommand,
  ListSAMLProviderTagsCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  TagSAMLProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UntagSAMLProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  UpdateSAMLProviderCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { derBase64, makeCertificate, makeKeyPair } from '../support/certificates.js';
import { backends, startLiveServer, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';
import { userWithPolicy } from '../support/e2e-users.js';

const T1 = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const T2 = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

// ---- SAML metadata built in the test ----
const signer = makeKeyPair();
const signingPem = makeCertificate({ subject: 'idp.example.com', key: signer });
const encryptionPem = makeCertificate({ subject: 'idp-encryption.example.com', key: makeKeyPair() });

function metadata(opts: { entityId?: string; certs?: { pem: string; use?: string }[]; root?: string; extra?: string } = {}): string {
  const certs = opts.certs ?? [{ pem: signingPem, use: 'signing' }];
  const keys = certs
    .map(
      (c) =>
        `<md:KeyDescriptor${c.use ? ` use="${c.use}"` : ''}><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${derBase64(c.pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    )
    .join('');
  const entity =
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${opts.entityId ?? 'https://idp.example.com/saml'}" validUntil="2030-01-01T00:00:00Z">` +
    `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`;
  const doc = opts.root === 'entities' ? `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${entity.replace(' xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"', '')}</md:EntitiesDescriptor>` : entity;
  // Metadata documents are at least 1,000 characters; a comment pads small ones.
  const padded = `<?xml version="1.0" encoding="UTF-8"?>\n${doc}${opts.extra ?? ''}`;
  return padded.length >= 1000 ? padded : `${padded}<!--${'x'.repeat(1000 - padded.length)}-->`;
}

for (const { backend, skip } of backends()) {
  describe(`OIDC providers (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let acct: string;
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      acct = s.account.accountId;
    });
    after(() => s?.close());

    test('create and read back: URL without scheme, client IDs de-duplicated, thumbprints lower-case, tags by key', async () => {
      const created = await iam.send(
        new CreateOpenIDConnectProviderCommand({
          Url: 'https://token.example.com/path/',
          ClientIDList: ['z-client', 'a-client', 'z-client'],
          ThumbprintList: [T1, T2],
          Tags: [
            { Key: 'key', Value: 'value' },
            { Key: 'Key', Value: 'Value' },
          ],
        }),
      );
      const arn = `arn:aws:iam::${acct}:oidc-provider/token.example.com/path/`;
      assert.equal(created.OpenIDConnectProviderArn, arn);
      assert.deepEqual(created.Tags?.map((t) => t.Key), ['key', 'Key']);
      const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
      assert.equal(got.Url, 'token.example.com/path/');
      assert.deepEqual(got.ClientIDList, ['z-client', 'a-client']);
      assert.deepEqual(got.ThumbprintList, [T1.toLowerCase(), T2]);
      assert.deepEqual(got.Tags, [
        { Key: 'Key', Value: 'Value' },
        { Key: 'key', Value: 'value' },
      ]);
      assert.ok(got.CreateDate instanceof Date && Math.abs(got.CreateDate.getTime() - Date.now()) < 60_000);

      // The record STS AssumeRoleWithWebIdentity reads: keyed by the issuer without scheme, host lower-case.
      const rec = await s.runtime.store.get(acct, 'oidc-provider', '', 'token.example.com/path/');
      assert.equal(rec?.data.Url, 'token.example.com/path/');
      assert.equal(rec?.data.Arn, arn);
      assert.deepEqual(rec?.data.ClientIDList, ['z-client', 'a-client']);
    });

    test('a trailing slash is another provider, :443 is dropped, thumbprints are optional', async () => {
      const noSlash = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.example.com/path' }));
      assert.equal(noSlash.OpenIDConnectProviderArn, `arn:aws:iam::${acct}:oidc-provider/token.example.com/path`);
      const port = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://Issuer.Example.com:443', ThumbprintList: [T2] }));
      assert.equal(port.OpenIDConnectProviderArn, `arn:aws:iam::${acct}:oidc-provider/Issuer.Example.com`);
      const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: port.OpenIDConnectProviderArn }));
      assert.equal(got.Url, 'Issuer.Example.com');
      assert.deepEqual(got.ClientIDList ?? [], []);
      assert.ok(await s.runtime.store.get(acct, 'oidc-provider', '', 'issuer.example.com'));
    });

    test('bad input gets AWS’s errors and creates nothing', async () => {
      const before = (await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList?.length;
      await rejects(
        iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.example.com/path/', ThumbprintList: [T2] })),
        'EntityAlreadyExistsException',
        409,
        'Provider with url https://token.example.com/path/ already exists.',
      );
      await rejects(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://TOKEN.example.com/path/' })), 'EntityAlreadyExistsException', 409);
      await rejects(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'http://plain.example.com' })), 'ValidationError', 400, 'Invalid Open ID Connect Provider URL');
      await rejects(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://q.example.com/?a=b' })), 'InvalidInputException', 400, 'Unknown');
      await rejects(
        iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://six.example.com', ThumbprintList: [T2, T2, T2, T2, T2, T2] })),
        'InvalidInputException',
        400,
        'Thumbprint list must contain fewer than 5 entries.',
      );
      await rejects(
        iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://many.example.com', ClientIDList: Array.from({ length: 101 }, (_, i) => `c${i}`) })),
        'LimitExceededException',
        409,
        'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
      );
      await rejects(
        iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://short.example.com', ThumbprintList: ['abc'] })),
        'ValidationError',
        400,
        /Member must have length greater than or equal to 40/,
      );
      await rejects(
        iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://tags.example.com', Tags: [{ Key: 'aws:x', Value: 'y' }] })),
        'InvalidInputException',
        400,
        'Tag keys beginning with aws: are reserved for system use.',
      );
      const afterList = (await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList;
      assert.equal(afterList?.length, before);
    });

    test('client IDs, thumbprints and tags change; missing providers are reported as AWS does', async () => {
      const arn = `arn:aws:iam::${acct}:oidc-provider/token.example.com/path/`;
      await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'a-client' }));
      await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'b-client' }));
      await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'z-client' }));
      await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'not-present' }));
      await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['C'.repeat(40)] }));
      await rejects(
        iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: [] })),
        'InvalidInputException',
        400,
        'Thumbprint list must contain at least one entry.',
      );
      let got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
      assert.deepEqual(got.ClientIDList, ['a-client', 'b-client']);
      assert.deepEqual(got.ThumbprintList, ['c'.repeat(40)]);

      await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'key', Value: 'new' }, { Key: 'env', Value: 'dev' }] }));
      await iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['Key'] }));
      await rejects(iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [] })), 'InvalidInputException', 400, 'The provided tag map must not be null/empty.');
      const p1 = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn, MaxItems: 1 }));
      assert.deepEqual(p1.Tags, [{ Key: 'env', Value: 'dev' }]);
      assert.equal(p1.IsTruncated, true);
      const p2 = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn, Marker: p1.Marker }));
      assert.deepEqual(p2.Tags, [{ Key: 'key', Value: 'new' }]);
      assert.equal(p2.IsTruncated, false);
      got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
      assert.deepEqual(got.Tags?.map((t) => t.Key), ['env', 'key']);

      const gone = `arn:aws:iam::${acct}:oidc-provider/nobody.example.com`;
      await rejects(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: gone })), 'NoSuchEntityException', 404, `OpenIDConnect Provider not found for arn ${gone}`);
      await rejects(iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: gone, ClientID: 'x' })), 'NoSuchEntityException', 404);
      await rejects(iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: gone })), 'NoSuchEntityException', 404, `OpenId connect Provider ${gone} cannot be found.`);
    });

    test('list and delete', async () => {
      const list = await iam.send(new ListOpenIDConnectProvidersCommand({}));
      const arns = list.OpenIDConnectProviderList?.map((p) => p.Arn) ?? [];
      assert.ok(arns.includes(`arn:aws:iam::${acct}:oidc-provider/token.example.com/path`));
      const arn = `arn:aws:iam::${acct}:oidc-provider/token.example.com/path`;
      await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
      const after = await iam.send(new ListOpenIDConnectProvidersCommand({}));
      assert.equal(after.OpenIDConnectProviderList?.length, arns.length - 1);
      await rejects(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })), 'NoSuchEntityException', 404);
    });

    test('enforcement: access to one provider ARN only, and request-tag conditions', async () => {
      const allowed = `arn:aws:iam::${acct}:oidc-provider/token.example.com/path/`;
      const other = `arn:aws:iam::${acct}:oidc-provider/Issuer.Example.com`;
      const client = await userWithPolicy(s, iam, 'oidc-reader', [
        { Effect: 'Allow', Action: 'iam:GetOpenIDConnectProvider', Resource: allowed },
        { Effect: 'Allow', Action: 'iam:TagOpenIDConnectProvider', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/env': 'dev' } } },
      ]);
      const got = await client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: allowed }));
      assert.equal(got.Url, 'token.example.com/path/');
      await rejects(
        client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: other })),
        'AccessDenied',
        403,
        `User: arn:aws:iam::${acct}:user/oidc-reader is not authorized to perform: iam:GetOpenIDConnectProvider on resource: ${other} because no identity-based policy allows the iam:GetOpenIDConnectProvider action`,
      );
      await rejects(client.send(new ListOpenIDConnectProvidersCommand({})), 'AccessDenied', 403, /iam:ListOpenIDConnectProviders on resource: \*/);
      await rejects(client.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://sneaky.example.com' })), 'AccessDenied', 403);
      await client.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: other, Tags: [{ Key: 'env', Value: 'dev' }] }));
      await rejects(client.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: other, Tags: [{ Key: 'env', Value: 'prod' }] })), 'AccessDenied', 403);
      const tags = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: other }));
      assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'dev' }]);
    });
  });

  describe(`SAML providers (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let acct: string;
    let arn: string;
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      acct = s.account.accountId;
      arn = `arn:aws:iam::${acct}:saml-provider/Okta`;
    });
    after(() => s?.close());

    test('create and read back; the record keeps the IdP’s entity ID and signing certificates for STS', async () => {
      const doc = metadata({ certs: [{ pem: signingPem, use: 'signing' }, { pem: encryptionPem, use: 'encryption' }] });
      const created = await iam.send(new CreateSAMLProviderCommand({ Name: 'Okta', SAMLMetadataDocument: doc, Tags: [{ Key: 'z', Value: 'z' }, { Key: 'A', Value: 'a' }] }));
      assert.equal(created.SAMLProviderArn, arn);
      assert.deepEqual(created.Tags?.map((t) => t.Key), ['z', 'A']);
      const got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
      assert.equal(got.SAMLMetadataDocument, doc);
      assert.match(got.SAMLProviderUUID ?? '', /^SAMLSP[A-Z0-9]{16}$/);
      assert.equal(got.AssertionEncryptionMode, 'Allowed');
      assert.deepEqual(got.PrivateKeyList ?? [], []);
      assert.deepEqual(got.Tags, [{ Key: 'A', Value: 'a' }, { Key: 'z', Value: 'z' }]);
      const created100 = new Date(got.CreateDate ?? 0);
      created100.setUTCFullYear(created100.getUTCFullYear() + 100);
      assert.equal(got.ValidUntil?.getTime(), created100.getTime());

      const rec = await s.runtime.store.get(acct, 'saml-provider', '', 'okta');
      assert.equal(rec?.data.EntityId, 'https://idp.example.com/saml');
      assert.deepEqual(rec?.data.SigningCertificates, [signingPem.trim()]);
    });

    test('metadata AWS accepts: a wrapper EntitiesDescriptor, no certificate, a certificate without `use`', async () => {
      await iam.send(new CreateSAMLProviderCommand({ Name: 'Wrapped', SAMLMetadataDocument: metadata({ root: 'entities' }) }));
      await iam.send(new CreateSAMLProviderCommand({ Name: 'NoCert', SAMLMetadataDocument: metadata({ certs: [] }) }));
      await iam.send(new CreateSAMLProviderCommand({ Name: 'NoUse', SAMLMetadataDocument: metadata({ certs: [{ pem: signingPem }] }) }));
      assert.deepEqual((await s.runtime.store.get(acct, 'saml-provider', '', 'wrapped'))?.data.SigningCertificates, [signingPem.trim()]);
      assert.deepEqual((await s.runtime.store.get(acct, 'saml-provider', '', 'nocert'))?.data.SigningCertificates, []);
      assert.deepEqual((await s.runtime.store.get(acct, 'saml-provider', '', 'nouse'))?.data.SigningCertificates, [signingPem.trim()]);
    });

    test('metadata AWS refuses, duplicate names, encryption without a key: errors, nothing created', async () => {
      const cases = [
        'not xml at all '.repeat(80),
        metadata().replace('</md:EntityDescriptor>', '</md:SomethingElse>'),
        metadata().replace(derBase64(signingPem), 'a'.repeat(800)),
        `<!DOCTYPE x [<!ENTITY e "boom">]>${metadata()}`,
        metadata().replaceAll('urn:oasis:names:tc:SAML:2.0:metadata', 'urn:example:not-metadata'),
        metadata({ entityId: '' }),
      ];
      for (const [i, doc] of cases.entries()) {
        await rejects(iam.send(new CreateSAMLProviderCommand({ Name: `Bad${i}`, SAMLMetadataDocument: doc })), 'InvalidInputException', 400, 'Could not parse metadata');
      }
      await rejects(iam.send(new CreateSAMLProviderCommand({ Name: 'Short', SAMLMetadataDocument: '<x/>' })), 'ValidationError', 400, /length greater than or equal to 1000/);
      await rejects(iam.send(new CreateSAMLProviderCommand({ Name: 'okta', SAMLMetadataDocument: metadata() })), 'EntityAlreadyExistsException', 409);
      await rejects(
        iam.send(new CreateSAMLProviderCommand({ Name: 'Required', SAMLMetadataDocument: metadata(), AssertionEncryptionMode: 'Required' })),
        'ValidationError',
        400,
        'Unable to set assertion encryption mode to Required because no private key is provided.',
      );
      const names = (await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList?.map((p) => p.Arn?.split('/')[1]);
      assert.deepEqual(names?.sort(), ['NoCert', 'NoUse', 'Okta', 'Wrapped']);
    });

    test('update: metadata, private keys (sealed, at most two), encryption mode', async () => {
      const before = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
      await rejects(
        iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn })),
        'ValidationError',
        400,
        'Unable to update identity provider. No updates are defined for metadata or encryption assertion.',
      );
      await rejects(
        iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AssertionEncryptionMode: 'Required' })),
        'InvalidInputException',
        400,
        'Failed to set assertion encryption mode to Required because no private key is present.',
      );
      const pk = makeKeyPair().privatePem;
      await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AddPrivateKey: pk }));
      await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AddPrivateKey: pk }));
      await rejects(iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AddPrivateKey: makeKeyPair().privatePem })), 'LimitExceededException', 409, 'Private key limit of 2 is reached.');
      let got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
      const [k1, k2] = got.PrivateKeyList ?? [];
      assert.match(k1?.KeyId ?? '', /^SAMLPK[A-Z0-9]{16}$/);
      assert.ok(k2 && k2.KeyId !== k1?.KeyId);
      const rec = await s.runtime.store.get(acct, 'saml-provider', '', 'okta');
      assert.doesNotMatch(JSON.stringify(rec?.data), /PRIVATE KEY/);
      const sealed = (rec?.data.PrivateKeys as { KeyId: string; Sealed: string }[])[0];
      assert.equal(s.runtime.iamDeps.secrets.open(sealed?.Sealed ?? '', `saml-provider:${acct}:${sealed?.KeyId}`), pk);

      await rejects(
        iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AddPrivateKey: pk, RemovePrivateKey: k1?.KeyId })),
        'ValidationError',
        400,
        'Unable to add and remove private keys in the same request. Set a value for only one of the two parameters.',
      );
      await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AssertionEncryptionMode: 'Required' }));
      await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, RemovePrivateKey: k1?.KeyId }));
      await rejects(iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, RemovePrivateKey: k2?.KeyId })), 'InvalidInputException', 400, 'Failed to remove private key.');
      await rejects(
        iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, RemovePrivateKey: 'SAMLPKAAAAAAAAAAAAAAAA' })),
        'InvalidInputException',
        400,
        'Failed to remove private key because the Key ID does not match a private key.',
      );
      await rejects(iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AddPrivateKey: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----' })), 'InvalidInputException', 400, 'Invalid private key.');
      await rejects(iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: 'junk'.repeat(300) })), 'InvalidInputException', 400, 'Could not parse metadata');

      const newDoc = metadata({ entityId: 'https://idp2.example.com/' });
      const updated = await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: newDoc }));
      assert.equal(updated.SAMLProviderArn, arn);
      got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
      assert.equal(got.SAMLMetadataDocument, newDoc);
      assert.equal(got.SAMLProviderUUID, before.SAMLProviderUUID);
      assert.equal(got.CreateDate?.getTime(), before.CreateDate?.getTime());
      assert.equal(got.AssertionEncryptionMode, 'Required');
      assert.deepEqual(got.PrivateKeyList?.map((k) => k.KeyId), [k2?.KeyId]);
      assert.equal((await s.runtime.store.get(acct, 'saml-provider', '', 'okta'))?.data.EntityId, 'https://idp2.example.com/');
    });

    test('tags, list, delete; a missing provider is "Manifest not found"', async () => {
      await iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'team', Value: 'blue' }, { Key: 'Team', Value: 'x' }] }));
      await iam.send(new UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: ['z', 'Team'] }));
      const tags = await iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }));
      assert.deepEqual(tags.Tags, [{ Key: 'A', Value: 'a' }, { Key: 'team', Value: 'blue' }]);
      await rejects(iam.send(new UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: [] })), 'InvalidInputException', 400, 'The provided tag keys must not be null/empty.');

      const list = await iam.send(new ListSAMLProvidersCommand({}));
      const entry = list.SAMLProviderList?.find((p) => p.Arn === arn);
      assert.ok(entry?.CreateDate instanceof Date && entry.ValidUntil instanceof Date);

      const gone = `arn:aws:iam::${acct}:saml-provider/NoCert`;
      await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: gone }));
      await rejects(iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: gone })), 'NoSuchEntityException', 404, `Manifest not found for arn ${gone}`);
      await rejects(iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: gone })), 'NoSuchEntityException', 404, `Manifest not found for arn ${gone}`);
      await rejects(iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: gone, Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntityException', 404);
    });

    test('enforcement: resource-tag conditions on providers', async () => {
      await iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: `arn:aws:iam::${acct}:saml-provider/Wrapped`, Tags: [{ Key: 'team', Value: 'red' }] }));
      const client = await userWithPolicy(s, iam, 'saml-reader', [
        { Effect: 'Allow', Action: 'iam:GetSAMLProvider', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } },
      ]);
      const got = await client.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
      assert.equal(got.AssertionEncryptionMode, 'Required');
      await rejects(
        client.send(new GetSAMLProviderCommand({ SAMLProviderArn: `arn:aws:iam::${acct}:saml-provider/Wrapped` })),
        'AccessDenied',
        403,
        new RegExp(`iam:GetSAMLProvider on resource: arn:aws:iam::${acct}:saml-provider/Wrapped`),
      );
      await rejects(client.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn })), 'AccessDenied', 403);
      await rejects(client.send(new ListSAMLProvidersCommand({})), 'AccessDenied', 403);
    });
  });
}
