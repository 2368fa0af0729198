/**
 * Virtual MFA devices: CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice, ResyncMFADevice,
 * DeleteVirtualMFADevice, ListMFADevices, ListVirtualMFADevices, GetMFADevice, TagMFADevice, UntagMFADevice,
 * ListMFADeviceTags; and `verifyMfaCode`, which STS and console sign-in call to check a code.
 *
 * Storage: kind `mfa-device`, key the lower-case device name (unique in the account whatever the path), id the
 * serial number. An enabled device hangs off its owner: parent the user's key (so DeleteUser's count of
 * `mfa-device` under the user refuses while one is enabled, and renames move it), or `#root` for the root user;
 * a device nobody has enabled hangs off `#unassigned`. Enable and Deactivate move the record between parents.
 *
 * The seed is stored sealed under the master key (context: the serial number) and is never logged; it leaves the
 * server once, in CreateVirtualMFADevice's answer.
 *
 * Every code is usable once: a device remembers the last time step it accepted (`LastStep`), and a code for that
 * step or an earlier one is refused, whether it comes to EnableMFADevice, ResyncMFADevice or `verifyMfaCode`.
 * Each of them reads and advances `LastStep` in one transaction that holds the device's lock.
 */
import QRCode from 'qrcode';
import type { StructureValue } from '../../../protocol/model/index.js';
import type { JsonObject, RecordReader, RecordWriter, Store, StoredRecord } from '../../../store/contract.js';
import { isStoreError } from '../../../store/errors.js';
import { findStep, newSeed, otpauthUri, timeStep } from '../../auth/totp.js';
import type { SecretBox } from '../../deps.js';
import { AwsError, alreadyExists, deleteConflict, limitExceeded, noSuchEntity, validationError } from '../../errors.js';
import type { Input } from '../../input.js';
import { mfaArn, rootArn } from '../arns.js';
import { checkTags, date, requestTagContext, resourceTagContext, tagsOut } from '../common.js';
import { dataOf, getData, key, lockUser, type AccountData, type Tag, type UserData } from '../entities.js';
import type { IamEnv, OperationTable } from '../operation.js';
import { pageArray, pageMembers, pageOf } from '../pagination.js';
import { ROOT_KEY_PARENT } from './access-keys.js';
import { CASELESS_KEYS, tagOperations } from './tag-operations.js';
import { USERS_PER_ACCOUNT, userOut, userTarget } from './users.js';

export const MFA_DEVICES_PER_USER = 8;
/**
 * IAM allows as many virtual MFA devices, assigned or not, as the account may have users.
 */
export const VIRTUAL_MFA_DEVICES_PER_ACCOUNT = USERS_PER_ACCOUNT;
/** The parent of devices nobody has enabled: `#` can't appear in a user name. */
export const UNASSIGNED_PARENT = '#unassigned';
/** The root user's devices hang off the same parent as its access keys. */
export const ROOT_MFA_PARENT = ROOT_KEY_PARENT;
/** Steps either side of the (drift-corrected) current step in which a code is accepted: ±30 s. */
export const CODE_WINDOW = 1;
/** ResyncMFADevice searches wider, since the device's clock is what drifted: ±5 minutes. */
export const RESYNC_WINDOW = 10;
/** The issuer in the provisioning URI: authenticator apps file the entry under the service that checks it. */
export const QR_ISSUER = 'Gatehouse';

export interface MfaDeviceData extends JsonObject {
  SerialNumber: string;
  /** The VirtualMFADeviceName as created. */
  Name: string;
  Path: string;
  CreateDate: string;
  Tags: Tag[];
  /** The base32 seed sealed under the master key (context: the serial number). */
  SeedSealed: string;
  /** The owning user's name while enabled for a user; null when unassigned or the root user's. */
  UserName: string | null;
  EnableDate: string | null;
  /** The last time step a code was accepted for (replays of it and earlier codes are refused); null before any. */
  LastStep: number | null;
  /** How many steps the device's clock runs ahead of ours (negative: behind), as ResyncMFADevice measured it. */
  Drift: number;
}

const notFound = (serial: string): AwsError => noSuchEntity(`MFA Device with serial number ${serial} does not exist.`);
// Unconfirmed wording: an AWS-compatible implementation answers this for a device that isn't the user's.
const invalidForUser = (): AwsError => noSuchEntity('MFA Device invalid for user.');
const invalidCode = (): AwsError => new AwsError('InvalidAuthenticationCode', 'Authentication code for device is not valid.');

/** `arn:aws:iam::ACCOUNT:mfa/PATH/NAME` → its parts. */
export function parseMfaSerial(serial: string): { account: string; path: string; name: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}):mfa(\/(?:.*\/)?)([^/]+)$/.exec(serial);
  if (!m) return undefined;
  return { account: m[1] ?? '', path: m[2] ?? '/', name: m[3] ?? '' };
}

/** The virtual MFA device with this serial number in the account (names match regardless of case), or undefined. */
export async function findMfaDevice(r: RecordReader, accountId: string, serial: string): Promise<StoredRecord | undefined> {
  const p = parseMfaSerial(serial);
  if (!p || p.account !== accountId) return undefined;
  const recs = await r.listByKey(accountId, 'mfa-device', key(p.name));
  return recs.find((rec) => dataOf<MfaDeviceData>(rec).Path === p.path);
}

/**
 * Holds a device name against concurrent changes. Every write to a device takes this one address, wherever the
 * record lives at the time (under its owner or `#unassigned`), so moves between parents can't race.
 */
async function lockDeviceName(tx: RecordWriter, accountId: string, serial: string): Promise<void> {
  const p = parseMfaSerial(serial);
  if (p) await tx.lock(accountId, 'mfa-device', UNASSIGNED_PARENT, key(p.name));
}

/** Who an MFA device is enabled for: the root user (`userName` undefined) or a user. */
export interface MfaOwner {
  parent: string;
  userName?: string;
}

/**
 * The owner a call is about: the named user, else the calling user. The root user refers to itself by leaving
 * UserName out or by giving its account ID (what ListMFADevices reports as the root user's name); EnableMFADevice
 * and ResyncMFADevice require a UserName, so the account ID is how the root user enables its own devices. Other
 * callers (role sessions) must name a user: undefined here.
 */
function ownerOf(input: Input, env: IamEnv): MfaOwner | undefined {
  const { caller } = env.ctx;
  const name = input.optStr('UserName');
  if (caller.kind === 'root' && (name === undefined || name === caller.accountId)) return { parent: ROOT_MFA_PARENT };
  if (name !== undefined) return { parent: key(name), userName: name };
  if (caller.kind === 'user' && caller.userName !== undefined) return { parent: key(caller.userName), userName: caller.userName };
  return undefined;
}

function requireOwner(input: Input, env: IamEnv): MfaOwner {
  const o = ownerOf(input, env);
  if (!o) throw validationError('Must specify userName when calling with non-User credentials');
  return o;
}

/** Calls about a user's devices are authorized against the user (the root user's: the account root). */
async function ownerAuthz(input: Input, env: IamEnv): Promise<{ resource: string; context?: ReturnType<typeof resourceTagContext> }> {
  const o = ownerOf(input, env);
  if (!o) return { resource: env.ctx.caller.arn };
  if (o.userName === undefined) return { resource: rootArn(env.ctx.caller.accountId) };
  const t = await userTarget(env, o.userName);
  return { resource: t.resource, context: t.context };
}

/** Calls about a device itself are authorized against its serial number (the `mfa` resource), with its tags. */
async function deviceAuthz(input: Input, env: IamEnv): Promise<{ resource: string; context: ReturnType<typeof resourceTagContext> }> {
  const serial = input.str('SerialNumber');
  const rec = await findMfaDevice(env.deps.store, env.ctx.caller.accountId, serial);
  return { resource: rec ? dataOf<MfaDeviceData>(rec).SerialNumber : serial, context: resourceTagContext(rec ? dataOf<MfaDeviceData>(rec).Tags : []) };
}

/** Locks the owner for the rest of the transaction; the user's name as stored (null for root). */
async function lockOwner(tx: RecordWriter, accountId: string, o: MfaOwner): Promise<string | null> {
  if (o.userName === undefined) {
    await tx.lock(accountId, 'account', '', accountId);
    return null;
  }
  return (await lockUser(tx, accountId, o.userName)).UserName;
}

/** Locks the owner and the device, and returns the device, which must be enabled for that owner. */
async function lockOwnedDevice(tx: RecordWriter, accountId: string, o: MfaOwner, serial: string): Promise<StoredRecord> {
  await lockOwner(tx, accountId, o);
  await lockDeviceName(tx, accountId, serial);
  const rec = await findMfaDevice(tx, accountId, serial);
  if (!rec) throw notFound(serial);
  if (rec.parent !== o.parent) throw invalidForUser();
  return rec;
}

/** Moves a device record to another parent (enable, deactivate), keeping its creation time. */
async function moveDevice(tx: RecordWriter, rec: StoredRecord, parent: string, data: MfaDeviceData): Promise<void> {
  await tx.delete(rec.accountId, 'mfa-device', rec.parent, rec.key);
  await tx.insert({ ...rec, parent, data });
}

/**
 * Two consecutive codes, the second one step after the first, at steps in `[centre - window, centre + window]`
 * and after the last step used. Returns the second code's step.
 */
function consecutiveCodes(seed: string, d: MfaDeviceData, code1: string, code2: string, centre: number, window: number): number | undefined {
  const floor = d.LastStep === null ? centre - window : Math.max(centre - window, d.LastStep + 1);
  const first = findStep(seed, code1, floor, centre + window - 1);
  if (first === undefined) return undefined;
  return findStep(seed, code2, first + 1, first + 1);
}

function mfaDeviceOut(d: MfaDeviceData, accountId: string): StructureValue {
  return { UserName: d.UserName ?? accountId, SerialNumber: d.SerialNumber, EnableDate: date(d.EnableDate ?? d.CreateDate) };
}

/**
 * Checks a code from an enabled virtual MFA device, as STS (GetSessionToken, AssumeRole with SerialNumber and
 * TokenCode) and console sign-in do. True when the code belongs to the current step (±1, corrected by the drift
 * ResyncMFADevice measured) and to a step after the last one accepted; the step is then recorded, so the same code
 * never passes twice. False for anything else: an unknown, unassigned or other account's device, a device not
 * enabled for `owner` when given (a user name, or null for the root user), a wrong or replayed code.
 *
 * @example
 *   if (!(await verifyMfaCode(store, secrets, caller.accountId, serial, tokenCode, now, caller.userName ?? null))) {
 *     throw accessDenied('MultiFactorAuthentication failed with invalid MFA one time pass code.');
 *   }
 */
export async function verifyMfaCode(store: Store, secrets: SecretBox, accountId: string, serialNumber: string, code: string, now: Date, owner?: string | null): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  return store.transaction(async (tx) => {
    await lockDeviceName(tx, accountId, serialNumber);
    const rec = await findMfaDevice(tx, accountId, serialNumber);
    if (!rec || rec.parent === UNASSIGNED_PARENT) return false;
    if (owner !== undefined && rec.parent !== (owner === null ? ROOT_MFA_PARENT : key(owner))) return false;
    const d = dataOf<MfaDeviceData>(rec);
    const centre = timeStep(now) + d.Drift;
    const floor = d.LastStep === null ? centre - CODE_WINDOW : Math.max(centre - CODE_WINDOW, d.LastStep + 1);
    const step = findStep(secrets.open(d.SeedSealed, d.SerialNumber), code, floor, centre + CODE_WINDOW);
    if (step === undefined) return false;
    await tx.update({ ...rec, data: { ...d, LastStep: step } });
    return true;
  });
}

/** The owner of an enabled device (for STS to say which principal a serial number belongs to), or undefined. */
export async function mfaDeviceOwner(store: RecordReader, accountId: string, serialNumber: string): Promise<{ root: true } | { root: false; userName: string } | undefined> {
  const rec = await findMfaDevice(store, accountId, serialNumber);
  if (!rec || rec.parent === UNASSIGNED_PARENT) return undefined;
  const d = dataOf<MfaDeviceData>(rec);
  return rec.parent === ROOT_MFA_PARENT || d.UserName === null ? { root: true } : { root: false, userName: d.UserName };
}

const deviceTags = tagOperations({
  member: 'SerialNumber',
  authz: deviceAuthz,
  async tags(env, serial) {
    const rec = await findMfaDevice(env.deps.store, env.ctx.caller.accountId, serial);
    if (!rec) throw notFound(serial);
    return dataOf<MfaDeviceData>(rec).Tags;
  },
  updateTags: (env, serial, change) =>
    env.deps.store.transaction(async (tx) => {
      const { accountId } = env.ctx.caller;
      await lockDeviceName(tx, accountId, serial);
      const rec = await findMfaDevice(tx, accountId, serial);
      if (!rec) throw notFound(serial);
      const d = dataOf<MfaDeviceData>(rec);
      await tx.update({ ...rec, data: { ...d, Tags: change(d.Tags) } });
    }),
  keys: CASELESS_KEYS,
  sortList: false,
});

export const mfaOperations: OperationTable = {
  CreateVirtualMFADevice: {
    authorize(input, env) {
      const path = input.optStr('Path') ?? '/';
      return { resource: mfaArn(env.ctx.caller.accountId, path, input.str('VirtualMFADeviceName')), context: requestTagContext(input.tags()) };
    },
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('VirtualMFADeviceName');
      const path = input.optStr('Path') ?? '/';
      const tags = input.tags();
      checkTags(tags);
      const serial = mfaArn(accountId, path, name);
      const seed = newSeed();
      const account = await getData<AccountData>(deps.store, accountId, 'account', '', accountId);
      const uri = otpauthUri({ deviceName: name, accountName: account?.Alias ?? accountId, seedBase32: seed, issuer: QR_ISSUER });
      // AWS's QR codes are 250×250 PNGs.
      const png = await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', width: 250, margin: 4 });
      const data: MfaDeviceData = {
        SerialNumber: serial,
        Name: name,
        Path: path,
        CreateDate: ctx.now.toISOString(),
        Tags: tags,
        SeedSealed: deps.secrets.seal(seed, serial),
        UserName: null,
        EnableDate: null,
        LastStep: null,
        Drift: 0,
      };
      await deps.store.transaction(async (tx) => {
        await tx.lock(accountId, 'account', '', accountId);
        await lockDeviceName(tx, accountId, serial);
        if ((await tx.listByKey(accountId, 'mfa-device', key(name))).length > 0) throw alreadyExists('MFA device already exists.');
        if ((await tx.count(accountId, 'mfa-device')) >= VIRTUAL_MFA_DEVICES_PER_ACCOUNT) {
          // Unconfirmed wording: AWS's quota name for virtual MFA devices per account.
          throw limitExceeded(`Cannot exceed quota for VirtualMFADevicesPerAccount: ${VIRTUAL_MFA_DEVICES_PER_ACCOUNT}`);
        }
        try {
          await tx.insert({ accountId, kind: 'mfa-device', parent: UNASSIGNED_PARENT, key: key(name), id: serial, path, createdAt: ctx.now.getTime(), data });
        } catch (e) {
          if (isStoreError(e, 'conflict')) throw alreadyExists('MFA device already exists.');
          throw e;
        }
      });
      return {
        VirtualMFADevice: {
          SerialNumber: serial,
          // The blob is the base32 text itself (the SDKs hand its bytes to authenticator set-up as they are).
          Base32StringSeed: Buffer.from(seed, 'ascii'),
          QRCodePNG: png,
          ...tagsOut(tags),
        },
      };
    },
  },

  EnableMFADevice: {
    authorize: ownerAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const o = requireOwner(input, { ctx, deps });
      const serial = input.str('SerialNumber');
      await deps.store.transaction(async (tx) => {
        const userName = await lockOwner(tx, accountId, o);
        await lockDeviceName(tx, accountId, serial);
        const rec = await findMfaDevice(tx, accountId, serial);
        if (!rec) throw notFound(serial);
        if (rec.parent !== UNASSIGNED_PARENT) throw alreadyExists('MFA Device is already in use.');
        if ((await tx.count(accountId, 'mfa-device', o.parent)) >= MFA_DEVICES_PER_USER) {
          // Unconfirmed wording: the quota is 8 devices per user (and per root user).
          throw limitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${MFA_DEVICES_PER_USER}`);
        }
        const d = dataOf<MfaDeviceData>(rec);
        const seed = deps.secrets.open(d.SeedSealed, d.SerialNumber);
        const step = consecutiveCodes(seed, d, input.str('AuthenticationCode1'), input.str('AuthenticationCode2'), timeStep(ctx.now), CODE_WINDOW);
        if (step === undefined) throw invalidCode();
        await moveDevice(tx, rec, o.parent, { ...d, UserName: userName, EnableDate: ctx.now.toISOString(), LastStep: step, Drift: 0 });
      });
      return undefined;
    },
  },

  DeactivateMFADevice: {
    authorize: ownerAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const o = requireOwner(input, { ctx, deps });
      const serial = input.str('SerialNumber');
      await deps.store.transaction(async (tx) => {
        const rec = await lockOwnedDevice(tx, accountId, o, serial);
        // The device stays in the account, unassigned (AWS deletes it only on DeleteVirtualMFADevice); its last
        // used step stays too, so codes seen before can't enable it again.
        await moveDevice(tx, rec, UNASSIGNED_PARENT, { ...dataOf<MfaDeviceData>(rec), UserName: null, EnableDate: null, Drift: 0 });
      });
      return undefined;
    },
  },

  ResyncMFADevice: {
    authorize: ownerAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const o = requireOwner(input, { ctx, deps });
      const serial = input.str('SerialNumber');
      await deps.store.transaction(async (tx) => {
        const rec = await lockOwnedDevice(tx, accountId, o, serial);
        const d = dataOf<MfaDeviceData>(rec);
        const now = timeStep(ctx.now);
        const seed = deps.secrets.open(d.SeedSealed, d.SerialNumber);
        const step = consecutiveCodes(seed, d, input.str('AuthenticationCode1'), input.str('AuthenticationCode2'), now, RESYNC_WINDOW);
        if (step === undefined) throw invalidCode();
        await tx.update({ ...rec, data: { ...d, LastStep: step, Drift: step - now } });
      });
      return undefined;
    },
  },

  DeleteVirtualMFADevice: {
    authorize: deviceAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const serial = input.str('SerialNumber');
      await deps.store.transaction(async (tx) => {
        await lockDeviceName(tx, accountId, serial);
        const rec = await findMfaDevice(tx, accountId, serial);
        if (!rec) throw notFound(serial);
        // Unconfirmed wording: an AWS-compatible implementation answers this for a device still enabled.
        if (rec.parent !== UNASSIGNED_PARENT) throw deleteConflict('MFA VirtualDevice in use. Must deactivate first.');
        await tx.delete(accountId, 'mfa-device', rec.parent, rec.key);
      });
      return undefined;
    },
  },

  ListMFADevices: {
    authorize: ownerAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const o = requireOwner(input, { ctx, deps });
      if (o.userName !== undefined && !(await deps.store.get(accountId, 'user', '', key(o.userName)))) {
        throw noSuchEntity(`The user with name ${o.userName} cannot be found.`);
      }
      const page = await pageOf(deps.store, { accountId, kind: 'mfa-device', parent: o.parent }, input.page());
      return { MFADevices: page.items.map((r) => mfaDeviceOut(dataOf<MfaDeviceData>(r), accountId)), ...pageMembers(page) };
    },
  },

  ListVirtualMFADevices: {
    // The Service Authorization Reference lists no resource type for this action: it is authorized against `*`.
    authorize: () => ({ resource: '*' }),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const status = input.optStr('AssignmentStatus') ?? 'Any';
      const page =
        status === 'Unassigned'
          ? await pageOf(deps.store, { accountId, kind: 'mfa-device', parent: UNASSIGNED_PARENT }, input.page())
          : status === 'Any'
            ? // Device keys are unique in the account, so paging across parents by key is exact.
              await pageOf(deps.store, { accountId, kind: 'mfa-device' }, input.page())
            : pageArray(
                (await deps.store.list({ accountId, kind: 'mfa-device', limit: 1_000_000 })).filter((r) => r.parent !== UNASSIGNED_PARENT),
                (r) => r.key,
                input.page(),
              );
      const devices: StructureValue[] = [];
      for (const r of page.items) {
        const d = dataOf<MfaDeviceData>(r);
        // Listings leave tags out (ListMFADeviceTags returns them), as IAM's listings do.
        const out: StructureValue = { SerialNumber: d.SerialNumber };
        if (r.parent === ROOT_MFA_PARENT) {
          const account = await deps.store.get(accountId, 'account', '', accountId);
          out.User = { UserId: accountId, Arn: rootArn(accountId), CreateDate: new Date(account?.createdAt ?? ctx.now.getTime()) };
        } else if (r.parent !== UNASSIGNED_PARENT) {
          const u = await getData<UserData>(deps.store, accountId, 'user', '', r.parent);
          if (u) out.User = userOut(u, false);
        }
        if (d.EnableDate !== null) out.EnableDate = date(d.EnableDate);
        devices.push(out);
      }
      return { VirtualMFADevices: devices, ...pageMembers(page) };
    },
  },

  GetMFADevice: {
    authorize: ownerAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const o = requireOwner(input, { ctx, deps });
      const serial = input.str('SerialNumber');
      if (o.userName !== undefined && !(await deps.store.get(accountId, 'user', '', key(o.userName)))) {
        throw noSuchEntity(`The user with name ${o.userName} cannot be found.`);
      }
      const rec = await findMfaDevice(deps.store, accountId, serial);
      // Unconfirmed wording: a device that exists but isn't enabled for this user is reported as not found.
      if (!rec || rec.parent !== o.parent) throw notFound(serial);
      // Certifications exist only for FIDO security keys, which Gatehouse doesn't support.
      return mfaDeviceOut(dataOf<MfaDeviceData>(rec), accountId);
    },
  },

  TagMFADevice: deviceTags.tag,
  UntagMFADevice: deviceTags.untag,
  ListMFADeviceTags: deviceTags.list,
};
