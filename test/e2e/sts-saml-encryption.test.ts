/**
 * AssumeRoleWithSAML with encrypted assertions, through the real AWS SDK v3 client (and the AWS CLI v2)
 * against a live server, on both storage backends: `<saml:EncryptedAssertion>` built here with node:crypto
 * (AES-GCM and AES-CBC, RSA-OAEP key transport) for the SAML provider's private keys, signed by the IdP
 * before encryption (inside the assertion), over the ciphertext (on the Response), or both. Decryption with
 * either of a provider's two keys, AssertionEncryptionMode, and every refusal: wrong key, tampered
 * ciphertext, refused algorithms, missing or broken signatures, wrapping.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, CreateSAMLProviderCommand, GetSAMLProviderCommand, UpdateSAMLProviderCommand, type CreateSAMLProviderCommandInput, type IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { awsAsync, awsCliSkipReason } from '../support/aws-cli.js';
import { rejects } from '../support/aws-errors.js';
import { makeCertificate, makeKeyPair, type KeyPair } from '../support/certificates.js';
import { backends, startLiveServer, type LiveServer } from '../support/live-server.js';
import {
  assertionXml,
  b64,
  encryptAssertion,
  flipCiphertextBit,
  IDP_ENTITY,
  responseXml,
  samlMetadata,
  SIGN_IN,
  signAssertion,
  signResponse,
  type AssertionSpec,
  type EncryptOptions,
} from '../support/saml.js';
import { anonymousSts, credsOf } from '../support/sts-clients.js';

const DECRYPTION_FAILED = 'Failed to decrypt or verify the encrypted assertion';
const SIGNATURE_INVALID = 'Response signature invalid';
const ENCRYPTION_REQUIRED = 'Response does not contain the required encrypted assertion.';
const INVALID = 'InvalidIdentityTokenException';

/** The signed Assertion element of a Response signed with signAssertion, as text. */
function assertionOf(response: string): string {
  const start = response.indexOf('<saml:Assertion');
  return response.slice(start, response.indexOf('</saml:Assertion>', start) + '</saml:Assertion>'.length);
}

for (const { backend, skip } of backends()) {
  describe(`AssumeRoleWithSAML with encrypted assertions (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let sts: STSClient;
    const idpKey = makeKeyPair();
    const idpCert = makeCertificate({ subject: 'idp.example.com', key: idpKey });
    // The SAML provider's decryption keys (AWS: the IdP's "private key" uploaded to IAM).
    const spKey1 = makeKeyPair();
    const spKey2 = makeKeyPair();
    let n = 0;

    /** A SAML provider and a role that trusts it; `over` adds private keys and the encryption mode. */
    async function federation(over: Partial<CreateSAMLProviderCommandInput> = {}): Promise<{ providerArn: string; roleArn: string; spec: (a?: Partial<AssertionSpec>) => string }> {
      n += 1;
      const providerArn = (await iam.send(new CreateSAMLProviderCommand({ Name: `EncIdP${n}`, SAMLMetadataDocument: samlMetadata(idpCert), ...over }))).SAMLProviderArn ?? '';
      const trust = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': SIGN_IN } } }],
      };
      const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: `SamlEnc${n}`, AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role?.Arn ?? '';
      const spec = (a: Partial<AssertionSpec> = {}): string => assertionXml({ roles: [`${roleArn},${providerArn}`], sessionName: 'alice', ...a });
      return { providerArn, roleArn, spec };
    }

    const assume = (f: { providerArn: string; roleArn: string }, assertion: string) =>
      sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: f.roleArn, PrincipalArn: f.providerArn, SAMLAssertion: assertion }));
    /** Sign-then-encrypt: the assertion's own signature, made before encryption; the Response unsigned. */
    const innerSigned = (assertion: string, to: KeyPair, enc: EncryptOptions = {}): string => b64(responseXml(encryptAssertion(signAssertion(assertion, idpKey, idpCert), to.publicKey, enc)));
    /** Encrypt-then-sign: the Response signed over the ciphertext; the assertion itself unsigned. */
    const responseSigned = (assertion: string, to: KeyPair, enc: EncryptOptions = {}): string => b64(signResponse(responseXml(encryptAssertion(assertion, to.publicKey, enc)), idpKey, idpCert));

    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      sts = anonymousSts(s);
    });
    after(async () => {
      sts?.destroy();
      await s?.close();
    });

    test('an encrypted assertion (AES-256-GCM, RSA-OAEP) gives working credentials and the same response as a plain one', async () => {
      const f = await federation({ AddPrivateKey: spKey1.privatePem });
      const r = await assume(f, innerSigned(f.spec({ nameId: 'alice' }), spKey1));
      const account = s.account.accountId;
      const n1 = f.providerArn.split('/')[1] ?? '';
      const role = f.roleArn.split('/')[1] ?? '';
      assert.equal(r.AssumedRoleUser?.Arn, `arn:aws:sts::${account}:assumed-role/${role}/alice`);
      assert.equal(r.Subject, 'alice');
      assert.equal(r.SubjectType, 'persistent');
      assert.equal(r.Issuer, IDP_ENTITY);
      assert.equal(r.Audience, SIGN_IN);
      assert.equal(r.NameQualifier, createHash('sha1').update(`${IDP_ENTITY}${account}/${n1}`).digest('base64'));
      assert.equal((await s.sts(credsOf(r.Credentials)).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${account}:assumed-role/${role}/alice`);
      // The decrypted assertion goes through the same checks as a plain one.
      await rejects(assume(f, innerSigned(f.spec({ audience: 'https://example.com/sp' }), spKey1)), INVALID, 400, 'Response does not contain the required audience.');
      await rejects(assume(f, innerSigned(f.spec({ issuer: 'https://other-idp.example.com' }), spKey1)), INVALID, 400, 'Issuer not present in specified provider');
      await rejects(assume(f, innerSigned(f.spec({ notOnOrAfter: new Date(Date.now() - 10 * 60_000) }), spKey1)), 'ExpiredTokenException', 400);
      await rejects(assume(f, innerSigned(f.spec({ sessionName: undefined }), spKey1)), INVALID, 400, 'RoleSessionName is required in AuthnResponse');
      await rejects(assume(f, innerSigned(f.spec({ roles: [`${f.roleArn}Other,${f.providerArn}`] }), spKey1)), 'AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithSAML');
    });

    test('block ciphers AES-128/256 in CBC and GCM, key transport RSA-OAEP-MGF1P and RSA-OAEP (SHA-256), key nested or by RetrievalMethod', async () => {
      const f = await federation({ AddPrivateKey: spKey1.privatePem });
      const cases: EncryptOptions[] = [
        { cipher: 'aes128-cbc' },
        { cipher: 'aes256-cbc', transport: 'rsa-oaep' },
        { cipher: 'aes128-gcm', transport: 'rsa-oaep', keyPlacement: 'sibling' },
        { cipher: 'aes256-gcm', transport: 'rsa-oaep-mgf1p', keyPlacement: 'sibling' },
      ];
      for (const enc of cases) {
        const label = JSON.stringify(enc);
        const who = `u${cases.indexOf(enc)}`;
        const inner = await assume(f, innerSigned(f.spec({ sessionName: `${who}-inner` }), spKey1, enc));
        assert.match(inner.AssumedRoleUser?.Arn ?? '', new RegExp(`/${who}-inner$`), label);
        const outer = await assume(f, responseSigned(f.spec({ sessionName: `${who}-outer` }), spKey1, enc));
        assert.match(outer.AssumedRoleUser?.Arn ?? '', new RegExp(`/${who}-outer$`), label);
      }
      // RSA PKCS#1 v1.5 key transport and Triple DES are refused, whatever the signatures.
      await rejects(assume(f, innerSigned(f.spec(), spKey1, { transport: 'rsa-1_5' })), INVALID, 400, DECRYPTION_FAILED);
      await rejects(assume(f, responseSigned(f.spec(), spKey1, { transport: 'rsa-1_5' })), INVALID, 400, DECRYPTION_FAILED);
      await rejects(assume(f, innerSigned(f.spec(), spKey1, { cipher: 'tripledes-cbc' })), INVALID, 400, DECRYPTION_FAILED);
    });

    test('signatures: on the Response over the ciphertext, inside the assertion before encryption, or both; at least one, all valid', async () => {
      const f = await federation({ AddPrivateKey: spKey1.privatePem });
      // Both signatures.
      const both = b64(signResponse(responseXml(encryptAssertion(signAssertion(f.spec({ sessionName: 'both' }), idpKey, idpCert), spKey1.publicKey)), idpKey, idpCert));
      assert.match((await assume(f, both)).AssumedRoleUser?.Arn ?? '', /\/both$/);
      // Anyone can encrypt for the provider's public key: an encrypted assertion nobody signed is refused.
      await rejects(assume(f, b64(responseXml(encryptAssertion(f.spec(), spKey1.publicKey)))), INVALID, 400, DECRYPTION_FAILED);
      // An inner signature that no longer verifies (NameID changed after signing, before encryption).
      const altered = signAssertion(f.spec({ nameId: 'alice' }), idpKey, idpCert).replace('>alice</saml:NameID>', '>mallory</saml:NameID>');
      await rejects(assume(f, b64(responseXml(encryptAssertion(altered, spKey1.publicKey)))), INVALID, 400, DECRYPTION_FAILED);
      // ... refused even inside a validly signed Response: every signature present must verify.
      await rejects(assume(f, b64(signResponse(responseXml(encryptAssertion(altered, spKey1.publicKey)), idpKey, idpCert))), INVALID, 400, DECRYPTION_FAILED);
      // Signed by a key the provider's metadata doesn't name, inside or on the Response.
      const other = makeKeyPair();
      const otherCert = makeCertificate({ subject: 'idp.example.com', key: other });
      await rejects(assume(f, b64(responseXml(encryptAssertion(signAssertion(f.spec(), other, otherCert), spKey1.publicKey)))), INVALID, 400, DECRYPTION_FAILED);
      await rejects(assume(f, b64(signResponse(responseXml(encryptAssertion(f.spec(), spKey1.publicKey)), other, otherCert))), INVALID, 400, SIGNATURE_INVALID);
    });

    test('signature wrapping around encrypted assertions is refused', async () => {
      const f = await federation({ AddPrivateKey: spKey1.privatePem });
      const mallory = f.spec({ nameId: 'mallory', sessionName: 'mallory' });
      // The Response signed over Alice's ciphertext; Mallory's own encrypted assertion swapped in.
      const signed = signResponse(responseXml(encryptAssertion(f.spec(), spKey1.publicKey)), idpKey, idpCert);
      const aliceCipher = signed.slice(signed.indexOf('<saml:EncryptedAssertion'), signed.indexOf('</saml:EncryptedAssertion>') + '</saml:EncryptedAssertion>'.length);
      const malloryCipher = encryptAssertion(mallory, spKey1.publicKey);
      await rejects(assume(f, b64(signed.replace(aliceCipher, malloryCipher))), INVALID, 400, SIGNATURE_INVALID);
      // Mallory's next to Alice's, or Alice's moved aside.
      await rejects(assume(f, b64(signed.replace(aliceCipher, `${malloryCipher}${aliceCipher}`))), INVALID, 400, 'Invalid SAML response');
      await rejects(assume(f, b64(signed.replace(aliceCipher, `${malloryCipher}<samlp:Extensions>${aliceCipher}</samlp:Extensions>`))), INVALID, 400, 'Invalid SAML response');
      // A plain signed assertion next to an encrypted one.
      const plainSigned = assertionOf(signAssertion(responseXml(f.spec()), idpKey, idpCert));
      await rejects(assume(f, b64(responseXml(`${plainSigned}${malloryCipher}`))), INVALID, 400, 'Invalid SAML response');
      // Inside the ciphertext: Mallory's assertion takes Alice's ID and signature, Alice's signed one hides in Advice.
      const alice = signAssertion(f.spec({ id: '_alice' }), idpKey, idpCert);
      const sig = alice.slice(alice.indexOf('<ds:Signature'), alice.indexOf('</ds:Signature>') + '</ds:Signature>'.length);
      const wrapped = f
        .spec({ nameId: 'mallory', sessionName: 'mallory', id: '_alice' })
        .replace('</saml:Issuer>', `</saml:Issuer>${sig}`)
        .replace('</saml:AttributeStatement>', `</saml:AttributeStatement><saml:Advice>${alice}</saml:Advice>`);
      await rejects(assume(f, b64(responseXml(encryptAssertion(wrapped, spKey1.publicKey)))), INVALID, 400, DECRYPTION_FAILED);
    });

    test('a key the provider does not hold and tampered ciphertext are refused, with one answer for every decryption failure', async () => {
      const f = await federation({ AddPrivateKey: spKey1.privatePem });
      await rejects(assume(f, innerSigned(f.spec(), spKey2)), INVALID, 400, DECRYPTION_FAILED);
      await rejects(assume(f, responseSigned(f.spec(), spKey2)), INVALID, 400, DECRYPTION_FAILED);
      const flip = (b64xml: string, offset: number): string => b64(flipCiphertextBit(Buffer.from(b64xml, 'base64').toString('utf8'), offset));
      // GCM: the tag fails wherever the bit is.
      await rejects(assume(f, flip(innerSigned(f.spec(), spKey1, { cipher: 'aes256-gcm' }), 40)), INVALID, 400, DECRYPTION_FAILED);
      // CBC, only the assertion signed: a flipped IV bit changes the plaintext's first bytes, a flipped bit in
      // the next-to-last block its padding length; both answer alike (no padding oracle).
      const cbc = innerSigned(f.spec(), spKey1, { cipher: 'aes128-cbc' });
      const ciphertextBytes = /<xenc:CipherValue>([^<]+)<\/xenc:CipherValue><\/xenc:CipherData><\/xenc:EncryptedData>/.exec(Buffer.from(cbc, 'base64').toString('utf8'))?.[1] ?? '';
      const last = Buffer.from(ciphertextBytes, 'base64').length - 17;
      await rejects(assume(f, flip(cbc, 0)), INVALID, 400, DECRYPTION_FAILED);
      await rejects(assume(f, flip(cbc, last)), INVALID, 400, DECRYPTION_FAILED);
      await assume(f, cbc);
      // CBC under a Response signature: the signature catches the change before anything is decrypted.
      await rejects(assume(f, flip(responseSigned(f.spec(), spKey1, { cipher: 'aes128-cbc' }), 0)), INVALID, 400, SIGNATURE_INVALID);
    });

    test('key rotation: a provider decrypts with either of its two keys; a removed key no longer works', async () => {
      const f = await federation({ AddPrivateKey: spKey1.privatePem });
      await rejects(assume(f, innerSigned(f.spec(), spKey2)), INVALID, 400, DECRYPTION_FAILED);
      await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: f.providerArn, AddPrivateKey: spKey2.privatePem }));
      assert.match((await assume(f, innerSigned(f.spec({ sessionName: 'new-key' }), spKey2))).AssumedRoleUser?.Arn ?? '', /\/new-key$/);
      assert.match((await assume(f, responseSigned(f.spec({ sessionName: 'old-key' }), spKey1))).AssumedRoleUser?.Arn ?? '', /\/old-key$/);
      const keys = (await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: f.providerArn }))).PrivateKeyList ?? [];
      assert.equal(keys.length, 2);
      await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: f.providerArn, RemovePrivateKey: keys[0]?.KeyId }));
      await rejects(assume(f, innerSigned(f.spec(), spKey1)), INVALID, 400, DECRYPTION_FAILED);
      await assume(f, innerSigned(f.spec(), spKey2));
    });

    test('AssertionEncryptionMode: Required refuses plain assertions, Allowed takes both; without a key nothing decrypts', async () => {
      const required = await federation({ AddPrivateKey: spKey1.privatePem, AssertionEncryptionMode: 'Required' });
      const plain = (f: { spec: (a?: Partial<AssertionSpec>) => string }): string => b64(signAssertion(responseXml(f.spec()), idpKey, idpCert));
      await rejects(assume(required, plain(required)), INVALID, 400, ENCRYPTION_REQUIRED);
      await assume(required, innerSigned(required.spec(), spKey1));
      await assume(required, responseSigned(required.spec(), spKey1));
      await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: required.providerArn, AssertionEncryptionMode: 'Allowed' }));
      await assume(required, plain(required));
      await assume(required, innerSigned(required.spec(), spKey1));

      const noKey = await federation();
      await assume(noKey, plain(noKey));
      await rejects(assume(noKey, innerSigned(noKey.spec(), spKey1)), INVALID, 400, DECRYPTION_FAILED);
    });

    test('the decrypted assertion is read in its context: it may use namespaces declared around the EncryptedAssertion', async () => {
      const f = await federation({ AddPrivateKey: spKey1.privatePem });
      // An IdP that serialized the assertion without re-declaring `saml:` (declared on the Response).
      const bare = f.spec({ sessionName: 'bare' }).replace(' xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"', '');
      const signedInResponse = assertionOf(signAssertion(responseXml(bare), idpKey, idpCert));
      assert.doesNotMatch(signedInResponse.slice(0, signedInResponse.indexOf('>')), /xmlns:saml/);
      assert.match((await assume(f, b64(responseXml(encryptAssertion(signedInResponse, spKey1.publicKey))))).AssumedRoleUser?.Arn ?? '', /\/bare$/);
      assert.match((await assume(f, b64(signResponse(responseXml(encryptAssertion(bare, spKey1.publicKey)), idpKey, idpCert)))).AssumedRoleUser?.Arn ?? '', /\/bare$/);
    });
  });
}

/** No credentials at all: the CLI must send the call unsigned. */
const NO_CREDENTIALS = { accessKeyId: '', secretAccessKey: '' };

for (const { backend, skip } of backends()) {
  describe(`encrypted SAML assertions through the AWS CLI v2 (${backend})`, { skip: skip ?? awsCliSkipReason() }, () => {
    let s: LiveServer;
    const idpKey = makeKeyPair();
    const idpCert = makeCertificate({ subject: 'idp.example.com', key: idpKey });
    const spKey = makeKeyPair();

    before(async () => {
      s = await startLiveServer(backend);
    });
    after(async () => {
      await s?.close();
    });

    test('aws sts assume-role-with-saml with an encrypted assertion, unsigned; a plain one is refused under Required', async () => {
      const iam = s.iam();
      const provider = (await iam.send(new CreateSAMLProviderCommand({ Name: 'CliEncIdP', SAMLMetadataDocument: samlMetadata(idpCert), AssertionEncryptionMode: 'Required', AddPrivateKey: spKey.privatePem }))).SAMLProviderArn ?? '';
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithSAML' }] };
      const role = (await iam.send(new CreateRoleCommand({ RoleName: 'CliSamlEnc', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role?.Arn ?? '';
      const assertion = assertionXml({ roles: [`${role},${provider}`], sessionName: 'dave' });
      const encrypted = b64(responseXml(encryptAssertion(signAssertion(assertion, idpKey, idpCert), spKey.publicKey, { cipher: 'aes128-cbc', transport: 'rsa-oaep' })));
      const ok = await awsAsync(s.url, NO_CREDENTIALS, ['sts', 'assume-role-with-saml', '--role-arn', role, '--principal-arn', provider, '--saml-assertion', encrypted]);
      assert.equal(ok.status, 0, ok.stderr);
      const out = ok.json as { AssumedRoleUser: { Arn: string }; Credentials: { AccessKeyId: string }; Subject: string };
      assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${s.account.accountId}:assumed-role/CliSamlEnc/dave`);
      assert.match(out.Credentials.AccessKeyId, /^ASIA/);
      assert.equal(out.Subject, 'alice');

      const plain = b64(signAssertion(responseXml(assertion), idpKey, idpCert));
      const refused = await awsAsync(s.url, NO_CREDENTIALS, ['sts', 'assume-role-with-saml', '--role-arn', role, '--principal-arn', provider, '--saml-assertion', plain]);
      assert.notEqual(refused.status, 0);
      assert.match(refused.stderr, /\(InvalidIdentityToken\) when calling the AssumeRoleWithSAML operation( \(reached max retries: \d+\))?: Response does not contain the required encrypted assertion\.$/m);
    });
  });
}
