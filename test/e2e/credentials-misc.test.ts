/**
 * SSH public keys, server certificates, signing certificates and service-specific credentials through the
 * real AWS SDK v3 client against a live server, on both storage backends: every operation, AWS's errors
 * (and that a refused call changes nothing), secrets never stored or returned in clear, and enforcement.
 */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeleteServerCertificateCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  GetServerCertificateCommand,
  GetSSHPublicKeyCommand,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ResetServiceSpecificCredentialCommand,
  TagServerCertificateCommand,
  UntagServerCertificateCommand,
  UpdateServerCertificateCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand,
  UpdateUserCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { derBase64, makeCertificate, makeKeyPair, type KeyPair } from '../support/certificates.js';
import { backends, startLiveServer, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';
import { userWithPolicy } from '../support/e2e-users.js';

// ---- SSH keys built in the test ----
function sshBlob(pub: KeyObject): Buffer {
  const jwk = pub.export({ format: 'jwk' });
  const field = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (b.length >>> (24 - 8 * i)) & 0xff)), b]);
  const mp = (b64: string | undefined): Buffer => {
    const b = Buffer.from(b64 ?? '', 'base64url');
    return field((b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
  };
  return Buffer.concat([field(Buffer.from('ssh-rsa')), mp(jwk.e), mp(jwk.n)]);
}

function sshKey(bits = 2048): { openssh: string; pem: string; fingerprint: string; blob: string } {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const blob = sshBlob(publicKey);
  return {
    openssh: `ssh-rsa ${blob.toString('base64')} someone@laptop`,
    pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: (createHash('md5').update(blob).digest('hex').match(/../g) ?? []).join(':'),
    blob: blob.toString('base64'),
  };
}

/** Signing certificate IDs: base32 (RFC 4648, no padding) of the SHA-1 of the certificate's DER. */
function certificateId(pem: string): string {
  const digest = createHash('sha1').update(Buffer.from(derBase64(pem), 'base64')).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...digest].map((b) => b.toString(2).padStart(8, '0')).join('');
  return (bits.match(/.{1,5}/g) ?? []).map((c) => alphabet[parseInt(c.padEnd(5, '0'), 2)]).join('');
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

for (const { backend, skip } of backends()) {
  describe(`SSH public keys (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    const k1 = sshKey();
    let id1 = '';
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      await iam.send(new CreateUserCommand({ UserName: 'dev' }));
      await iam.send(new CreateUserCommand({ UserName: 'other' }));
    });
    after(() => s?.close());

    test('upload in OpenSSH form; read back as SSH (no comment) and as PEM; fingerprint is the MD5 of the key blob', async () => {
      const up = await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: k1.openssh }));
      id1 = up.SSHPublicKey?.SSHPublicKeyId ?? '';
      assert.match(id1, /^APKA[A-Z2-7]{16}$/);
      assert.equal(up.SSHPublicKey?.SSHPublicKeyBody, k1.openssh);
      assert.equal(up.SSHPublicKey?.Fingerprint, k1.fingerprint);
      assert.equal(up.SSHPublicKey?.Status, 'Active');
      assert.equal(up.SSHPublicKey?.UserName, 'dev');
      const ssh = await iam.send(new GetSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: id1, Encoding: 'SSH' }));
      assert.equal(ssh.SSHPublicKey?.SSHPublicKeyBody, `ssh-rsa ${k1.blob}`);
      const pem = await iam.send(new GetSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: id1, Encoding: 'PEM' }));
      assert.equal(pem.SSHPublicKey?.SSHPublicKeyBody, k1.pem);
      assert.equal(pem.SSHPublicKey?.Fingerprint, k1.fingerprint);
    });

    test('AWS’s errors: duplicate (also as PEM), short keys, other key types, garbage, quota', async () => {
      await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: k1.pem })), 'DuplicateSSHPublicKeyException', 400, 'Duplicate SSH public key uploaded.');
      await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: sshKey(1024).openssh })), 'InvalidPublicKeyException', 400, 'Invalid body for public key');
      const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
      await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: ed })), 'UnrecognizedPublicKeyEncodingException', 400, 'Invalid public key uploaded.');
      await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: 'ssh-rsa not-base64!' })), 'UnrecognizedPublicKeyEncodingException', 400);
      await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'nobody', SSHPublicKeyBody: k1.openssh })), 'NoSuchEntityException', 404, 'The user with name nobody cannot be found.');
      // The same key for another user is fine.
      const theirs = await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'other', SSHPublicKeyBody: k1.pem }));
      assert.equal(theirs.SSHPublicKey?.Fingerprint, k1.fingerprint);
      for (let i = 0; i < 4; i++) await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: sshKey().openssh }));
      await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: sshKey().openssh })), 'LimitExceededException', 409, /SSHPublicKeysPerUser: 5/);
      assert.equal((await iam.send(new ListSSHPublicKeysCommand({ UserName: 'dev' }))).SSHPublicKeys?.length, 5);
    });

    test('list with paging, update status, not-found messages, delete', async () => {
      const p1 = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'dev', MaxItems: 3 }));
      assert.equal(p1.IsTruncated, true);
      const p2 = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'dev', Marker: p1.Marker }));
      assert.equal((p1.SSHPublicKeys?.length ?? 0) + (p2.SSHPublicKeys?.length ?? 0), 5);
      await iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: id1, Status: 'Inactive' }));
      await rejects(iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: id1, Status: 'Expired' })), 'InvalidInputException', 400, 'Operation does not support status Expired');
      const listed = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'dev' }));
      assert.equal(listed.SSHPublicKeys?.find((k) => k.SSHPublicKeyId === id1)?.Status, 'Inactive');
      await rejects(iam.send(new GetSSHPublicKeyCommand({ UserName: 'other', SSHPublicKeyId: id1, Encoding: 'SSH' })), 'NoSuchEntityException', 404, `User has no Public Key with id ${id1}.`);
      await rejects(
        iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyId: 'APKAAAAAAAAAAAAAAAAA' })),
        'NoSuchEntityException',
        404,
        'The Public Key with id APKAAAAAAAAAAAAAAAAA cannot be found.',
      );
      await rejects(iam.send(new DeleteUserCommand({ UserName: 'other' })), 'DeleteConflictException', 409);
      const theirs = (await iam.send(new ListSSHPublicKeysCommand({ UserName: 'other' }))).SSHPublicKeys?.[0]?.SSHPublicKeyId;
      await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'other', SSHPublicKeyId: theirs }));
      await iam.send(new DeleteUserCommand({ UserName: 'other' }));
    });

    test('keys follow a renamed user', async () => {
      await iam.send(new UpdateUserCommand({ UserName: 'dev', NewUserName: 'Developer' }));
      const listed = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'developer' }));
      assert.equal(listed.SSHPublicKeys?.length, 5);
      assert.equal(listed.SSHPublicKeys?.[0]?.UserName, 'Developer');
      await iam.send(new UpdateUserCommand({ UserName: 'Developer', NewUserName: 'dev' }));
    });

    test('enforcement: a user may manage only its own keys', async () => {
      const self = { Effect: 'Allow', Action: ['iam:UploadSSHPublicKey', 'iam:ListSSHPublicKeys'], Resource: `arn:aws:iam::${s.account.accountId}:user/\${aws:username}` };
      const client = await userWithPolicy(s, iam, 'coder', [self]);
      const mine = sshKey();
      await client.send(new UploadSSHPublicKeyCommand({ UserName: 'coder', SSHPublicKeyBody: mine.openssh }));
      const own = await client.send(new ListSSHPublicKeysCommand({}));
      assert.equal(own.SSHPublicKeys?.length, 1);
      await rejects(
        client.send(new UploadSSHPublicKeyCommand({ UserName: 'dev', SSHPublicKeyBody: sshKey().openssh })),
        'AccessDenied',
        403,
        new RegExp(`iam:UploadSSHPublicKey on resource: arn:aws:iam::${s.account.accountId}:user/dev`),
      );
      await rejects(client.send(new DeleteSSHPublicKeyCommand({ UserName: 'coder', SSHPublicKeyId: own.SSHPublicKeys?.[0]?.SSHPublicKeyId })), 'AccessDenied', 403);
    });
  });

  describe(`server certificates (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let acct: string;
    const rootKey = makeKeyPair();
    const interKey = makeKeyPair();
    const leafKey = makeKeyPair();
    const root = makeCertificate({ subject: 'Test Root', key: rootKey });
    const inter = makeCertificate({ subject: 'Test Intermediate', key: interKey, issuer: { name: 'Test Root', key: rootKey } });
    const notAfter = new Date(Math.floor(Date.now() / 1000) * 1000 + 90 * 86_400_000);
    const leaf = makeCertificate({ subject: 'www.example.com', key: leafKey, issuer: { name: 'Test Intermediate', key: interKey }, notAfter });
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      acct = s.account.accountId;
    });
    after(() => s?.close());

    test('upload with a chain; the private key is sealed and never returned', async () => {
      const up = await iam.send(
        new UploadServerCertificateCommand({
          ServerCertificateName: 'www',
          Path: '/cloudfront/',
          CertificateBody: leaf,
          PrivateKey: leafKey.privatePem,
          CertificateChain: inter + root,
          Tags: [{ Key: 'Team', Value: 'one' }, { Key: 'team', Value: 'two' }],
        }),
      );
      const m = up.ServerCertificateMetadata;
      assert.match(m?.ServerCertificateId ?? '', /^ASCA[A-Z2-7]{17}$/);
      assert.equal(m?.Arn, `arn:aws:iam::${acct}:server-certificate/cloudfront/www`);
      assert.equal(m?.Path, '/cloudfront/');
      assert.equal(m?.Expiration?.getTime(), notAfter.getTime());
      assert.deepEqual(up.Tags?.map((t) => t.Key), ['Team', 'team']);

      const got = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'WWW' }));
      assert.equal(got.ServerCertificate?.CertificateBody, leaf.trim());
      assert.equal(got.ServerCertificate?.CertificateChain, `${inter.trim()}\n${root.trim()}`);
      assert.equal(got.ServerCertificate?.ServerCertificateMetadata?.ServerCertificateName, 'www');
      assert.equal(got.ServerCertificate?.Tags?.length, 2);
      assert.doesNotMatch(JSON.stringify(got), /PRIVATE KEY/);

      const rec = await s.runtime.store.get(acct, 'server-certificate', '', 'www');
      assert.doesNotMatch(JSON.stringify(rec?.data), /PRIVATE KEY/);
      assert.equal(s.runtime.iamDeps.secrets.open(String(rec?.data.PrivateKeySealed), `server-certificate:${m?.ServerCertificateId}`), leafKey.privatePem);
    });

    test('AWS’s errors for bad material; nothing is stored', async () => {
      const upload = (over: Partial<{ CertificateBody: string; PrivateKey: string; CertificateChain: string; ServerCertificateName: string }>) =>
        iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'bad', CertificateBody: leaf, PrivateKey: leafKey.privatePem, ...over }));
      await rejects(upload({ CertificateBody: 'not a certificate' }), 'MalformedCertificateException', 400, 'Unable to parse certificate. Please ensure the certificate is in PEM format.');
      await rejects(upload({ PrivateKey: interKey.privatePem }), 'KeyPairMismatchException', 400, 'The private key did not match the public key provided. Please verify the key material and try again.');
      const expired = makeCertificate({ subject: 'old', key: leafKey, notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
      await rejects(upload({ CertificateBody: expired }), 'MalformedCertificateException', 400, "Certificate is no longer valid. The 'Not After' date restriction on the certificate has passed.");
      const chainMsg = (i: number): string =>
        `Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${i}`;
      await rejects(upload({ CertificateChain: root }), 'MalformedCertificateException', 400, chainMsg(-1));
      await rejects(upload({ CertificateChain: inter + leaf }), 'MalformedCertificateException', 400, chainMsg(1));
      await rejects(upload({ CertificateChain: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }), 'MalformedCertificateException', 400, 'Unknown');
      await rejects(upload({ ServerCertificateName: 'WWW' }), 'EntityAlreadyExistsException', 409, 'The Server Certificate with name WWW already exists.');
      const list = await iam.send(new ListServerCertificatesCommand({}));
      assert.deepEqual(list.ServerCertificateMetadataList?.map((c) => c.ServerCertificateName), ['www']);
    });

    test('list by path prefix with paging, rename and move, tags with exact-case keys', async () => {
      await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'api', CertificateBody: leaf, PrivateKey: leafKey.privatePem }));
      const cf = await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/cloudfront/' }));
      assert.deepEqual(cf.ServerCertificateMetadataList?.map((c) => c.ServerCertificateName), ['www']);
      const p1 = await iam.send(new ListServerCertificatesCommand({ MaxItems: 1 }));
      assert.equal(p1.IsTruncated, true);
      const p2 = await iam.send(new ListServerCertificatesCommand({ Marker: p1.Marker }));
      assert.deepEqual([...(p1.ServerCertificateMetadataList ?? []), ...(p2.ServerCertificateMetadataList ?? [])].map((c) => c.ServerCertificateName), ['api', 'www']);

      await rejects(iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'api', NewServerCertificateName: 'WWW' })), 'EntityAlreadyExistsException', 409);
      await iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'api', NewServerCertificateName: 'api-v2', NewPath: '/edge/' }));
      await rejects(iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'api' })), 'NoSuchEntityException', 404, 'The Server Certificate with name api cannot be found.');
      const moved = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'api-v2' }));
      assert.equal(moved.ServerCertificate?.ServerCertificateMetadata?.Arn, `arn:aws:iam::${acct}:server-certificate/edge/api-v2`);

      await iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'www', Tags: [{ Key: 'team', Value: 'three' }, { Key: 'env', Value: 'prod' }] }));
      await iam.send(new UntagServerCertificateCommand({ ServerCertificateName: 'www', TagKeys: ['Team'] }));
      const tags = await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'www' }));
      assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'three' }, { Key: 'env', Value: 'prod' }]);
      await rejects(iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'www', Tags: [] })), 'InvalidInputException', 400, 'The provided tag map must not be null/empty.');
      await rejects(iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'nope' })), 'NoSuchEntityException', 404);
    });

    test('delete, and the account quota of 20', async () => {
      await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'api-v2' }));
      await rejects(iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'api-v2' })), 'NoSuchEntityException', 404, 'The Server Certificate with name api-v2 cannot be found.');
      for (let i = 1; i < 20; i++) await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: `c${i}`, CertificateBody: leaf, PrivateKey: leafKey.privatePem }));
      await rejects(
        iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'c20', CertificateBody: leaf, PrivateKey: leafKey.privatePem })),
        'LimitExceededException',
        409,
        'Cannot exceed quota for ServerCertificatesPerAccount: 20',
      );
    });

    test('enforcement: resource-tag conditions on server certificates', async () => {
      const client = await userWithPolicy(s, iam, 'certs', [
        { Effect: 'Allow', Action: 'iam:GetServerCertificate', Resource: `arn:aws:iam::${acct}:server-certificate/*`, Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
      ]);
      const got = await client.send(new GetServerCertificateCommand({ ServerCertificateName: 'www' }));
      assert.equal(got.ServerCertificate?.ServerCertificateMetadata?.ServerCertificateName, 'www');
      await rejects(client.send(new GetServerCertificateCommand({ ServerCertificateName: 'c1' })), 'AccessDenied', 403, new RegExp(`on resource: arn:aws:iam::${acct}:server-certificate/c1 `));
      await rejects(client.send(new ListServerCertificatesCommand({})), 'AccessDenied', 403);
    });
  });

  describe(`signing certificates (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    const key: KeyPair = makeKeyPair();
    const c1 = makeCertificate({ subject: 'signer 1', key });
    const c2 = makeCertificate({ subject: 'signer 2', key });
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      await iam.send(new CreateUserCommand({ UserName: 'signer' }));
      await iam.send(new CreateUserCommand({ UserName: 'someone' }));
    });
    after(() => s?.close());

    test('upload: the ID is derived from the certificate; uploading it again returns the same record', async () => {
      const up = await iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: c1 }));
      assert.equal(up.Certificate?.CertificateId, certificateId(c1));
      assert.match(up.Certificate?.CertificateId ?? '', /^[A-Z2-7]{32}$/);
      assert.equal(up.Certificate?.CertificateBody, c1);
      assert.equal(up.Certificate?.Status, 'Active');
      await iam.send(new UpdateSigningCertificateCommand({ UserName: 'signer', CertificateId: certificateId(c1), Status: 'Inactive' }));
      const again = await iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: c1 }));
      assert.equal(again.Certificate?.CertificateId, up.Certificate?.CertificateId);
      assert.equal(again.Certificate?.UploadDate?.getTime(), up.Certificate?.UploadDate?.getTime());
      const listed = await iam.send(new ListSigningCertificatesCommand({ UserName: 'signer' }));
      assert.deepEqual(listed.Certificates?.map((c) => [c.CertificateId, c.Status]), [[certificateId(c1), 'Inactive']]);
    });

    test('AWS’s errors: duplicate for another user, malformed, expired, quota, missing IDs', async () => {
      await rejects(iam.send(new UploadSigningCertificateCommand({ UserName: 'someone', CertificateBody: c1 })), 'DuplicateCertificateException', 409, 'Duplicate certificate uploaded.');
      await rejects(iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: 'not a certificate' })), 'MalformedCertificateException', 400, 'Certificate not a certificate is malformed.');
      const expired = makeCertificate({ subject: 'old', key, notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
      await rejects(iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: expired })), 'MalformedCertificateException', 400, /^Certificate -----BEGIN CERTIFICATE-----/);
      await iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: c2 }));
      const c3 = makeCertificate({ subject: 'signer 3', key });
      await rejects(iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: c3 })), 'LimitExceededException', 409, 'Cannot exceed quota for CertificatesPerUser: 2');
      await rejects(
        iam.send(new UpdateSigningCertificateCommand({ UserName: 'someone', CertificateId: certificateId(c1), Status: 'Active' })),
        'NoSuchEntityException',
        404,
        `The Certificate with id ${certificateId(c1)} cannot be found.`,
      );
      await rejects(iam.send(new UpdateSigningCertificateCommand({ UserName: 'signer', CertificateId: certificateId(c1), Status: 'Expired' })), 'InvalidInputException', 400, 'Operation does not support status Expired');
      await rejects(iam.send(new ListSigningCertificatesCommand({ UserName: 'nobody' })), 'NoSuchEntityException', 404, 'The user with name nobody cannot be found.');
      assert.equal((await iam.send(new ListSigningCertificatesCommand({ UserName: 'someone' }))).Certificates?.length, 0);
    });

    test('without UserName the caller’s own certificates; delete; DeleteUser waits for them', async () => {
      const mine = await iam.send(new UploadSigningCertificateCommand({ CertificateBody: makeCertificate({ subject: 'admin cert', key }) }));
      assert.equal(mine.Certificate?.UserName, 'admin');
      assert.equal((await iam.send(new ListSigningCertificatesCommand({}))).Certificates?.length, 1);
      await rejects(iam.send(new DeleteUserCommand({ UserName: 'signer' })), 'DeleteConflictException', 409);
      await iam.send(new DeleteSigningCertificateCommand({ UserName: 'signer', CertificateId: certificateId(c1) }));
      await iam.send(new DeleteSigningCertificateCommand({ UserName: 'signer', CertificateId: certificateId(c2) }));
      await rejects(iam.send(new DeleteSigningCertificateCommand({ UserName: 'signer', CertificateId: certificateId(c2) })), 'NoSuchEntityException', 404);
      await iam.send(new DeleteUserCommand({ UserName: 'signer' }));
      // Once deleted, the certificate can go to someone else.
      await iam.send(new UploadSigningCertificateCommand({ UserName: 'someone', CertificateBody: c1 }));
    });
  });

  describe(`service-specific credentials (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let acct: string;
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      acct = s.account.accountId;
      await iam.send(new CreateUserCommand({ UserName: 'jane' }));
      await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    });
    after(() => s?.close());

    test('CodeCommit: user name and password; the second takes +1; a third is over the quota', async () => {
      const a = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: 'codecommit.amazonaws.com' }))).ServiceSpecificCredential;
      assert.equal(a?.ServiceUserName, `jane-at-${acct}`);
      assert.match(a?.ServicePassword ?? '', /^[A-Za-z0-9+/]{59}=$/);
      assert.match(a?.ServiceSpecificCredentialId ?? '', /^ACCA[A-Z2-7]{17}$/);
      assert.equal(a?.Status, 'Active');
      assert.equal(a?.ServiceCredentialSecret, undefined);
      const b = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: 'CodeCommit.amazonaws.com' }))).ServiceSpecificCredential;
      assert.equal(b?.ServiceName, 'codecommit.amazonaws.com');
      assert.equal(b?.ServiceUserName, `jane+1-at-${acct}`);
      await rejects(
        iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: 'codecommit.amazonaws.com' })),
        'LimitExceededException',
        409,
        'Cannot exceed quota for ContextSpecificCredentialsPerUserPerContext: 2',
      );
      // Only a hash of the password is kept.
      const rec = await s.runtime.store.get(acct, 'service-specific-credential', 'jane', a?.ServiceSpecificCredentialId ?? '');
      assert.equal(rec?.data.SecretHash, sha256(a?.ServicePassword ?? ''));
      assert.ok(!JSON.stringify(rec?.data).includes(a?.ServicePassword ?? 'x'));
    });

    test('API keys (Bedrock): alias and a bearer token carrying it; CredentialAgeDays sets ExpirationDate', async () => {
      const c = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: 'bedrock.amazonaws.com', CredentialAgeDays: 30 }))).ServiceSpecificCredential;
      assert.equal(c?.ServiceCredentialAlias, `jane-at-${acct}`);
      assert.equal(c?.ServiceUserName, undefined);
      assert.equal(c?.ServicePassword, undefined);
      const token = c?.ServiceCredentialSecret ?? '';
      assert.ok(token.startsWith('ABSK'));
      const [alias, password] = Buffer.from(token.slice(4), 'base64').toString('utf8').split(':');
      assert.equal(alias, `jane-at-${acct}`);
      const rec = await s.runtime.store.get(acct, 'service-specific-credential', 'jane', c?.ServiceSpecificCredentialId ?? '');
      assert.equal(rec?.data.SecretHash, sha256(password ?? ''));
      assert.equal((c?.ExpirationDate?.getTime() ?? 0) - (c?.CreateDate?.getTime() ?? 0), 30 * 86_400_000);
      const cas = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: 'cassandra.amazonaws.com' }))).ServiceSpecificCredential;
      assert.equal(cas?.ServiceUserName, `jane-at-${acct}`);
    });

    test('unsupported services and malformed names', async () => {
      await rejects(
        iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: 'sqs.amazonaws.com' })),
        'NoSuchEntityException',
        404,
        'No such service sqs.amazonaws.com is supported for Service Specific Credentials',
      );
      await rejects(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: 'bad/name' })), 'ValidationError', 400, 'ServiceName must match [a-zA-Z0-9.-]*');
      await rejects(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'nobody', ServiceName: 'codecommit.amazonaws.com' })), 'NoSuchEntityException', 404, 'The user with name nobody cannot be found.');
      await rejects(iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'jane', ServiceName: 'sqs.amazonaws.com' })), 'NoSuchEntityException', 404);
    });

    test('list by user, by service, for all users; reset, update, delete; errors for other users’ IDs', async () => {
      await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bob', ServiceName: 'codecommit.amazonaws.com' }));
      const janes = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'jane' }));
      assert.equal(janes.ServiceSpecificCredentials?.length, 4);
      assert.ok(janes.ServiceSpecificCredentials?.every((c) => !('ServicePassword' in c)));
      const cc = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'jane', ServiceName: 'codecommit.amazonaws.com' }));
      assert.deepEqual(cc.ServiceSpecificCredentials?.map((c) => c.ServiceUserName).sort(), [`jane+1-at-${acct}`, `jane-at-${acct}`]);
      const all = await iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, ServiceName: 'codecommit.amazonaws.com' }));
      assert.deepEqual(all.ServiceSpecificCredentials?.map((c) => c.UserName).sort(), ['bob', 'jane', 'jane']);
      const page = await iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, MaxItems: 2 }));
      assert.equal(page.IsTruncated, true);
      const rest = await iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, Marker: page.Marker }));
      assert.equal((page.ServiceSpecificCredentials?.length ?? 0) + (rest.ServiceSpecificCredentials?.length ?? 0), 5);
      await rejects(iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, UserName: 'jane' })), 'InvalidInputException', 400, 'Cannot list credentials for all users if a username is given');

      const target = cc.ServiceSpecificCredentials?.find((c) => c.ServiceUserName === `jane-at-${acct}`);
      const id = target?.ServiceSpecificCredentialId ?? '';
      await iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceSpecificCredentialId: id, Status: 'Inactive' }));
      await rejects(iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceSpecificCredentialId: id, Status: 'Expired' })), 'InvalidInputException', 400, 'Operation does not support status Expired');
      const reset = (await iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'jane', ServiceSpecificCredentialId: id }))).ServiceSpecificCredential;
      assert.equal(reset?.Status, 'Inactive');
      assert.equal(reset?.ServiceUserName, `jane-at-${acct}`);
      assert.equal(reset?.CreateDate?.getTime(), target?.CreateDate?.getTime());
      const rec = await s.runtime.store.get(acct, 'service-specific-credential', 'jane', id);
      assert.equal(rec?.data.SecretHash, sha256(reset?.ServicePassword ?? ''));

      await rejects(
        iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'bob', ServiceSpecificCredentialId: id })),
        'ValidationError',
        400,
        `User bob does not have a service specific credential with id ${id}`,
      );
      await rejects(
        iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'jane', ServiceSpecificCredentialId: 'ACCAAAAAAAAAAAAAAAAAA' })),
        'NoSuchEntityException',
        404,
        'No such credential ACCAAAAAAAAAAAAAAAAAA exists',
      );
      await rejects(iam.send(new DeleteUserCommand({ UserName: 'bob' })), 'DeleteConflictException', 409);
      await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'jane', ServiceSpecificCredentialId: id }));
      const left = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'jane', ServiceName: 'codecommit.amazonaws.com' }));
      assert.deepEqual(left.ServiceSpecificCredentials?.map((c) => c.ServiceUserName), [`jane+1-at-${acct}`]);
      // The freed name is taken again.
      const again = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: 'codecommit.amazonaws.com' }))).ServiceSpecificCredential;
      assert.equal(again?.ServiceUserName, `jane-at-${acct}`);
    });

    test('enforcement: the service-name condition key', async () => {
      const client = await userWithPolicy(s, iam, 'gitter', [
        {
          Effect: 'Allow',
          Action: 'iam:CreateServiceSpecificCredential',
          Resource: `arn:aws:iam::${acct}:user/\${aws:username}`,
          Condition: { StringEquals: { 'iam:ServiceSpecificCredentialServiceName': 'codecommit.amazonaws.com' } },
        },
        { Effect: 'Allow', Action: 'iam:ListServiceSpecificCredentials', Resource: `arn:aws:iam::${acct}:user/\${aws:username}` },
      ]);
      await client.send(new CreateServiceSpecificCredentialCommand({ UserName: 'gitter', ServiceName: 'codecommit.amazonaws.com' }));
      await rejects(client.send(new CreateServiceSpecificCredentialCommand({ UserName: 'gitter', ServiceName: 'bedrock.amazonaws.com' })), 'AccessDenied', 403, /iam:CreateServiceSpecificCredential/);
      await rejects(client.send(new CreateServiceSpecificCredentialCommand({ UserName: 'jane', ServiceName: 'codecommit.amazonaws.com' })), 'AccessDenied', 403);
      assert.equal((await client.send(new ListServiceSpecificCredentialsCommand({}))).ServiceSpecificCredentials?.length, 1);
      await rejects(client.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true })), 'AccessDenied', 403, new RegExp(`on resource: arn:aws:iam::${acct}:user/\\* `));
    });
  });
}
