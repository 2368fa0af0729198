/**
 * The credential report: GenerateCredentialReport and GetCredentialReport.
 *
 * One CSV row per user (the root user first, as `<root_account>`), in AWS's 22 columns, with AWS's
 * sentinels: `N/A` (no such credential, or never used), `no_information` (a password never used to sign
 * in), `not_supported` (what the root user's row says of password rotation). A report is regenerated at
 * most every 4 hours: GenerateCredentialReport answers COMPLETE while the last one is younger. The report is
 * built at once, so the STARTED answer is followed by COMPLETE and GetCredentialReport never answers
 * ReportInProgress.
 *
 * Record: kind `credential-report`, parent '', key 'current', data {GeneratedTime, Content}.
 */
import type { JsonObject, RecordReader, StoredRecord } from '../../../store/contract.js';
import { passwordExpiry, readPasswordPolicy, ROOT_PROFILE_KEY, type LoginProfileData, type PasswordPolicyData } from '../../auth/passwords.js';
import { AwsError } from '../../errors.js';
import { rootArn } from '../arns.js';
import { dataOf, type AccessKeyData, type AccountData, type UserData } from '../entities.js';
import type { OperationTable } from '../operation.js';
import { ROOT_KEY_PARENT } from './access-keys.js';

export const REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** How long a report stays current: younger ones are not regenerated, older ones have expired. */
export const REPORT_LIFETIME_MS = 4 * 60 * 60 * 1000;
const REPORT_KEY = 'current';
const ALL = 1_000_000;

interface ReportData extends JsonObject {
  GeneratedTime: string;
  Content: string;
}

interface CertificateData extends JsonObject {
  Status: string;
  UploadDate: string;
}

const NA = 'N/A';

/** Times as the report writes them: `2017-06-10T02:35:07+00:00`. */
function reportTime(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** RFC 4180 quoting, needed only by names with commas (IAM allows them in user names). */
function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Records of a kind in the account, grouped by parent. */
async function byParent(r: RecordReader, accountId: string, kind: StoredRecord['kind']): Promise<Map<string, StoredRecord[]>> {
  const out = new Map<string, StoredRecord[]>();
  for (const rec of await r.list({ accountId, kind, limit: ALL })) {
    const list = out.get(rec.parent) ?? [];
    list.push(rec);
    out.set(rec.parent, list);
  }
  return out;
}

function keyColumns(keys: StoredRecord[] | undefined): string[] {
  // Key 1 is the older of the two.
  const sorted = (keys ?? []).map((k) => dataOf<AccessKeyData>(k)).sort((a, b) => a.CreateDate.localeCompare(b.CreateDate) || a.AccessKeyId.localeCompare(b.AccessKeyId));
  const out: string[] = [];
  for (const i of [0, 1]) {
    const k = sorted[i];
    if (!k) {
      out.push('false', NA, NA, NA, NA);
      continue;
    }
    const used = k.LastUsed as { Date: string; Region: string; Service: string } | undefined;
    out.push(k.Status === 'Active' ? 'true' : 'false', reportTime(k.CreateDate), used ? reportTime(used.Date) : NA, used ? used.Region : NA, used ? used.Service : NA);
  }
  return out;
}

function certColumns(certs: StoredRecord[] | undefined): string[] {
  const sorted = (certs ?? []).map((c) => dataOf<CertificateData>(c)).sort((a, b) => a.UploadDate.localeCompare(b.UploadDate));
  const out: string[] = [];
  for (const i of [0, 1]) {
    const c = sorted[i];
    out.push(c ? (c.Status === 'Active' ? 'true' : 'false') : 'false', c ? reportTime(c.UploadDate) : NA);
  }
  return out;
}

/** Builds the report's CSV text (header line, root row, one row per user in name order; no final newline). */
export async function buildCredentialReport(r: RecordReader, accountId: string): Promise<string> {
  const account = await r.get(accountId, 'account', '', accountId);
  const accountData = account ? dataOf<AccountData>(account) : undefined;
  const policy: PasswordPolicyData | undefined = await readPasswordPolicy(r, accountId);
  const profiles = new Map((await r.list({ accountId, kind: 'login-profile', parent: '', limit: ALL })).map((p) => [p.key, p.data] as const));
  const keys = await byParent(r, accountId, 'access-key');
  const mfa = await byParent(r, accountId, 'mfa-device');
  const certs = await byParent(r, accountId, 'signing-certificate');

  const rows: string[][] = [];
  const rootUse = profiles.get(ROOT_PROFILE_KEY)?.PasswordLastUsed;
  rows.push([
    '<root_account>',
    rootArn(accountId),
    reportTime(accountData?.CreateDate ?? new Date(account?.createdAt ?? 0)),
    'not_supported',
    typeof rootUse === 'string' ? reportTime(rootUse) : 'no_information',
    'not_supported',
    'not_supported',
    (mfa.get(ROOT_KEY_PARENT)?.length ?? 0) > 0 ? 'true' : 'false',
    ...keyColumns(keys.get(ROOT_KEY_PARENT)),
    ...certColumns(certs.get(ROOT_KEY_PARENT)),
  ]);

  for (const rec of await r.list({ accountId, kind: 'user', parent: '', limit: ALL })) {
    const u = dataOf<UserData>(rec);
    const p = profiles.get(rec.key) as LoginProfileData | undefined;
    const password = p
      ? ['true', p.PasswordLastUsed ? reportTime(p.PasswordLastUsed) : 'no_information', reportTime(p.PasswordLastChanged), (() => {
          const next = passwordExpiry(p.PasswordLastChanged, policy);
          return next ? reportTime(next) : NA;
        })()]
      : ['false', NA, NA, NA];
    rows.push([
      u.UserName,
      u.Arn,
      reportTime(u.CreateDate),
      ...password,
      (mfa.get(rec.key)?.length ?? 0) > 0 ? 'true' : 'false',
      ...keyColumns(keys.get(rec.key)),
      ...certColumns(certs.get(rec.key)),
    ]);
  }
  return [REPORT_COLUMNS.join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\n');
}

export const credentialReportOperations: OperationTable = {
  GenerateCredentialReport: {
    authorize: () => ({ resource: '*' }),
    async handle(_input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const existing = await deps.store.get(accountId, 'credential-report', '', REPORT_KEY);
      const age = existing ? ctx.now.getTime() - Date.parse(dataOf<ReportData>(existing).GeneratedTime) : Infinity;
      if (age < REPORT_LIFETIME_MS) return { State: 'COMPLETE' };
      const report: ReportData = { GeneratedTime: ctx.now.toISOString(), Content: await buildCredentialReport(deps.store, accountId) };
      await deps.store.transaction(async (tx) => {
        const rec = await tx.lock(accountId, 'credential-report', '', REPORT_KEY);
        // Another request generated one meanwhile: keep the newer.
        if (rec && Date.parse(dataOf<ReportData>(rec).GeneratedTime) >= Date.parse(report.GeneratedTime)) return;
        if (rec) await tx.update({ ...rec, data: report });
        else await tx.insert({ accountId, kind: 'credential-report', parent: '', key: REPORT_KEY, createdAt: ctx.now.getTime(), data: report });
      });
      // Unconfirmed: the Description IAM gives when it replaces an expired report (only the first one's is known).
      return existing ? { State: 'STARTED' } : { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
    },
  },

  GetCredentialReport: {
    authorize: () => ({ resource: '*' }),
    async handle(_input, { ctx, deps }) {
      const rec = await deps.store.get(ctx.caller.accountId, 'credential-report', '', REPORT_KEY);
      // IAM sends these two errors without a message (observed for ReportNotPresent).
      if (!rec) throw new AwsError('ReportNotPresent', '');
      const report = dataOf<ReportData>(rec);
      // Unconfirmed: when IAM considers a report expired; here, once it is as old as a report can be before
      // GenerateCredentialReport replaces it.
      if (ctx.now.getTime() - Date.parse(report.GeneratedTime) >= REPORT_LIFETIME_MS) throw new AwsError('ReportExpired', '');
      return { Content: new TextEncoder().encode(report.Content), ReportFormat: 'text/csv', GeneratedTime: new Date(report.GeneratedTime) };
    },
  },
};
