/**
 * Data directories for the HTTP benchmark, prepared in-process before any server starts (not timed):
 * accounts made the way `gatehouse init` makes them, and users written straight through the Store API in one
 * transaction per account, which is far faster than CreateUser over HTTP.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemIds } from '../../src/crypto/ids.js';
import type { NewAccount } from '../../src/services/account/bootstrap.js';
import { userArn } from '../../src/services/iam/arns.js';
import { key, type UserData } from '../../src/services/iam/entities.js';
import { readConfig } from '../../src/server/config.js';
import { silentLogger } from '../../src/server/logger.js';
import { openRuntime } from '../../src/server/runtime.js';

export interface DataDir {
  dir: string;
  accounts: NewAccount[];
  users: number;
  usersPerAccount: number;
}

export const fillerName = (i: number): string => `user-${String(i).padStart(5, '0')}`;

/**
 * A fresh SQLite data directory with `accounts` accounts, each filled with users up to `usersPerAccount`
 * (its `admin` user included; IAM's quota is 5,000 per account).
 */
export async function prepareDataDir(accounts: number, usersPerAccount = 1): Promise<DataDir> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  const rt = await openRuntime(readConfig({ data: dir, port: '0', store: 'sqlite' }, {}), silentLogger);
  const made: NewAccount[] = [];
  let users = 0;
  try {
    for (let a = 0; a < accounts; a++) {
      const account = await rt.createAccount();
      made.push(account);
      users++;
      const now = new Date();
      await rt.store.transaction(async (tx) => {
        for (let i = 1; i < usersPerAccount; i++) {
          const name = fillerName(i);
          const user: UserData = { UserName: name, UserId: systemIds.uniqueId('AIDA'), Path: '/', Arn: userArn(account.accountId, '/', name), CreateDate: now.toISOString(), Tags: [] };
          await tx.insert({ accountId: account.accountId, kind: 'user', parent: '', key: key(name), id: user.UserId, path: '/', createdAt: now.getTime(), data: user });
          users++;
        }
      });
    }
  } finally {
    await rt.close();
  }
  return { dir, accounts: made, users, usersPerAccount };
}
