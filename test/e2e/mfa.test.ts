/**
 * Virtual MFA devices through the real AWS SDK v3 client against a live server, on both storage backends. The
 * server runs on a test clock (frozen near real time, so SigV4's 15-minute skew check still passes) that the
 * tests move step by step, so TOTP windows are exact. Codes come from the same library the server uses, and each
 * one is checked against an RFC 6238 implementation written here with node:crypto, itself checked against the
 * RFC's own test vectors.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetMFADeviceCommand,
  ListMFADeviceTagsCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  ResyncMFADeviceCommand,
  TagMFADeviceCommand,
  UntagMFADeviceCommand,
  type IAMClient,
  type ListVirtualMFADevicesCommandOutput,
} from '@aws-sdk/client-iam';
import { HOTP, Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { findStep, timeStep } from '../../src/services/auth/totp.js';
import type { Clock } from '../../src/services/deps.js';
import { verifyMfaCode } from '../../src/services/iam/ops/mfa.js';
import { backends, startLiveServer, type Credentials, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';

// ---- RFC 6238, independently (test only) ----

type Alg = 'sha1' | 'sha256' | 'sha512';

/** RFC 6238 §4 / RFC 4226 §5.3: HMAC over the 8-byte big-endian counter, dynamic truncation, modulo 10^digits. */
function rfcTotp(key: Buffer, counter: number, digits: number, alg: Alg = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac(alg, key).update(msg).digest();
  const off = (h[h.length - 1] ?? 0) & 0x0f;
  const bin = (((h[off] ?? 0) & 0x7f) << 24) | ((h[off + 1] ?? 0) << 16) | ((h[off + 2] ?? 0) << 8) | (h[off + 3] ?? 0);
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** RFC 4648 base32 decoding. */
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of text.replace(/=+$/, '')) {
    const i = alphabet.indexOf(c);
    if (i < 0) throw new Error(`not base32: ${c}`);
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The code for `step`, from the library the server uses, cross-checked against the RFC implementation above. */
function code(seed: string, step: number): string {
  const lib = HOTP.generate({ secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, counter: step });
  assert.equal(lib, rfcTotp(base32Decode(seed), step, 6), `library and RFC 6238 disagree at step ${step}`);
  return lib;
}

/** A code for `step` that is certainly not the right one. */
function wrong(seed: string, step: number): string {
  const c = code(seed, step);
  return c.slice(0, 5) + String((Number(c[5]) + 1) % 10);
}

describe('TOTP against RFC 6238 Appendix B', () => {
  const seeds: Record<Alg, string> = {
    sha1: '12345678901234567890',
    sha256: '12345678901234567890123456789012',
    sha512: '1234567890123456789012345678901234567890123456789012345678901234',
  };
  const vectors: [number, Record<Alg, string>][] = [
    [59, { sha1: '94287082', sha256: '46119246', sha512: '90693936' }],
    [1111111109, { sha1: '07081804', sha256: '68084774', sha512: '25091201' }],
    [1111111111, { sha1: '14050471', sha256: '67062674', sha512: '99943326' }],
    [1234567890, { sha1: '89005924', sha256: '91819424', sha512: '93441116' }],
    [2000000000, { sha1: '69279037', sha256: '90698825', sha512: '38618901' }],
    [20000000000, { sha1: '65353130', sha256: '77737706', sha512: '47863826' }],
  ];

  test('the test’s own implementation reproduces every vector', () => {
    for (const [t, expected] of vectors) {
      for (const alg of ['sha1', 'sha256', 'sha512'] as const) assert.equal(rfcTotp(Buffer.from(seeds[alg], 'ascii'), Math.floor(t / 30), 8, alg), expected[alg], `${alg} at T=${t}`);
    }
  });

  test('the library reproduces every vector', () => {
    for (const [t, expected] of vectors) {
      for (const alg of ['sha1', 'sha256', 'sha512'] as const) {
        const got = TOTP.generate({ secret: Secret.fromLatin1(seeds[alg]), algorithm: alg.toUpperCase(), digits: 8, period: 30, timestamp: t * 1000 });
        assert.equal(got, expected[alg], `${alg} at T=${t}`);
      }
    }
  });

  test('the server’s step arithmetic and code search find the SHA-1 vectors (6-digit codes are the last six digits)', () => {
    const seed = new Secret({ buffer: new TextEncoder().encode(seeds.sha1).buffer }).base32;
    for (const [t, expected] of vectors) {
      const step = timeStep(new Date(t * 1000));
      assert.equal(step, Math.floor(t / 30));
      assert.equal(findStep(seed, expected.sha1.slice(2), step - 1, step + 1), step);
      assert.equal(findStep(seed, expected.sha1.slice(2), step + 1, step + 3), undefined);
    }
  });
});

// ---- the live server ----

/**
 * A clock frozen 10 s into a TOTP step near real time; `at(n)` moves it to the same point of step T0 + n. SigV4
 * refuses requests more than 15 minutes off the server's clock, so tests stay within ±25 steps.
 */
class StepClock implements Clock {
  readonly t0 = Math.floor(Date.now() / 30_000);
  private t = this.t0 * 30_000 + 10_000;
  now(): Date {
    return new Date(this.t);
  }
  at(n: number): void {
    this.t = (this.t0 + n) * 30_000 + 10_000;
  }
}

function pngInfo(png: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png);
  assert.deepEqual([...b.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(b.readUInt32BE(8), 13, 'IHDR length');
  assert.equal(b.subarray(12, 16).toString('ascii'), 'IHDR', 'first chunk is IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

for (const { backend, skip } of backends()) {
  describe(`virtual MFA devices (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let clock: StepClock;
    let acct: string;
    const seeds = new Map<string, string>();
    const serialOf = (name: string, path = '/'): string => `arn:aws:iam::${acct}:mfa${path}${name}`;

    async function createDevice(name: string, client = iam): Promise<{ serial: string; seed: string }> {
      const r = await client.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }));
      const serial = r.VirtualMFADevice?.SerialNumber ?? '';
      const seed = Buffer.from(r.VirtualMFADevice?.Base32StringSeed ?? new Uint8Array()).toString('ascii');
      seeds.set(serial, seed);
      return { serial, seed };
    }

    before(async () => {
      clock = new StepClock();
      s = await startLiveServer(backend, { clock });
      iam = s.iam();
      acct = s.account.accountId;
      for (const u of ['mfa-alice', 'mfa-bob', 'mfa-many']) await iam.send(new CreateUserCommand({ UserName: u }));
    });
    after(() => s?.close());

    test('CreateVirtualMFADevice: serial with path, a 64-character base32 seed, a 250×250 PNG of the otpauth URI, tags', async () => {
      const r = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-phone', Path: '/phones/', Tags: [{ Key: 'owner', Value: 'alice' }] }));
      const d = r.VirtualMFADevice;
      assert.equal(d?.SerialNumber, serialOf('alice-phone', '/phones/'));
      const seed = Buffer.from(d?.Base32StringSeed ?? new Uint8Array()).toString('ascii');
      assert.match(seed, /^[A-Z2-7]{64}$/);
      assert.equal(base32Decode(seed).length, 40);
      seeds.set(d?.SerialNumber ?? '', seed);
      assert.deepEqual(d?.Tags, [{ Key: 'owner', Value: 'alice' }]);
      assert.equal(d?.User, undefined);
      assert.equal(d?.EnableDate, undefined);

      const png = d?.QRCodePNG ?? new Uint8Array();
      const info = pngInfo(png);
      assert.equal(info.width, 250);
      assert.equal(info.height, 250);
      const uri = `otpauth://totp/alice-phone@${acct}?secret=${seed}&issuer=Gatehouse`;
      const expected = await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', width: 250, margin: 4 });
      assert.ok(Buffer.from(png).equals(expected), 'the PNG is the QR code of the otpauth URI');

      const other = await createDevice('second');
      assert.notEqual(other.seed, seed, 'every device gets its own seed');
    });

    test('CreateVirtualMFADevice errors: a taken name regardless of case or path, bad tags', async () => {
      await rejects(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'ALICE-PHONE' })), 'EntityAlreadyExistsException', 409, 'MFA device already exists.');
      await rejects(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-phone', Path: '/other/' })), 'EntityAlreadyExistsException', 409, 'MFA device already exists.');
      await rejects(
        iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'dup-tags', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })),
        'InvalidInputException',
        400,
        /Duplicate tag keys/,
      );
      await rejects(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bad name' })), 'ValidationError', 400);
      const all = await iam.send(new ListVirtualMFADevicesCommand({}));
      assert.deepEqual(all.VirtualMFADevices?.map((v) => v.SerialNumber), [serialOf('alice-phone', '/phones/'), serialOf('second')]);
    });

    // PostgreSQL's rows are searched for every secret in test/e2e/secrets-at-rest.test.ts.
    if (backend === 'sqlite') test('the seed is stored sealed: neither its base32 text nor its bytes are in the SQLite files', () => {
      const serial = serialOf('alice-phone', '/phones/');
      const seed = seeds.get(serial) ?? '';
      assert.equal(seed.length, 64);
      const files = ['gatehouse.db', 'gatehouse.db-wal'].map((f) => join(s.dataDir, f)).filter((f) => existsSync(f));
      const raw = Buffer.concat(files.map((f) => readFileSync(f)));
      assert.ok(raw.includes(Buffer.from(serial, 'utf8')), 'the device record is in these files');
      for (const sd of seeds.values()) {
        assert.equal(raw.includes(Buffer.from(sd, 'ascii')), false, 'base32 seed in clear');
        assert.equal(raw.includes(Buffer.from(sd.toLowerCase(), 'ascii')), false, 'lower-case base32 seed in clear');
        assert.equal(raw.includes(base32Decode(sd)), false, 'raw seed bytes in clear');
        assert.equal(raw.includes(Buffer.from(base32Decode(sd).toString('base64'), 'ascii')), false, 'base64 seed in clear');
      }
    });

    test('EnableMFADevice takes two consecutive codes within ±1 step; wrong, reversed, repeated and stale codes are refused', async () => {
      const serial = serialOf('alice-phone', '/phones/');
      const seed = seeds.get(serial) ?? '';
      const t = clock.t0;
      clock.at(0);
      const enable = (c1: string, c2: string, user = 'mfa-alice') =>
        iam.send(new EnableMFADeviceCommand({ UserName: user, SerialNumber: serial, AuthenticationCode1: c1, AuthenticationCode2: c2 }));
      const invalid = 'Authentication code for device is not valid.';
      assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-alice' }))).MFADevices, []);
      await rejects(enable(wrong(seed, t - 1), code(seed, t)), 'InvalidAuthenticationCodeException', 403, invalid);
      await rejects(enable(code(seed, t - 1), wrong(seed, t)), 'InvalidAuthenticationCodeException', 403, invalid);
      await rejects(enable(code(seed, t), code(seed, t - 1)), 'InvalidAuthenticationCodeException', 403, invalid);
      await rejects(enable(code(seed, t), code(seed, t)), 'InvalidAuthenticationCodeException', 403, invalid);
      await rejects(enable(code(seed, t - 1), code(seed, t + 1)), 'InvalidAuthenticationCodeException', 403, invalid);
      await rejects(enable(code(seed, t - 2), code(seed, t - 1)), 'InvalidAuthenticationCodeException', 403, invalid);
      await rejects(enable(code(seed, t + 1), code(seed, t + 2)), 'InvalidAuthenticationCodeException', 403, invalid);
      await rejects(enable(code(seed, t - 1), code(seed, t), 'nobody'), 'NoSuchEntityException', 404, 'The user with name nobody cannot be found.');
      await rejects(
        iam.send(new EnableMFADeviceCommand({ UserName: 'mfa-alice', SerialNumber: serialOf('nothing'), AuthenticationCode1: '123456', AuthenticationCode2: '654321' })),
        'NoSuchEntityException',
        404,
        `MFA Device with serial number ${serialOf('nothing')} does not exist.`,
      );
      await rejects(
        iam.send(new EnableMFADeviceCommand({ UserName: 'mfa-alice', SerialNumber: serialOf('alice-phone'), AuthenticationCode1: '123456', AuthenticationCode2: '654321' })),
        'NoSuchEntityException',
        404,
        /does not exist/,
      );
      assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-alice' }))).MFADevices, [], 'refusals changed nothing');

      await enable(code(seed, t - 1), code(seed, t));
      await rejects(enable(code(seed, t), code(seed, t + 1), 'mfa-bob'), 'EntityAlreadyExistsException', 409, 'MFA Device is already in use.');
      const listed = await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-alice' }));
      assert.deepEqual(listed.MFADevices, [{ UserName: 'mfa-alice', SerialNumber: serial, EnableDate: clock.now() }]);
      assert.equal(listed.IsTruncated, false);
    });

    test('every code is usable once: replays and codes for steps at or before the last one used are refused', async () => {
      const serial = serialOf('alice-phone', '/phones/');
      const seed = seeds.get(serial) ?? '';
      const t = clock.t0;
      const { store, secrets } = s.runtime.iamDeps;
      const verify = (c: string, owner?: string | null) => verifyMfaCode(store, secrets, acct, serial, c, clock.now(), owner);
      clock.at(0);
      assert.equal(await verify(code(seed, t)), false, 'the enable code is spent');
      assert.equal(await verify(code(seed, t - 1)), false, 'so is the one before it');
      assert.equal(await verify(wrong(seed, t + 1)), false);
      assert.equal(await verify(code(seed, t + 1)), true);
      assert.equal(await verify(code(seed, t + 1)), false, 'a replayed code');
      clock.at(3);
      assert.equal(await verify(code(seed, t + 1)), false, 'out of the window');
      assert.equal(await verify(code(seed, t + 5)), false, 'out of the window');
      assert.equal(await verify(code(seed, t + 4)), true, 'one step ahead');
      assert.equal(await verify(code(seed, t + 3)), false, 'before the last step used');
      assert.equal(await verify(code(seed, t + 2)), false, 'before the last step used');
      clock.at(10);
      assert.equal(await verify(code(seed, t + 10), 'mfa-bob'), false, 'not bob’s device');
      assert.equal(await verify(code(seed, t + 10), null), false, 'not the root user’s device');
      assert.equal(await verify(code(seed, t + 10), 'MFA-ALICE'), true);
      assert.equal(await verifyMfaCode(store, secrets, acct, serialOf('second'), code(seeds.get(serialOf('second')) ?? '', t + 10), clock.now()), false, 'an unassigned device');
      const other = await s.createAccount();
      assert.equal(await verifyMfaCode(store, secrets, other.accountId, serial, code(seed, t + 11), clock.now()), false, 'another account');
      assert.equal(await verify('12345'), false);
    });

    test('ResyncMFADevice accepts two consecutive codes in a wider window and records the drift; replays are refused', async () => {
      const serial = serialOf('alice-phone', '/phones/');
      const seed = seeds.get(serial) ?? '';
      const t = clock.t0;
      const { store, secrets } = s.runtime.iamDeps;
      clock.at(10);
      const resync = (c1: string, c2: string, user = 'mfa-alice') =>
        iam.send(new ResyncMFADeviceCommand({ UserName: user, SerialNumber: serial, AuthenticationCode1: c1, AuthenticationCode2: c2 }));
      // The device's clock runs 5 steps ahead: its next code is refused until a resync.
      assert.equal(await verifyMfaCode(store, secrets, acct, serial, code(seed, t + 16), clock.now()), false);
      await rejects(resync(code(seed, t + 31), code(seed, t + 32)), 'InvalidAuthenticationCodeException', 403, 'Authentication code for device is not valid.');
      await rejects(resync(code(seed, t + 15), code(seed, t + 14)), 'InvalidAuthenticationCodeException', 403);
      await rejects(resync(code(seed, t + 9), code(seed, t + 10)), 'InvalidAuthenticationCodeException', 403, 'Authentication code for device is not valid.');
      await rejects(resync(code(seed, t + 14), code(seed, t + 15), 'mfa-bob'), 'NoSuchEntityException', 404);
      await resync(code(seed, t + 14), code(seed, t + 15));
      // A replayed pair.
      await rejects(resync(code(seed, t + 14), code(seed, t + 15)), 'InvalidAuthenticationCodeException', 403, 'Authentication code for device is not valid.');
      assert.equal(await verifyMfaCode(store, secrets, acct, serial, code(seed, t + 16), clock.now()), true, 'the drift is applied');
      assert.equal(await verifyMfaCode(store, secrets, acct, serial, code(seed, t + 11), clock.now()), false);
    });

    test('GetMFADevice and ListVirtualMFADevices show the assignment', async () => {
      const serial = serialOf('alice-phone', '/phones/');
      const g = await iam.send(new GetMFADeviceCommand({ UserName: 'mfa-alice', SerialNumber: serial }));
      assert.equal(g.UserName, 'mfa-alice');
      assert.equal(g.SerialNumber, serial);
      assert.equal(g.EnableDate?.getTime(), (clock.t0 * 30 + 10) * 1000);
      assert.equal(g.Certifications, undefined);
      await rejects(iam.send(new GetMFADeviceCommand({ UserName: 'mfa-bob', SerialNumber: serial })), 'NoSuchEntityException', 404);
      await rejects(iam.send(new GetMFADeviceCommand({ UserName: 'mfa-alice', SerialNumber: serialOf('second') })), 'NoSuchEntityException', 404);
      await rejects(iam.send(new GetMFADeviceCommand({ UserName: 'nobody', SerialNumber: serial })), 'NoSuchEntityException', 404, 'The user with name nobody cannot be found.');
      await rejects(iam.send(new ListMFADevicesCommand({ UserName: 'nobody' })), 'NoSuchEntityException', 404, 'The user with name nobody cannot be found.');

      const assigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
      assert.equal(assigned.VirtualMFADevices?.length, 1);
      const a = assigned.VirtualMFADevices?.[0];
      assert.equal(a?.SerialNumber, serial);
      assert.equal(a?.User?.UserName, 'mfa-alice');
      assert.equal(a?.User?.Arn, `arn:aws:iam::${acct}:user/mfa-alice`);
      assert.match(a?.User?.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
      assert.equal(a?.EnableDate?.getTime(), g.EnableDate?.getTime());
      assert.equal(a?.Tags, undefined, 'listings leave tags out');
      assert.equal(a?.Base32StringSeed, undefined, 'the seed is never returned again');
      const unassigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
      assert.deepEqual(unassigned.VirtualMFADevices, [{ SerialNumber: serialOf('second') }]);
      const any = await iam.send(new ListVirtualMFADevicesCommand({}));
      assert.deepEqual(any.VirtualMFADevices?.map((v) => v.SerialNumber), [serial, serialOf('second')]);
    });

    test('a user with an enabled device can’t be deleted, nor can the device', async () => {
      await rejects(iam.send(new DeleteUserCommand({ UserName: 'mfa-alice' })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete MFA device first.');
      await rejects(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialOf('alice-phone', '/phones/') })), 'DeleteConflictException', 409, 'MFA VirtualDevice in use. Must deactivate first.');
    });

    test('tags: TagMFADevice, ListMFADeviceTags with paging, UntagMFADevice', async () => {
      const serial = serialOf('alice-phone', '/phones/');
      await iam.send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [{ Key: 'OWNER', Value: 'alice2' }, { Key: 'kind', Value: 'phone' }] }));
      const tags = await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }));
      assert.deepEqual(tags.Tags, [{ Key: 'OWNER', Value: 'alice2' }, { Key: 'kind', Value: 'phone' }]);
      const p1 = await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial, MaxItems: 1 }));
      assert.equal(p1.IsTruncated, true);
      const p2 = await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial, MaxItems: 1, Marker: p1.Marker }));
      assert.deepEqual([...(p1.Tags ?? []), ...(p2.Tags ?? [])], tags.Tags);
      await iam.send(new UntagMFADeviceCommand({ SerialNumber: serial, TagKeys: ['owner'] }));
      assert.deepEqual((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags, [{ Key: 'kind', Value: 'phone' }]);
      const missing = `MFA Device with serial number ${serialOf('nothing')} does not exist.`;
      await rejects(iam.send(new TagMFADeviceCommand({ SerialNumber: serialOf('nothing'), Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntityException', 404, missing);
      await rejects(iam.send(new UntagMFADeviceCommand({ SerialNumber: serialOf('nothing'), TagKeys: ['a'] })), 'NoSuchEntityException', 404, missing);
      await rejects(iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serialOf('nothing') })), 'NoSuchEntityException', 404, missing);
      const fifty = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      await rejects(iam.send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [...fifty, { Key: 'extra', Value: 'v' }] })), 'LimitExceededException', 409);
      assert.equal((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags?.length, 1, 'a refused tag call changed nothing');
    });

    test('DeactivateMFADevice leaves the device unassigned; its used codes can’t enable it again; then user and device can be deleted', async () => {
      const serial = serialOf('alice-phone', '/phones/');
      const seed = seeds.get(serial) ?? '';
      const t = clock.t0;
      const { store, secrets } = s.runtime.iamDeps;
      await rejects(iam.send(new DeactivateMFADeviceCommand({ UserName: 'mfa-bob', SerialNumber: serial })), 'NoSuchEntityException', 404, 'MFA Device invalid for user.');
      await rejects(iam.send(new DeactivateMFADeviceCommand({ UserName: 'nobody', SerialNumber: serial })), 'NoSuchEntityException', 404, 'The user with name nobody cannot be found.');
      await rejects(iam.send(new DeactivateMFADeviceCommand({ UserName: 'mfa-alice', SerialNumber: serialOf('nothing') })), 'NoSuchEntityException', 404, `MFA Device with serial number ${serialOf('nothing')} does not exist.`);
      await iam.send(new DeactivateMFADeviceCommand({ UserName: 'mfa-alice', SerialNumber: serial }));
      assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-alice' }))).MFADevices, []);
      const unassigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
      assert.deepEqual(unassigned.VirtualMFADevices?.map((v) => v.SerialNumber), [serial, serialOf('second')]);
      clock.at(17);
      assert.equal(await verifyMfaCode(store, secrets, acct, serial, code(seed, t + 17), clock.now()), false, 'an unassigned device accepts no code');

      const enable = (c1: string, c2: string) => iam.send(new EnableMFADeviceCommand({ UserName: 'mfa-bob', SerialNumber: serial, AuthenticationCode1: c1, AuthenticationCode2: c2 }));
      clock.at(0);
      // The first enable's codes, replayed.
      await rejects(enable(code(seed, t - 1), code(seed, t)), 'InvalidAuthenticationCodeException', 403, 'Authentication code for device is not valid.');
      clock.at(20);
      await enable(code(seed, t + 19), code(seed, t + 20));
      assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-bob' }))).MFADevices?.map((d) => d.SerialNumber), [serial]);
      await iam.send(new DeactivateMFADeviceCommand({ UserName: 'mfa-bob', SerialNumber: serial }));

      await iam.send(new DeleteUserCommand({ UserName: 'mfa-alice' }));
      await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
      await rejects(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), 'NoSuchEntityException', 404, `MFA Device with serial number ${serial} does not exist.`);
      assert.deepEqual((await iam.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices?.map((v) => v.SerialNumber), [serialOf('second')]);
      // The name is free again.
      await createDevice('alice-phone');
    });

    test('a user has at most 8 MFA devices; ListVirtualMFADevices pages by Marker', async () => {
      clock.at(-5);
      const t = clock.t0 - 5;
      for (let i = 1; i <= 9; i++) {
        const d = await createDevice(`many-${i}`);
        const send = iam.send(new EnableMFADeviceCommand({ UserName: 'mfa-many', SerialNumber: d.serial, AuthenticationCode1: code(d.seed, t - 1), AuthenticationCode2: code(d.seed, t) }));
        if (i <= 8) await send;
        else await rejects(send, 'LimitExceededException', 409, 'Cannot exceed quota for MFADevicesPerUser: 8');
      }
      const mine = await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-many', MaxItems: 5 }));
      assert.equal(mine.MFADevices?.length, 5);
      assert.equal(mine.IsTruncated, true);
      const rest = await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-many', Marker: mine.Marker }));
      assert.equal(rest.MFADevices?.length, 3);

      const seen: string[] = [];
      let marker: string | undefined;
      do {
        const page: ListVirtualMFADevicesCommandOutput = await iam.send(new ListVirtualMFADevicesCommand({ MaxItems: 4, Marker: marker }));
        seen.push(...(page.VirtualMFADevices ?? []).map((v) => v.SerialNumber ?? ''));
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
      assert.deepEqual(seen, [serialOf('alice-phone'), ...Array.from({ length: 9 }, (_, i) => serialOf(`many-${i + 1}`)), serialOf('second')]);
      const assigned: string[] = [];
      marker = undefined;
      do {
        const page: ListVirtualMFADevicesCommandOutput = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned', MaxItems: 3, Marker: marker }));
        assigned.push(...(page.VirtualMFADevices ?? []).map((v) => v.SerialNumber ?? ''));
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
      assert.deepEqual(assigned, Array.from({ length: 8 }, (_, i) => serialOf(`many-${i + 1}`)));
    });

    test('the root user enables its own device by giving its account ID, and lists and deactivates it without a UserName', async () => {
      const { store, secrets, ids } = s.runtime.iamDeps;
      // Bootstrap gives the root user no access key: make one as CreateAccessKey would for root.
      const id = ids.accessKeyId('AKIA');
      const secret = ids.secretAccessKey();
      await store.transaction((tx) =>
        tx.insert({ accountId: acct, kind: 'access-key', parent: '#root', key: id, id, createdAt: Date.now(), data: { AccessKeyId: id, UserName: null, Status: 'Active', CreateDate: new Date().toISOString(), SecretSealed: secrets.seal(secret, id) } }),
      );
      const root = s.iam({ accessKeyId: id, secretAccessKey: secret } satisfies Credentials);
      clock.at(-10);
      const t = clock.t0 - 10;
      const d = await createDevice('root-account-mfa-device', root);
      await root.send(new EnableMFADeviceCommand({ UserName: acct, SerialNumber: d.serial, AuthenticationCode1: code(d.seed, t), AuthenticationCode2: code(d.seed, t + 1) }));
      const mine = await root.send(new ListMFADevicesCommand({}));
      assert.deepEqual(mine.MFADevices, [{ UserName: acct, SerialNumber: d.serial, EnableDate: clock.now() }]);
      assert.deepEqual((await root.send(new GetMFADeviceCommand({ SerialNumber: d.serial }))).SerialNumber, d.serial);
      const v = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }))).VirtualMFADevices?.find((x) => x.SerialNumber === d.serial);
      assert.equal(v?.User?.Arn, `arn:aws:iam::${acct}:root`);
      assert.equal(v?.User?.UserId, acct);
      assert.equal(v?.User?.UserName, undefined);
      assert.deepEqual((await iam.send(new ListMFADevicesCommand({}))).MFADevices, [], 'the admin user (the caller) has none');
      assert.equal(await verifyMfaCode(store, secrets, acct, d.serial, code(d.seed, t + 1), clock.now(), null), false, 'spent by the enable');
      clock.at(-9);
      assert.equal(await verifyMfaCode(store, secrets, acct, d.serial, code(d.seed, t + 2), clock.now(), 'mfa-bob'), false);
      assert.equal(await verifyMfaCode(store, secrets, acct, d.serial, code(d.seed, t + 2), clock.now(), null), true);
      await root.send(new DeactivateMFADeviceCommand({ SerialNumber: d.serial }));
      assert.deepEqual((await root.send(new ListMFADevicesCommand({}))).MFADevices, []);
      await root.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.serial }));
    });

    test('enforcement: a user allowed to manage only its own MFA', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'mfa-self' }));
      const key = (await s.runtime.iamDeps.store.get(acct, 'user', '', 'mfa-self'))?.key;
      assert.equal(key, 'mfa-self');
      const doc = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice', 'iam:TagMFADevice', 'iam:ListMFADeviceTags'], Resource: `arn:aws:iam::${acct}:mfa/\${aws:username}` },
          { Effect: 'Allow', Action: ['iam:EnableMFADevice', 'iam:DeactivateMFADevice', 'iam:ListMFADevices', 'iam:GetMFADevice', 'iam:CreateAccessKey'], Resource: `arn:aws:iam::${acct}:user/\${aws:username}` },
        ],
      });
      // No PutUserPolicy yet: the inline policy goes straight into the store, before the user's first call.
      await s.runtime.iamDeps.store.transaction((tx) =>
        tx.insert({ accountId: acct, kind: 'inline-policy', parent: 'user:mfa-self', key: 'self-mfa', createdAt: Date.now(), data: { PolicyName: 'self-mfa', PolicyDocument: doc } }),
      );
      const { ids, secrets } = s.runtime.iamDeps;
      const id = ids.accessKeyId('AKIA');
      const secret = ids.secretAccessKey();
      await s.runtime.iamDeps.store.transaction((tx) =>
        tx.insert({ accountId: acct, kind: 'access-key', parent: 'mfa-self', key: id, id, createdAt: Date.now(), data: { AccessKeyId: id, UserName: 'mfa-self', Status: 'Active', CreateDate: new Date().toISOString(), SecretSealed: secrets.seal(secret, id) } }),
      );
      const self = s.iam({ accessKeyId: id, secretAccessKey: secret });
      const denied = (action: string, resource: string) => new RegExp(`User: arn:aws:iam::${acct}:user/mfa-self is not authorized to perform: iam:${action} on resource: ${resource.replace(/[*]/g, '\\*')} because no identity-based policy allows the iam:${action} action`);

      await rejects(self.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'not-mine' })), 'AccessDenied', 403, denied('CreateVirtualMFADevice', `arn:aws:iam::${acct}:mfa/not-mine`));
      const d = await createDevice('mfa-self', self);
      await self.send(new TagMFADeviceCommand({ SerialNumber: d.serial, Tags: [{ Key: 'k', Value: 'v' }] }));
      await rejects(self.send(new TagMFADeviceCommand({ SerialNumber: serialOf('second'), Tags: [{ Key: 'k', Value: 'v' }] })), 'AccessDenied', 403, denied('TagMFADevice', serialOf('second')));
      await rejects(self.send(new ListVirtualMFADevicesCommand({})), 'AccessDenied', 403, denied('ListVirtualMFADevices', '*'));
      clock.at(-15);
      const t = clock.t0 - 15;
      await rejects(
        self.send(new EnableMFADeviceCommand({ UserName: 'mfa-bob', SerialNumber: d.serial, AuthenticationCode1: code(d.seed, t), AuthenticationCode2: code(d.seed, t + 1) })),
        'AccessDenied',
        403,
        denied('EnableMFADevice', `arn:aws:iam::${acct}:user/mfa-bob`),
      );
      await self.send(new EnableMFADeviceCommand({ UserName: 'mfa-self', SerialNumber: d.serial, AuthenticationCode1: code(d.seed, t), AuthenticationCode2: code(d.seed, t + 1) }));
      assert.deepEqual((await self.send(new ListMFADevicesCommand({}))).MFADevices?.map((x) => x.SerialNumber), [d.serial], 'no UserName: the caller’s own devices');
      await rejects(self.send(new ListMFADevicesCommand({ UserName: 'mfa-bob' })), 'AccessDenied', 403, denied('ListMFADevices', `arn:aws:iam::${acct}:user/mfa-bob`));
      await rejects(self.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.serial })), 'DeleteConflictException', 409);
      await self.send(new DeactivateMFADeviceCommand({ SerialNumber: d.serial }));
      await self.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.serial }));
    });
  });
}
