/**
 * Runs every case of conformance/policy/**.json through the iam-simulate oracle and prints each case where
 * the oracle's decision differs from `expected`.
 *
 *   node dist/test/support/run-oracle.js [--unsupported] [--all] [DIR_OR_FILE...]
 *
 * --unsupported also lists the cases the oracle cannot express; --all lists every case.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { oracleDecide } from './iam-simulate-oracle.js';
import type { PolicyTestFile } from './policy-test-file.js';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    try {
      if (statSync(join(dir, 'conformance')).isDirectory()) return dir;
    } catch {
      // keep looking
    }
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

function jsonFiles(path: string): string[] {
  const st = statSync(path);
  if (st.isFile()) return path.endsWith('.json') ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((name) => jsonFiles(join(path, name)));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const showUnsupported = args.includes('--unsupported') || args.includes('--all');
  const showAll = args.includes('--all');
  const roots = args.filter((a) => !a.startsWith('--'));
  const repo = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
  const targets = roots.length > 0 ? roots.map((r) => resolve(r)) : [join(repo, 'conformance', 'policy')];
  const files = targets.flatMap(jsonFiles);

  let agree = 0;
  let disagree = 0;
  let unsupported = 0;
  for (const file of files) {
    const suite = JSON.parse(readFileSync(file, 'utf8')) as PolicyTestFile;
    const rel = relative(repo, file);
    for (const tc of suite.cases) {
      const r = await oracleDecide(tc);
      const detail = r.detail ? `  (${r.detail})` : '';
      if (r.decision === 'Unsupported') {
        unsupported++;
        if (showUnsupported) console.log(`UNSUPPORTED ${rel} :: ${tc.name}${detail}`);
      } else if (r.decision !== tc.expected) {
        disagree++;
        console.log(`DIFFERS ${rel} :: ${tc.name}: expected ${tc.expected}, oracle ${r.decision}${detail}`);
      } else {
        agree++;
        if (showAll) console.log(`agrees ${rel} :: ${tc.name}: ${tc.expected}`);
      }
    }
  }
  console.log(`${files.length} files: ${agree} agree, ${disagree} differ, ${unsupported} unsupported by the oracle`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
