/** ARNs of IAM resources as AWS writes them. Paths start and end with `/`. */

export const userArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:user${path}${name}`;
export const groupArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:group${path}${name}`;
export const roleArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:role${path}${name}`;
export const policyArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:policy${path}${name}`;
export const instanceProfileArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:instance-profile${path}${name}`;
export const mfaArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:mfa${path}${name}`;
export const rootArn = (account: string): string => `arn:aws:iam::${account}:root`;

/** `arn:aws:iam::ACCOUNT:policy/PATH/NAME` → its parts; AWS managed policies have account `aws`. */
export function parsePolicyArn(arn: string): { account: string; path: string; name: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}|aws):policy(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  if (!m) return undefined;
  return { account: m[1] ?? '', path: m[2] ?? '/', name: m[3] ?? '' };
}
