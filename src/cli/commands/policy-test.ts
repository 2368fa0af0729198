/** `gatehouse policy test FILE|DIR…`: runs decision test files and reports like a test runner. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeStatement, runSuite, type CaseResult } from '../../policy/index.js';
import type { Output } from '../io.js';

/** Expands directories into the `.json` files below them, sorted, so runs are repeatable. */
export function expandFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        const child = join(p, name);
        if (statSync(child).isDirectory() || name.endsWith('.json')) walk(child);
      }
    } else out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

function failureLine(file: string, c: CaseResult): string {
  if (!c.actual) return `FAIL ${file} › ${c.name}: ${c.message}`;
  const d = c.decision?.explanation;
  const deciding = d ? [...d.denies, ...d.allows].map(describeStatement) : [];
  return `FAIL ${file} › ${c.name}: expected ${c.expected}, got ${c.actual} (${c.message})${deciding.length && c.actual === 'ImplicitlyDenied' ? ` [matched: ${deciding.join(', ')}]` : ''}`;
}

export async function runPolicyTest(argv: string[], out: Output, now: Date = new Date()): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length === 0) {
    out.stderr('usage: gatehouse policy test [--json] FILE|DIR...');
    return 2;
  }
  let files: string[];
  try {
    files = expandFiles(positionals);
  } catch (e) {
    out.stderr(`gatehouse: ${(e as Error).message}`);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  const json: unknown[] = [];
  for (const file of files) {
    const suite = runSuite(readFileSync(file, 'utf8'), now, file);
    if (suite.error) {
      failed++;
      if (values.json) json.push({ file, suite: suite.name, error: suite.error, passed: false });
      else out.stdout(`FAIL ${file}: ${suite.error}`);
      continue;
    }
    for (const c of suite.cases) {
      if (c.passed) passed++;
      else failed++;
      if (values.json) {
        json.push({ file, suite: suite.name, case: c.name, passed: c.passed, expected: c.expected ?? null, actual: c.actual ?? null, reason: c.message, explanation: c.decision?.explanation ?? null });
      } else if (!c.passed) out.stdout(failureLine(file, c));
    }
  }
  if (values.json) out.stdout(JSON.stringify({ passed, failed, results: json }, null, 2));
  else out.stdout(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}
