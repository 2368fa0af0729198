/**
 * `gatehouse policy validate FILE [--type identity|resource|trust|boundary|session|scp|rcp] [--json]`
 * Prints each finding as `FILE:LINE:COL SEVERITY ISSUE_CODE message (path)` and a summary; exits 1 on any ERROR.
 */
import { readFile } from 'node:fs/promises';
import { catalogForPolicy } from '../../catalog/index.js';
import { validatePolicy, type Finding, type PathElement, type PolicyType } from '../../policy/index.js';

export interface Output {
  stdout(s: string): void;
  stderr(s: string): void;
}

const TYPES: readonly PolicyType[] = ['identity', 'resource', 'trust', 'boundary', 'session', 'scp', 'rcp'];
const USAGE = `usage: gatehouse policy validate FILE [--type ${TYPES.join('|')}] [--size-limit N] [--json]`;

/** `$.Statement[0].Action[1]`, the JSON path of a location. */
export function jsonPath(path: PathElement[]): string {
  return `$${path.map((p) => ('index' in p ? `[${p.index}]` : 'key' in p ? `.${p.key}` : `.${p.value}`)).join('')}`;
}

function line(file: string, f: Finding): string {
  const at = f.locations[0];
  const pos = at ? `${at.span.start.line}:${at.span.start.column}` : '1:1';
  const where = at && at.path.length > 0 ? ` (${jsonPath(at.path)})` : '';
  return `${file}:${pos} ${f.findingType} ${f.issueCode} ${f.message}${where}`;
}

/**
 * Runs the command; returns the exit status.
 * @example await runValidate(['policy.json', '--type', 'trust'], { stdout: console.log, stderr: console.error }) // 0 or 1
 */
export async function runValidate(argv: string[], out: Output): Promise<number> {
  let file: string | undefined;
  let type: PolicyType = 'identity';
  let json = false;
  let sizeLimit: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--json') json = true;
    else if (a === '--type' || a.startsWith('--type=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v || !TYPES.includes(v as PolicyType)) {
        out.stderr(`gatehouse: --type must be one of ${TYPES.join(', ')}.\n${USAGE}\n`);
        return 2;
      }
      type = v as PolicyType;
    } else if (a === '--size-limit') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) {
        out.stderr(`gatehouse: --size-limit must be a positive whole number.\n${USAGE}\n`);
        return 2;
      }
      sizeLimit = n;
    } else if (a === '-h' || a === '--help') {
      out.stdout(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith('-') || file !== undefined) {
      out.stderr(`gatehouse: unexpected argument \`${a}\`.\n${USAGE}\n`);
      return 2;
    } else file = a;
  }
  if (file === undefined) {
    out.stderr(`${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    out.stderr(`gatehouse: cannot read \`${file}\`: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const catalog = await catalogForPolicy(text);
  const result = validatePolicy(text, { policyType: type, catalog, ...(sizeLimit !== undefined ? { sizeLimit } : {}) });
  const errors = result.findings.filter((f) => f.findingType === 'ERROR').length;
  if (json) {
    out.stdout(`${JSON.stringify(result.findings, null, 2)}\n`);
    return errors > 0 ? 1 : 0;
  }
  for (const f of result.findings) out.stdout(`${line(file, f)}\n`);
  const count = (t: Finding['findingType']): number => result.findings.filter((f) => f.findingType === t).length;
  out.stdout(`${file}: ${errors} error(s), ${count('SECURITY_WARNING')} security warning(s), ${count('WARNING')} warning(s), ${count('SUGGESTION')} suggestion(s)\n`);
  if (result.iamError) out.stdout(`${file}: IAM would refuse this ${type} policy: ${result.iamError.code}: ${result.iamError.message}\n`);
  return errors > 0 ? 1 : 0;
}
