/**
 * STS federation through the real AWS SDK v3 client (and the AWS CLI v2) against a live server, on both
 * storage backends: AssumeRoleWithWebIdentity with tokens signed here (keys from jose, JWKS served by a local
 * HTTPS identity provider trusted by thumbprint, or read from GATEHOUSE_OIDC_JWKS_DIR), and
 * AssumeRoleWithSAML with responses signed here (xml-crypto). Both calls are unsigned, as AWS's clients
 * send them; AWS's errors for every refusal; the credentials work and carry the provider's keys.
 */
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, CreateSAMLProviderCommand, GetRoleCommand, ListRolesCommand, ListUsersCommand, TagRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain, fromTokenFile } from '@aws-sdk/credential-providers';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { awsAsync, awsCliSkipReason } from '../support/aws-cli.js';
import { makeCertificate, makeKeyPair } from '../support/certificates.js';
import { backends, startLiveServer, type LiveServer } from '../support/live-server.js';
import { assertionXml, b64, IDP_ENTITY, responseXml, samlMetadata, SIGN_IN, signAssertion, type AssertionSpec } from '../support/saml.js';
import { anonymousSts, credsOf } from '../support/sts-clients.js';

/** `name` is the SDK's: the modeled exception's shape name (InvalidIdentityTokenException) or the code. */
async function rejects(p: Promise<unknown>, name: string, status: number, message?: RegExp | string): Promise<void> {
  await assert.rejects(p, (e: { name?: string; $metadata?: { httpStatusCode?: number }; message?: string }) => {
    assert.equal(e.name, name);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message ?? '', message);
    return true;
  });
}

/** Gives a role an inline policy (PutRolePolicy belongs to another family); TagRole drops cached policy sets. */
async function roleWithPolicy(s: LiveServer, iam: IAMClient, roleName: string, statements: object[]): Promise<void> {
  await s.runtime.store.transaction((tx) =>
    tx.insert({
      accountId: s.account.accountId,
      kind: 'inline-policy',
      parent: `role:${roleName.toLowerCase()}`,
      key: 'test',
      createdAt: Date.now(),
      data: { PolicyName: 'test', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) },
    }),
  );
  await iam.send(new TagRoleCommand({ RoleName: roleName, Tags: [{ Key: 'policy', Value: 'set' }] }));
}

interface Signer {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  jwk: JWK;
}

async function newSigner(kid: string, alg = 'RS256'): Promise<Signer> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

async function sign(signer: Signer, claims: JWTPayload, opts: { alg?: string; kid?: string } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: opts.alg ?? 'RS256', kid: opts.kid ?? signer.kid, typ: 'JWT' }).sign(signer.privateKey);
}

/** A local OpenID Connect provider over HTTPS: discovery document and JWKS, with a self-signed certificate. */
interface Idp {
  issuer: string;
  /** The issuer URL without scheme (the IAM provider URL, the condition-key prefix). */
  host: string;
  thumbprint: string;
  signer: Signer;
  requests: number;
  close(): Promise<void>;
}

async function startIdp(): Promise<Idp> {
  const key = makeKeyPair();
  const cert = makeCertificate({ subject: '127.0.0.1', key });
  const signer = await newSigner('key-1');
  let issuer = '';
  const idp = { requests: 0 } as Idp;
  const server: Server = createServer({ key: key.privatePem, cert }, (req, res) => {
    idp.requests++;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys` }));
    else if (req.url === '/keys') res.end(JSON.stringify({ keys: [signer.jwk] }));
    else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  issuer = `https://127.0.0.1:${port}`;
  return Object.assign(idp, {
    issuer,
    host: `127.0.0.1:${port}`,
    thumbprint: new X509Certificate(cert).fingerprint.replace(/:/g, '').toLowerCase(),
    signer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

const now = (): number => Math.floor(Date.now() / 1000);

function trustPolicy(providerArn: string, prefix: string, extra: Record<string, object> = {}): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { [`${prefix}:aud`]: 'sts.amazonaws.com' },
          StringLike: { [`${prefix}:sub`]: 'repo:octo-org/octo-repo:*' },
          ...extra,
        },
      },
    ],
  });
}

for (const { backend, skip } of backends()) {
  describe(`AssumeRoleWithWebIdentity (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let sts: STSClient;
    let idp: Idp;
    let providerArn: string;
    let roleArn: string;
    const jwksDir = mkdtempSync(join(tmpdir(), 'gatehouse-jwks-'));

    const claims = (over: JWTPayload = {}): JWTPayload => ({
      iss: idp.issuer,
      aud: 'sts.amazonaws.com',
      sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      iat: now(),
      exp: now() + 600,
      ...over,
    });
    const assume = (token: string, over: Partial<{ RoleArn: string; RoleSessionName: string; DurationSeconds: number; Policy: string; MinimumSessionTokenSize: number }> = {}) =>
      sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'gha', WebIdentityToken: token, ...over }));

    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      sts = anonymousSts(s);
      idp = await startIdp();
      process.env.GATEHOUSE_OIDC_JWKS_DIR = jwksDir;
      providerArn = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: idp.issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [idp.thumbprint] }))).OpenIDConnectProviderArn ?? '';
      roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'GitHubDeploy', Path: '/ci/', AssumeRolePolicyDocument: trustPolicy(providerArn, idp.host), MaxSessionDuration: 7200 }))).Role?.Arn ?? '';
      await roleWithPolicy(s, iam, 'GitHubDeploy', [
        { Effect: 'Allow', Action: 'iam:GetRole', Resource: roleArn },
        { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:FederatedProvider': providerArn, [`${idp.host}:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/main' } } },
      ]);
    });
    after(async () => {
      sts?.destroy();
      await idp?.close();
      await s?.close();
      delete process.env.GATEHOUSE_OIDC_JWKS_DIR;
      rmSync(jwksDir, { recursive: true, force: true });
    });

    test('a token from the registered provider, fetched over HTTPS trusted by thumbprint, gives working role credentials', async () => {
      const token = await sign(idp.signer, claims());
      const r = await assume(token, { DurationSeconds: 3600 });
      const account = s.account.accountId;
      assert.equal(r.AssumedRoleUser?.Arn, `arn:aws:sts::${account}:assumed-role/GitHubDeploy/gha`);
      assert.match(r.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z2-7]{17}:gha$/);
      assert.equal(r.SubjectFromWebIdentityToken, 'repo:octo-org/octo-repo:ref:refs/heads/main');
      assert.equal(r.Provider, providerArn);
      assert.equal(r.Audience, 'sts.amazonaws.com');
      assert.equal(r.SessionTokenSize, r.Credentials?.SessionToken?.length);
      const padded = await assume(await sign(idp.signer, claims()), { MinimumSessionTokenSize: 3000 });
      assert.ok((padded.Credentials?.SessionToken?.length ?? 0) >= 3000 && padded.SessionTokenSize === padded.Credentials?.SessionToken?.length);
      assert.equal(r.PackedPolicySize, 0);
      assert.match(r.Credentials?.AccessKeyId ?? '', /^ASIA[A-Z2-7]{16}$/);
      const expiresIn = (r.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
      assert.ok(expiresIn > 3500_000 && expiresIn <= 3600_000, `expires in ${expiresIn} ms`);

      const creds = credsOf(r.Credentials);
      const who = await s.sts(creds).send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, `arn:aws:sts::${account}:assumed-role/GitHubDeploy/gha`);
      assert.equal(who.Account, account);
      // The role's permissions apply, and the provider's keys stay with the session.
      const roleIam = s.iam(creds);
      assert.equal((await roleIam.send(new GetRoleCommand({ RoleName: 'GitHubDeploy' }))).Role?.Arn, roleArn);
      assert.ok((await roleIam.send(new ListRolesCommand({}))).Roles?.some((x) => x.RoleName === 'GitHubDeploy'));
      await rejects(roleIam.send(new ListUsersCommand({})), 'AccessDenied', 403, /assumed-role\/GitHubDeploy\/gha is not authorized to perform: iam:ListUsers/);
    });

    test('a session policy limits the session; PackedPolicySize reports it', async () => {
      const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }] });
      const r = await assume(await sign(idp.signer, claims()), { Policy: policy, RoleSessionName: 'limited' });
      assert.ok((r.PackedPolicySize ?? 0) > 0);
      const roleIam = s.iam(credsOf(r.Credentials));
      await roleIam.send(new ListRolesCommand({}));
      await rejects(roleIam.send(new GetRoleCommand({ RoleName: 'GitHubDeploy' })), 'AccessDenied', 403, /because no session policy allows the iam:GetRole action/);
      await rejects(assume(await sign(idp.signer, claims()), { Policy: '{"Version":"2012-10-17","Statement":[' }), 'MalformedPolicyDocumentException', 400);
    });

    test('session tags in the token: sts:TagSession in the trust policy, aws:PrincipalTag/* for the session', async () => {
      const trust = JSON.parse(trustPolicy(providerArn, idp.host)) as { Statement: { Action: string | string[] }[] };
      for (const st of trust.Statement) st.Action = ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'];
      const tagged = (await iam.send(new CreateRoleCommand({ RoleName: 'TaggedDeploy', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role?.Arn ?? '';
      await roleWithPolicy(s, iam, 'TaggedDeploy', [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: tagged, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }]);
      const withTags = (team: string) => claims({ 'https://aws.amazon.com/tags': { principal_tags: { team: [team], project: ['gatehouse'] }, transitive_tag_keys: ['team'] } });

      const blue = await assume(await sign(idp.signer, withTags('blue')), { RoleArn: tagged, RoleSessionName: 'blue' });
      assert.ok((blue.PackedPolicySize ?? 0) > 0, 'session tags count toward the packed size');
      const blueCreds = credsOf(blue.Credentials);
      assert.equal((await s.sts(blueCreds).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${s.account.accountId}:assumed-role/TaggedDeploy/blue`);
      assert.equal((await s.iam(blueCreds).send(new GetRoleCommand({ RoleName: 'TaggedDeploy' }))).Role?.Arn, tagged);

      const red = await assume(await sign(idp.signer, withTags('red')), { RoleArn: tagged, RoleSessionName: 'red' });
      await rejects(s.iam(credsOf(red.Credentials)).send(new GetRoleCommand({ RoleName: 'TaggedDeploy' })), 'AccessDenied', 403, /is not authorized to perform: iam:GetRole/);

      // GitHubDeploy's trust policy doesn't allow sts:TagSession: the same token is refused there.
      await rejects(assume(await sign(idp.signer, withTags('blue'))), 'AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
      // The documented limits: a transitive key must name a passed tag; keys are unique regardless of case.
      await rejects(assume(await sign(idp.signer, claims({ 'https://aws.amazon.com/tags': { principal_tags: { team: ['blue'] }, transitive_tag_keys: ['other'] } })), { RoleArn: tagged }), 'ValidationError', 400);
      await rejects(assume(await sign(idp.signer, claims({ 'https://aws.amazon.com/tags': { principal_tags: { team: ['blue'], Team: ['red'] } } })), { RoleArn: tagged }), 'ValidationError', 400);
      await rejects(assume(await sign(idp.signer, claims({ 'https://aws.amazon.com/tags': { principal_tags: { team: ['x'.repeat(257)] } } })), { RoleArn: tagged }), 'ValidationError', 400);
    });

    test('the trust policy decides: a subject outside the StringLike pattern, or another audience claim, is refused', async () => {
      await rejects(assume(await sign(idp.signer, claims({ sub: 'repo:evil-org/octo-repo:ref:refs/heads/main' }))), 'AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
      await rejects(assume(await sign(idp.signer, claims()), { RoleArn: roleArn.replace('GitHubDeploy', 'NoSuchRole') }), 'AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
      // The path is part of the role's ARN.
      await rejects(assume(await sign(idp.signer, claims()), { RoleArn: roleArn.replace('/ci/', '/') }), 'AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    });

    test("a token for another audience than the provider's client IDs is refused", async () => {
      await rejects(assume(await sign(idp.signer, claims({ aud: 'someone-else' }))), 'InvalidIdentityTokenException', 400, 'Incorrect token audience');
    });

    test('a token signed by another key is refused', async () => {
      const forger = await newSigner('key-1');
      await rejects(assume(await sign(forger, claims())), 'InvalidIdentityTokenException', 400, 'The web identity token provided could not be validated');
      // HMAC with the public key as secret (alg confusion) and unsigned tokens never verify.
      const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`;
      await rejects(assume(none), 'InvalidIdentityTokenException', 400, 'The web identity token provided could not be validated');
      await rejects(assume('not-a-jwt-at-all'), 'InvalidIdentityTokenException', 400, 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)');
    });

    test('an expired token is refused with ExpiredTokenException', async () => {
      const exp = now() - 120;
      await rejects(assume(await sign(idp.signer, claims({ iat: exp - 600, exp }))), 'ExpiredTokenException', 400, new RegExp(`^Token expired: current date/time \\d+ must be before the expiration date/time ${exp}$`));
    });

    test('a token from an issuer with no provider in the account is refused', async () => {
      const other = await startIdp();
      try {
        await rejects(assume(await sign(other.signer, claims({ iss: other.issuer }))), 'InvalidIdentityTokenException', 400, `No OpenIDConnect provider found in your account for ${other.issuer}`);
      } finally {
        await other.close();
      }
    });

    test('keys that cannot be fetched: an unreachable provider, an untrusted certificate', async () => {
      const gone = await startIdp();
      await gone.close();
      const goneArn = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: gone.issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [gone.thumbprint] }))).OpenIDConnectProviderArn ?? '';
      const goneRole = (await iam.send(new CreateRoleCommand({ RoleName: 'GoneIdp', AssumeRolePolicyDocument: trustPolicy(goneArn, gone.host) }))).Role?.Arn ?? '';
      await rejects(assume(await sign(gone.signer, claims({ iss: gone.issuer })), { RoleArn: goneRole }), 'IDPCommunicationErrorException', 400);

      const untrusted = await startIdp();
      try {
        const arn = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: untrusted.issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['0'.repeat(40)] }))).OpenIDConnectProviderArn ?? '';
        const role = (await iam.send(new CreateRoleCommand({ RoleName: 'UntrustedIdp', AssumeRolePolicyDocument: trustPolicy(arn, untrusted.host) }))).Role?.Arn ?? '';
        await rejects(
          assume(await sign(untrusted.signer, claims({ iss: untrusted.issuer })), { RoleArn: role }),
          'InvalidIdentityTokenException',
          400,
          "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
        );
        assert.equal(untrusted.requests, 0, 'nothing is read from an untrusted server');
      } finally {
        await untrusted.close();
      }
    });

    test('DurationSeconds above the role MaxSessionDuration is refused', async () => {
      await rejects(assume(await sign(idp.signer, claims()), { DurationSeconds: 7201 }), 'ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    });

    test('keys from GATEHOUSE_OIDC_JWKS_DIR: a provider reached without network (GitHub Actions style)', async () => {
      const gh = await newSigner('gh-1', 'ES256');
      writeFileSync(join(jwksDir, `${encodeURIComponent('token.actions.githubusercontent.com')}.json`), JSON.stringify({ keys: [gh.jwk] }));
      const arn = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'] }))).OpenIDConnectProviderArn ?? '';
      const role = (await iam.send(new CreateRoleCommand({ RoleName: 'GitHubOffline', AssumeRolePolicyDocument: trustPolicy(arn, 'token.actions.githubusercontent.com') }))).Role?.Arn ?? '';
      const token = await sign(gh, claims({ iss: 'https://token.actions.githubusercontent.com' }), { alg: 'ES256' });
      const r = await assume(token, { RoleArn: role, RoleSessionName: 'offline' });
      assert.equal(r.Provider, arn);
      const who = await s.sts(credsOf(r.Credentials)).send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, `arn:aws:sts::${s.account.accountId}:assumed-role/GitHubOffline/offline`);
      await rejects(assume(await sign(gh, claims({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:other/repo:ref:x' }), { alg: 'ES256' }), { RoleArn: role }), 'AccessDenied', 403);
    });

    test("the SDK's web identity providers (fromTokenFile, fromNodeProviderChain with a shared config) use Gatehouse", async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gatehouse-wif-'));
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, await sign(idp.signer, claims()));
      const saved = { ...process.env };
      try {
        const viaFile = await fromTokenFile({ webIdentityTokenFile: tokenFile, roleArn, roleSessionName: 'from-file', clientConfig: { endpoint: s.url, region: 'us-east-1' } })();
        assert.match(viaFile.accessKeyId, /^ASIA/);
        assert.equal((await s.sts(viaFile).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${s.account.accountId}:assumed-role/GitHubDeploy/from-file`);

        const config = join(dir, 'config');
        writeFileSync(config, `[profile ci]\nrole_arn = ${roleArn}\nweb_identity_token_file = ${tokenFile}\nrole_session_name = from-chain\nregion = us-east-1\n`);
        for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN']) delete process.env[k];
        Object.assign(process.env, { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_PROFILE: 'ci', AWS_ENDPOINT_URL_STS: s.url, AWS_REGION: 'us-east-1' });
        const viaChain = await fromNodeProviderChain()();
        assert.equal((await s.sts(viaChain).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${s.account.accountId}:assumed-role/GitHubDeploy/from-chain`);

        // The environment form: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN.
        delete process.env.AWS_PROFILE;
        writeFileSync(config, '');
        Object.assign(process.env, { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: roleArn, AWS_ROLE_SESSION_NAME: 'from-env' });
        const viaEnv = await fromNodeProviderChain()();
        assert.equal((await s.sts(viaEnv).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${s.account.accountId}:assumed-role/GitHubDeploy/from-env`);
      } finally {
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

// ---- SAML responses built and signed in the test (test/support/saml.ts) ----

for (const { backend, skip } of backends()) {
  describe(`AssumeRoleWithSAML (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let sts: STSClient;
    let providerArn: string;
    let roleArn: string;
    const key = makeKeyPair();
    const cert = makeCertificate({ subject: 'idp.example.com', key });

    const signed = (a: Partial<AssertionSpec> = {}): string => b64(signAssertion(responseXml(assertionXml({ roles: [`${roleArn},${providerArn}`], sessionName: 'alice@example.com', ...a })), key, cert));
    const assume = (assertion: string, over: Partial<{ RoleArn: string; PrincipalArn: string; DurationSeconds: number; MinimumSessionTokenSize: number }> = {}) =>
      sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: assertion, ...over }));

    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      sts = anonymousSts(s);
      providerArn = (await iam.send(new CreateSAMLProviderCommand({ Name: 'Corp-IdP', SAMLMetadataDocument: samlMetadata(cert) }))).SAMLProviderArn ?? '';
      const trust = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': SIGN_IN } } }],
      };
      roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'SamlAdmin', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role?.Arn ?? '';
      await roleWithPolicy(s, iam, 'SamlAdmin', [
        { Effect: 'Allow', Action: 'iam:GetRole', Resource: roleArn },
        { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'saml:sub': 'alice', 'saml:mail': 'alice@example.com', 'aws:FederatedProvider': providerArn } } },
      ]);
    });
    after(async () => {
      sts?.destroy();
      await s?.close();
    });

    test('a signed assertion naming the role and provider gives working credentials and the response AWS documents', async () => {
      const r = await assume(signed({ attributes: { 'urn:oid:0.9.2342.19200300.100.1.3': ['alice@example.com'] } }), { DurationSeconds: 1800 });
      const account = s.account.accountId;
      assert.equal(r.AssumedRoleUser?.Arn, `arn:aws:sts::${account}:assumed-role/SamlAdmin/alice@example.com`);
      assert.equal(r.Subject, 'alice');
      assert.equal(r.SessionTokenSize, r.Credentials?.SessionToken?.length);
      assert.ok((r.SessionTokenUtilization ?? 0) >= 1);
      const padded = await assume(signed(), { MinimumSessionTokenSize: 3000 });
      assert.ok((padded.Credentials?.SessionToken?.length ?? 0) >= 3000 && padded.SessionTokenSize === padded.Credentials?.SessionToken?.length);
      assert.equal(r.SubjectType, 'persistent');
      assert.equal(r.Issuer, IDP_ENTITY);
      assert.equal(r.Audience, SIGN_IN);
      assert.equal(r.NameQualifier, createHash('sha1').update(`${IDP_ENTITY}${account}/Corp-IdP`).digest('base64'));
      assert.equal(r.PackedPolicySize, 0);
      const expiresIn = (r.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
      assert.ok(expiresIn > 1700_000 && expiresIn <= 1800_000);
      const creds = credsOf(r.Credentials);
      assert.equal((await s.sts(creds).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${account}:assumed-role/SamlAdmin/alice@example.com`);
      const roleIam = s.iam(creds);
      await roleIam.send(new GetRoleCommand({ RoleName: 'SamlAdmin' }));
      // saml:sub, saml:mail and aws:FederatedProvider stay with the session.
      await roleIam.send(new ListRolesCommand({}));
      await rejects(roleIam.send(new ListUsersCommand({})), 'AccessDenied', 403);
      // Another subject: the same role, but the permission that tests saml:sub does not apply.
      const bob = s.iam(credsOf((await assume(signed({ nameId: 'bob', sessionName: 'bob' }))).Credentials));
      await rejects(bob.send(new ListRolesCommand({})), 'AccessDenied', 403);
    });

    test('session tags in PrincipalTag attributes: sts:TagSession in the trust policy, aws:PrincipalTag/* for the session', async () => {
      const trust = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'], Condition: { StringEquals: { 'SAML:aud': SIGN_IN } } }],
      };
      const tagged = (await iam.send(new CreateRoleCommand({ RoleName: 'SamlTagged', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role?.Arn ?? '';
      await roleWithPolicy(s, iam, 'SamlTagged', [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: tagged, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }]);
      const withTags = (team: string, roleArnOf = tagged): string =>
        signed({
          roles: [`${roleArnOf},${providerArn}`],
          attributes: {
            'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team': [team],
            'https://aws.amazon.com/SAML/Attributes/PrincipalTag:cost-center': ['1234'],
            'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys': ['team', 'cost-center'],
          },
        });

      const blue = await assume(withTags('blue'), { RoleArn: tagged });
      assert.ok((blue.PackedPolicySize ?? 0) > 0);
      const blueCreds = credsOf(blue.Credentials);
      assert.equal((await s.sts(blueCreds).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${s.account.accountId}:assumed-role/SamlTagged/alice@example.com`);
      assert.equal((await s.iam(blueCreds).send(new GetRoleCommand({ RoleName: 'SamlTagged' }))).Role?.Arn, tagged);
      const red = await assume(withTags('red'), { RoleArn: tagged });
      await rejects(s.iam(credsOf(red.Credentials)).send(new GetRoleCommand({ RoleName: 'SamlTagged' })), 'AccessDenied', 403, /is not authorized to perform: iam:GetRole/);

      // SamlAdmin's trust policy doesn't allow sts:TagSession.
      await rejects(assume(withTags('blue', roleArn)), 'AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithSAML');
      // A transitive key that names no passed tag; more than 50 tags.
      await rejects(
        assume(signed({ roles: [`${tagged},${providerArn}`], attributes: { 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team': ['blue'], 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys': ['nope'] } }), { RoleArn: tagged }),
        'ValidationError',
        400,
      );
      const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`https://aws.amazon.com/SAML/Attributes/PrincipalTag:k${i}`, ['v']]));
      await rejects(assume(signed({ roles: [`${tagged},${providerArn}`], attributes: many }), { RoleArn: tagged }), 'ValidationError', 400);
    });

    test('the Role attribute and the trust policy decide', async () => {
      const denied = 'Not authorized to perform sts:AssumeRoleWithSAML';
      // Provider first in the pair is accepted too.
      await assume(signed({ roles: [`${providerArn},${roleArn}`] }));
      await rejects(assume(signed({ roles: [`${roleArn.replace('SamlAdmin', 'Other')},${providerArn}`] })), 'AccessDenied', 403, denied);
      // The trust policy wants saml:aud = the global sign-in endpoint; a regional recipient doesn't match it.
      await rejects(assume(signed({ recipient: 'https://us-east-1.signin.aws.amazon.com/saml' })), 'AccessDenied', 403, denied);
      await rejects(assume(signed(), { PrincipalArn: providerArn.replace('Corp-IdP', 'NoSuchIdP') }), 'InvalidIdentityTokenException', 400, "Specified provider doesn't exist.");
    });

    test('a tampered assertion and signature wrapping are refused', async () => {
      const good = signAssertion(responseXml(assertionXml({ roles: [`${roleArn},${providerArn}`], sessionName: 'alice', nameId: 'alice' })), key, cert);
      // The NameID changed after signing.
      await rejects(assume(b64(good.replace('>alice</saml:NameID>', '>mallory</saml:NameID>'))), 'InvalidIdentityTokenException', 400, 'Response signature invalid');
      // XSW: an unsigned evil assertion first, the signed one moved aside.
      const signedAssertion = good.slice(good.indexOf('<saml:Assertion'), good.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length);
      const evil = assertionXml({ roles: [`${roleArn},${providerArn}`], sessionName: 'mallory', nameId: 'mallory' });
      await rejects(assume(b64(responseXml(`${evil}<samlp:Extensions>${signedAssertion}</samlp:Extensions>`))), 'InvalidIdentityTokenException', 400);
      // XSW: the evil assertion takes the signed one's ID and carries its signature; the original hides in Advice.
      const id = /ID="([^"]+)"/.exec(signedAssertion)?.[1] ?? '';
      const sigXml = signedAssertion.slice(signedAssertion.indexOf('<ds:Signature'), signedAssertion.indexOf('</ds:Signature>') + '</ds:Signature>'.length);
      const wrapped = assertionXml({ roles: [`${roleArn},${providerArn}`], sessionName: 'mallory', nameId: 'mallory', id })
        .replace('</saml:Issuer>', `</saml:Issuer>${sigXml}`)
        .replace('</saml:AttributeStatement>', `</saml:AttributeStatement><saml:Advice>${signedAssertion}</saml:Advice>`);
      await rejects(assume(b64(responseXml(wrapped))), 'InvalidIdentityTokenException', 400);
      // Unsigned, and signed by a key the provider's metadata doesn't name.
      await rejects(assume(b64(responseXml(assertionXml({ roles: [`${roleArn},${providerArn}`], sessionName: 'alice' })))), 'InvalidIdentityTokenException', 400, 'Response signature invalid');
      const other = makeKeyPair();
      const otherCert = makeCertificate({ subject: 'idp.example.com', key: other });
      await rejects(assume(b64(signAssertion(responseXml(assertionXml({ roles: [`${roleArn},${providerArn}`], sessionName: 'alice' })), other, otherCert))), 'InvalidIdentityTokenException', 400, 'Response signature invalid');
    });

    test("audience, issuer, expiry, session name and encoding are checked as AWS checks them", async () => {
      await rejects(assume(signed({ audience: 'https://example.com/sp' })), 'InvalidIdentityTokenException', 400, 'Response does not contain the required audience.');
      await rejects(assume(signed({ issuer: 'https://other-idp.example.com' })), 'InvalidIdentityTokenException', 400, 'Issuer not present in specified provider');
      await rejects(assume(signed({ notOnOrAfter: new Date(Date.now() - 10 * 60_000) })), 'ExpiredTokenException', 400);
      await rejects(assume(signed({ sessionName: undefined })), 'InvalidIdentityTokenException', 400, 'RoleSessionName is required in AuthnResponse');
      await rejects(assume(signed({ sessionName: 'has space' })), 'InvalidIdentityTokenException', 400, 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
      await rejects(assume('this is not base64!'), 'InvalidIdentityTokenException', 400, 'Invalid base64 SAMLResponse');
      // The audience may also be AWS's entity ID.
      await assume(signed({ audience: 'urn:amazon:webservices' }));
    });
  });
}

// ---- The AWS CLI v2, unchanged ----

/**
 * Where the CLI's own web identity provider sends AssumeRoleWithWebIdentity. CLI v2.13+ honours
 * AWS_ENDPOINT_URL_STS; older ones (Debian's 2.9) only an endpoint rule set found on AWS_DATA_PATH, so the
 * test provides one that answers `url` for STS (and the configured endpoint when one is given).
 */
function cliStsEndpoint(dir: string, url: string): Record<string, string> {
  const boolParam = (builtIn: string) => ({ builtIn, required: true, default: false, type: 'Boolean' });
  const ruleSet = {
    version: '1.0',
    parameters: {
      Region: { builtIn: 'AWS::Region', required: false, type: 'String' },
      UseDualStack: boolParam('AWS::UseDualStack'),
      UseFIPS: boolParam('AWS::UseFIPS'),
      Endpoint: { builtIn: 'SDK::Endpoint', required: false, type: 'String' },
      UseGlobalEndpoint: boolParam('AWS::STS::UseGlobalEndpoint'),
    },
    rules: [
      { conditions: [{ fn: 'isSet', argv: [{ ref: 'Endpoint' }] }], endpoint: { url: { ref: 'Endpoint' }, properties: {}, headers: {} }, type: 'endpoint' },
      { conditions: [], endpoint: { url, properties: {}, headers: {} }, type: 'endpoint' },
    ],
  };
  const at = join(dir, 'data', 'sts', '2011-06-15');
  mkdirSync(at, { recursive: true });
  writeFileSync(join(at, 'endpoint-rule-set-1.json'), JSON.stringify(ruleSet));
  return { AWS_ENDPOINT_URL_STS: url, AWS_DATA_PATH: join(dir, 'data') };
}

/** No credentials at all: the CLI must send these calls unsigned. */
const NO_CREDENTIALS = { accessKeyId: '', secretAccessKey: '' };

for (const { backend, skip } of backends()) {
  describe(`federation through the AWS CLI v2 (${backend})`, { skip: skip ?? awsCliSkipReason() }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let idp: Idp;
    let roleArn: string;
    let samlRole: string;
    let samlProvider: string;
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-fed-'));
    const key = makeKeyPair();
    const cert = makeCertificate({ subject: 'idp.example.com', key });

    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      idp = await startIdp();
      const providerArn = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: idp.issuer, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [idp.thumbprint] }))).OpenIDConnectProviderArn ?? '';
      roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'CliWebIdentity', AssumeRolePolicyDocument: trustPolicy(providerArn, idp.host) }))).Role?.Arn ?? '';
      samlProvider = (await iam.send(new CreateSAMLProviderCommand({ Name: 'CliIdP', SAMLMetadataDocument: samlMetadata(cert) }))).SAMLProviderArn ?? '';
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: samlProvider }, Action: 'sts:AssumeRoleWithSAML' }] };
      samlRole = (await iam.send(new CreateRoleCommand({ RoleName: 'CliSaml', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role?.Arn ?? '';
    });
    after(async () => {
      await idp?.close();
      await s?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const token = (sub = 'repo:octo-org/octo-repo:ref:refs/heads/main') => sign(idp.signer, { iss: idp.issuer, aud: 'sts.amazonaws.com', sub, iat: now(), exp: now() + 600 });

    test('aws sts assume-role-with-web-identity and assume-role-with-saml, unsigned', async () => {
      const r = await awsAsync(s.url, NO_CREDENTIALS, ['sts', 'assume-role-with-web-identity', '--role-arn', roleArn, '--role-session-name', 'cli', '--web-identity-token', await token()]);
      assert.equal(r.status, 0, r.stderr);
      const out = r.json as { AssumedRoleUser: { Arn: string }; Credentials: { AccessKeyId: string }; Provider: string };
      assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${s.account.accountId}:assumed-role/CliWebIdentity/cli`);
      assert.match(out.Credentials.AccessKeyId, /^ASIA/);

      const denied = await awsAsync(s.url, NO_CREDENTIALS, ['sts', 'assume-role-with-web-identity', '--role-arn', roleArn, '--role-session-name', 'cli', '--web-identity-token', await token('repo:evil/x:ref:y')]);
      assert.notEqual(denied.status, 0);
      assert.match(denied.stderr, /\(AccessDenied\) when calling the AssumeRoleWithWebIdentity operation( \(reached max retries: \d+\))?: Not authorized to perform sts:AssumeRoleWithWebIdentity$/m);

      const assertion = b64(signAssertion(responseXml(assertionXml({ roles: [`${samlRole},${samlProvider}`], sessionName: 'carol' })), key, cert));
      const saml = await awsAsync(s.url, NO_CREDENTIALS, ['sts', 'assume-role-with-saml', '--role-arn', samlRole, '--principal-arn', samlProvider, '--saml-assertion', assertion]);
      assert.equal(saml.status, 0, saml.stderr);
      assert.equal((saml.json as { AssumedRoleUser: { Arn: string } }).AssumedRoleUser.Arn, `arn:aws:sts::${s.account.accountId}:assumed-role/CliSaml/carol`);
    });

    test("the CLI's web identity credential provider (role_arn + web_identity_token_file) gets its credentials from Gatehouse", async () => {
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, await token());
      const config = join(dir, 'config');
      writeFileSync(config, `[profile ci]\nrole_arn = ${roleArn}\nweb_identity_token_file = ${tokenFile}\nrole_session_name = cli-provider\nregion = us-east-1\n`);
      const env = { AWS_CONFIG_FILE: config, AWS_PROFILE: 'ci', ...cliStsEndpoint(dir, s.url) };
      const r = await awsAsync(s.url, NO_CREDENTIALS, ['sts', 'get-caller-identity'], env);
      assert.equal(r.status, 0, r.stderr);
      assert.equal((r.json as { Arn: string }).Arn, `arn:aws:sts::${s.account.accountId}:assumed-role/CliWebIdentity/cli-provider`);

      // The environment form.
      const viaEnv = await awsAsync(s.url, NO_CREDENTIALS, ['sts', 'get-caller-identity'], { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: roleArn, AWS_ROLE_SESSION_NAME: 'cli-env', ...cliStsEndpoint(dir, s.url) });
      assert.equal(viaEnv.status, 0, viaEnv.stderr);
      assert.equal((viaEnv.json as { Arn: string }).Arn, `arn:aws:sts::${s.account.accountId}:assumed-role/CliWebIdentity/cli-env`);
    });
  });
}
