/** Users made for end-to-end tests. */
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { LiveServer } from './live-server.js';

/** A user with one inline policy of these statements, and a client signed with the user's own key. */
export async function userWithPolicy(s: LiveServer, iam: IAMClient, name: string, statements: object[]): Promise<IAMClient> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'test', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  return s.iam({ accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' });
}
