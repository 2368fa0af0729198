/** The `gatehouse` command. */
import { runPolicyExplain } from './commands/policy-explain.js';
import { runPolicyTest } from './commands/policy-test.js';
import { runValidate } from './commands/validate.js';
import { runAccountCreate, runInit, runServe } from './commands/server.js';
import { processOutput, type Output } from './io.js';

const USAGE = `usage: gatehouse <command>

  serve [--port N] [--host H] [--data DIR] [--store sqlite|postgres://…] [--enforce enforce|log]
                              run the IAM/STS endpoint (port 9470 by default; env GATEHOUSE_PORT, …)
  init [--json]               create the first account: root user, Administrators, admin user + key
  account create [--json]     add another account to this deployment

  policy test FILE|DIR...     run policy decision test files (exit 1 when a case fails)
  policy validate FILE        check a policy (Access Analyzer checks, IAM's errors; exit 1 on ERROR)
  policy explain ...          evaluate one request and print the decision trace
`;

type Command = (argv: string[], out: Output) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  'policy test': runPolicyTest,
  'policy explain': runPolicyExplain,
  'policy validate': runValidate,
  serve: runServe,
  init: runInit,
  'account create': runAccountCreate,
};

export async function main(argv: string[], out: Output = processOutput): Promise<number> {
  const [a, b, ...rest] = argv;
  const two = COMMANDS[`${a ?? ''} ${b ?? ''}`];
  if (two) return two(rest, out);
  const one = COMMANDS[a ?? ''];
  if (one) return one(b === undefined ? rest : [b, ...rest], out);
  out.stderr(USAGE);
  return a === undefined || a === 'help' || a === '--help' ? 0 : 2;
}
