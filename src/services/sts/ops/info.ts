/**
 * GetAccessKeyInfo and DecodeAuthorizationMessage.
 */
import { AwsError } from '../../errors.js';
import type { OperationDef } from '../../iam/operation.js';
import { decodeAuthorizationMessage } from '../authz-message.js';
import { accountOfAccessKeyId } from '../issue.js';

/**
 * The account of an access key. Long-term keys (AKIA…) of the deployment are looked up; Gatehouse's
 * temporary keys (ASIA…) carry their account in the key ID as AWS's do (see issue.ts). A key nobody here
 * issued gets what AWS answers for any key: the account its ID encodes — so AWS's own key IDs give their
 * real accounts, and random text gives a random (but stable) account, as it does on AWS.
 */
export const getAccessKeyInfo: OperationDef = {
  authorize: () => ({ resource: '*' }),
  async handle(input, { deps }) {
    const id = input.str('AccessKeyId');
    const rec = id.startsWith('ASIA') ? undefined : await deps.store.getById('access-key', id);
    const account = rec?.accountId ?? accountOfAccessKeyId(id);
    // Unconfirmed wording: what AWS answers for text that isn't an access key ID at all.
    if (account === undefined) throw new AwsError('ValidationError', `The access key ID ${id} is not valid.`);
    return { Account: account };
  },
};

export const decodeAuthorizationMessageOp: OperationDef = {
  authorize: () => ({ resource: '*' }),
  async handle(input, { ctx, deps }) {
    const decoded = decodeAuthorizationMessage(deps.secrets, ctx.caller.accountId, input.str('EncodedMessage'));
    // Unconfirmed wording: AWS's message for a message it can't decode.
    if (decoded === undefined) throw new AwsError('InvalidAuthorizationMessageException', 'The encoded authorization message is invalid.');
    return { DecodedMessage: decoded };
  },
};
