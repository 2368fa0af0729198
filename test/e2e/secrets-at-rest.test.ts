/**
 * Secrets never rest in clear: known secrets written through the API (a secret access key, a password, a TOTP
 * seed, a server certificate's private key, a service-specific password) are searched for in the raw
 * database — the SQLite files' bytes, every row of every PostgreSQL table — and in the audit trail.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  UploadServerCertificateCommand,
} from '@aws-sdk/client-iam';
import pg from 'pg';
import { backends, startLiveServer, type LiveServer } from '../support/live-server.js';
import { makeCertificate, makeKeyPair } from '../support/certificates.js';

/** Every form a secret could take in storage: as given, base64, hex, lower-case. */
function forms(secret: string | Buffer): Buffer[] {
  const b = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  const out = [b, Buffer.from(b.toString('base64')), Buffer.from(b.toString('hex'))];
  if (typeof secret === 'string') out.push(Buffer.from(secret.toLowerCase()));
  return out;
}

async function rawDatabase(s: LiveServer): Promise<Buffer> {
  await s.runtime.audit.flush();
  if (s.backend === 'sqlite') {
    const files = ['gatehouse.db', 'gatehouse.db-wal'].map((f) => join(s.dataDir, f)).filter((f) => existsSync(f));
    return Buffer.concat(files.map((f) => readFileSync(f)));
  }
  const client = new pg.Client({ connectionString: s.connectionString });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await client.query(`SELECT * FROM "${table_name}"`);
      parts.push(JSON.stringify(rows.rows));
    }
    return Buffer.from(parts.join('\n'), 'utf8');
  } finally {
    await client.end();
  }
}

for (const { backend, skip } of backends()) {
  describe(`secrets at rest (${backend})`, { skip }, () => {
    let s: LiveServer;
    before(async () => {
      s = await startLiveServer(backend);
    });
    after(() => s?.close());

    test('no secret written through the API appears in the database', async () => {
      const iam = s.iam();
      await iam.send(new CreateUserCommand({ UserName: 'holder' }));
      const secrets: { what: string; value: string | Buffer }[] = [];
      const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'holder' }));
      secrets.push({ what: 'secret access key', value: key.AccessKey?.SecretAccessKey ?? '' });
      secrets.push({ what: "the admin's secret access key", value: s.admin.secretAccessKey });
      secrets.push({ what: 'root password', value: s.account.root.password });
      const password = 'Correct-Horse-Battery-9!';
      await iam.send(new CreateLoginProfileCommand({ UserName: 'holder', Password: password }));
      secrets.push({ what: 'password', value: password });
      const mfa = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'holder-phone' }));
      const seed = Buffer.from(mfa.VirtualMFADevice?.Base32StringSeed ?? new Uint8Array()).toString('ascii');
      assert.ok(seed.length >= 32, 'a base32 seed came back');
      secrets.push({ what: 'TOTP seed', value: seed });
      const kp = makeKeyPair();
      const body = makeCertificate({ subject: 'secret.example.com', key: kp });
      await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'web', CertificateBody: body, PrivateKey: kp.privatePem }));
      secrets.push({ what: 'private key', value: kp.privatePem.split('\n').slice(1, 3).join('') });
      const ssc = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'holder', ServiceName: 'codecommit.amazonaws.com' }));
      secrets.push({ what: 'service-specific password', value: ssc.ServiceSpecificCredential?.ServicePassword ?? '' });
      for (const x of secrets) assert.ok(x.value.length >= 16, `${x.what} is a real secret`);

      const raw = await rawDatabase(s);
      assert.ok(raw.includes(Buffer.from('holder')), 'the records are in what was read');
      for (const x of secrets) {
        for (const f of forms(x.value)) assert.equal(raw.includes(f), false, `${x.what} found in the ${backend} database`);
      }
    });
  });
}
