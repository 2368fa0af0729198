/** Where a command writes; tests pass their own to capture output. */
export interface Output {
  stdout(s: string): void;
  stderr(s: string): void;
}

export const processOutput: Output = {
  stdout: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  stderr: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
};
