/**
 * The web console in a real browser (Debian's Chromium through playwright-core) against a live server: the
 * flows of seeds 000 and 004. An administrator signs in at the account's alias link and creates a user whose
 * password must be reset; the user signs in, is refused a weak password, sets a good one, registers a virtual
 * MFA device from the page's secret, signs in again with MFA, switches to a role whose trust policy demands MFA
 * and back; the users list shows the MFA device; a power user (seed 004's policy) sees IAM's AccessDenied text.
 * Screenshots of each step go to test-artifacts/console/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachRolePolicyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutGroupPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import * as OTPAuth from 'otpauth';
import type { BrowserContext, Page } from 'playwright-core';
import { chromiumSkipReason, launchChromium, type TestBrowser } from '../support/chromium.js';
import { startLiveServer, type LiveServer } from '../support/live-server.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'console');
const ALIAS = 'acme-console';
const ADMIN_PASSWORD = 'Admin-Passw0rd!x';
const DAVE_PASSWORD = 'Dave-Passw0rd!xy';
const CAROL_PASSWORD = 'Carol-Str0ng!Pass';

const skip = chromiumSkipReason();

/** Waits until a TOTP step has at least 5 s left, so codes computed now are checked in the same step. */
async function safeStep(): Promise<void> {
  const left = 30 - ((Date.now() / 1000) % 30);
  if (left < 5) await new Promise((r) => setTimeout(r, (left + 0.5) * 1000));
}

function code(secret: string, offsetSteps: number): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

describe('web console (Chromium)', { skip }, () => {
  let s: LiveServer;
  let browser: TestBrowser;
  let shot = 0;
  let carolSecret = '';

  const snap = async (page: Page, name: string): Promise<void> => {
    shot += 1;
    await page.screenshot({ path: join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  };

  const signIn = async (ctx: BrowserContext, userName: string, password: string): Promise<Page> => {
    const page = await ctx.newPage();
    await page.goto(`${s.url}/console/${ALIAS}`);
    assert.equal(await page.getByLabel('Account ID (12 digits) or account alias').inputValue(), ALIAS);
    await page.getByLabel('IAM user name').fill(userName);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  };

  const signOut = async (page: Page): Promise<void> => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Gatehouse' }).waitFor();
  };

  const nav = async (page: Page, label: string, heading: string | RegExp): Promise<void> => {
    await page.getByRole('navigation').getByRole('link', { name: label }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  };

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    s = await startLiveServer('sqlite');
    browser = await launchChromium();
    const iam = s.iam();
    const account = s.account.accountId;
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: ALIAS }));
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, RequireNumbers: true, RequireSymbols: true, AllowUsersToChangePassword: false }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'admin', Password: ADMIN_PASSWORD }));
    // Seed 004: the "Manage Own MFA" group new users start in.
    await iam.send(new CreateGroupCommand({ GroupName: 'ManageOwnMFA' }));
    await iam.send(new PutGroupPolicyCommand({
      GroupName: 'ManageOwnMFA',
      PolicyName: 'manage-own-mfa',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'AllowUsersToCreateDeleteTheirOwnVirtualMFADevices', Effect: 'Allow', Action: ['iam:*VirtualMFADevice'], Resource: [`arn:aws:iam::${account}:mfa/\${aws:username}`] },
          { Sid: 'AllowUsersToEnableSyncDisableTheirOwnMFADevices', Effect: 'Allow', Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'], Resource: [`arn:aws:iam::${account}:user/\${aws:username}`] },
          { Sid: 'AllowUsersToListVirtualMFADevices', Effect: 'Allow', Action: ['iam:ListVirtualMFADevices'], Resource: [`arn:aws:iam::${account}:mfa/*`] },
          { Sid: 'AllowUsersToListUsersInConsole', Effect: 'Allow', Action: ['iam:ListUsers'], Resource: [`arn:aws:iam::${account}:user/*`] },
        ],
      }),
    }));
    // A role people switch to, only with MFA.
    await iam.send(new CreateGroupCommand({ GroupName: 'RoleUsers' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'RoleUsers', PolicyName: 'assume-auditor', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${account}:role/Auditor` }] }) }));
    await iam.send(new CreateRoleCommand({
      RoleName: 'Auditor',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] }),
    }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'Auditor', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
    // Seed 004's power user: everything but IAM and billing.
    await iam.send(new CreateGroupCommand({ GroupName: 'PowerUsers' }));
    await iam.send(new PutGroupPolicyCommand({
      GroupName: 'PowerUsers',
      PolicyName: 'power-user',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'AllowAll', Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'DenyAwsPortalIam', Effect: 'Deny', Action: ['aws-portal:*', 'iam:*'], Resource: '*' }] }),
    }));
    await iam.send(new CreateUserCommand({ UserName: 'dave' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'dave', Password: DAVE_PASSWORD }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'PowerUsers', UserName: 'dave' }));
  });

  after(async () => {
    await browser?.close();
    await s?.close();
  });

  let carolInitialPassword = '';

  test('the administrator signs in at the alias link and creates a user who must reset the password', async () => {
    const ctx = await browser.context();
    const page = await ctx.newPage();
    await page.goto(`${s.url}/console/${ALIAS}`);
    await page.getByRole('heading', { name: 'Sign in to Gatehouse' }).waitFor();
    await snap(page, 'sign-in-at-alias-link');
    await page.close();
    const admin = await signIn(ctx, 'admin', ADMIN_PASSWORD);
    await admin.getByRole('heading', { name: 'IAM dashboard' }).waitFor();
    assert.match(await admin.getByTestId('signin-link').innerText(), new RegExp(`/console/${ALIAS}$`));
    await admin.getByText('Users without MFA').waitFor();
    await snap(admin, 'admin-dashboard');

    await nav(admin, 'Users', 'Users');
    await admin.getByRole('link', { name: 'Create user' }).click();
    await admin.getByLabel('User name').fill('carol');
    assert.equal(await admin.getByLabel('Autogenerated password').isChecked(), true);
    assert.equal(await admin.getByLabel(/User must create a new password/).isChecked(), true);
    await admin.getByLabel('ManageOwnMFA').check();
    await admin.getByLabel('RoleUsers').check();
    await snap(admin, 'create-user-form');
    await admin.getByRole('button', { name: 'Create user' }).click();
    carolInitialPassword = await admin.getByTestId('new-password').innerText();
    assert.ok(carolInitialPassword.length >= 12);
    await snap(admin, 'user-created');
    await ctx.close();
  });

  test('the new user is refused a weak password, sets a good one, and registers MFA from the page', async () => {
    const ctx = await browser.context();
    const page = await signIn(ctx, 'carol', carolInitialPassword);
    await page.getByRole('heading', { name: 'Set a new password' }).waitFor();
    await page.getByLabel('Old password').fill(carolInitialPassword);
    await page.getByLabel('New password', { exact: true }).fill('weakpassword');
    await page.getByLabel('Retype new password').fill('weakpassword');
    await page.getByText('At least one uppercase letter').waitFor();
    await page.getByRole('button', { name: 'Confirm password change' }).click();
    await page.getByRole('alert').filter({ hasText: 'Password does not conform to the account password policy.' }).waitFor();
    await snap(page, 'weak-password-refused');
    await page.getByLabel('New password', { exact: true }).fill(CAROL_PASSWORD);
    await page.getByLabel('Retype new password').fill(CAROL_PASSWORD);
    await page.getByRole('button', { name: 'Confirm password change' }).click();
    await page.getByRole('heading', { name: 'IAM dashboard' }).waitFor();

    await nav(page, 'My security credentials', 'My security credentials');
    await page.getByRole('button', { name: 'Assign MFA device' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    carolSecret = await page.getByTestId('mfa-secret').innerText();
    assert.match(carolSecret, /^[A-Z2-7]+=*$/);
    await snap(page, 'mfa-qr-and-secret');
    await safeStep();
    await page.getByLabel('MFA code 1').fill(code(carolSecret, -1));
    await page.getByLabel('MFA code 2').fill(code(carolSecret, 0));
    await page.getByRole('button', { name: 'Add MFA' }).click();
    await page.getByText('MFA device assigned').waitFor();
    await page.getByRole('cell', { name: `arn:aws:iam::${s.account.accountId}:mfa/carol`, exact: true }).waitFor();
    await snap(page, 'mfa-assigned');
    await signOut(page);
    await ctx.close();
  });

  test('the user signs in with MFA, switches to a role that requires MFA, and back', async () => {
    const ctx = await browser.context();
    const page = await signIn(ctx, 'carol', CAROL_PASSWORD);
    await page.getByRole('heading', { name: 'Multi-factor authentication' }).waitFor();
    await page.getByLabel('MFA code').fill('000000');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('alert').filter({ hasText: 'The MFA code is not valid' }).waitFor();
    await safeStep();
    // The step after the last code used to enable the device.
    await page.getByLabel('MFA code').fill(code(carolSecret, 1));
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'IAM dashboard' }).waitFor();
    assert.match(await page.getByTestId('who').innerText(), /carol @ acme-console/);
    await snap(page, 'signed-in-with-mfa');

    await nav(page, 'Switch role', 'Switch role');
    await page.getByLabel('Role name (or path/name)').fill('Auditor');
    await page.getByRole('button', { name: 'Switch role' }).click();
    await page.getByRole('heading', { name: 'IAM dashboard' }).waitFor();
    assert.match(await page.getByTestId('who').innerText(), /Auditor \(role\)/);
    await nav(page, 'Users', 'Users');
    await page.getByRole('link', { name: 'dave' }).waitFor();
    await snap(page, 'acting-as-role');
    await nav(page, 'Switch role', 'Switch role');
    await page.getByRole('button', { name: 'Switch back to carol' }).click();
    await page.getByTestId('who').filter({ hasText: /^carol @/ }).waitFor();
    await signOut(page);
    await ctx.close();
  });

  test('the users list shows the MFA device; the simulator shows the deciding statements', async () => {
    const ctx = await browser.context();
    const page = await signIn(ctx, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'IAM dashboard' }).waitFor();
    await nav(page, 'Users', 'Users');
    await page.getByTestId('mfa-carol').filter({ hasText: 'Virtual' }).waitFor();
    assert.equal(await page.getByTestId('mfa-dave').innerText(), 'Not enabled');
    // The admin signed in to the console just now: the last activity column shows it.
    assert.doesNotMatch(await page.getByTestId('activity-admin').innerText(), /^(Never|None|)$/);
    // carol signed in with her password earlier: GetUser's PasswordLastUsed, shown as her last activity.
    assert.equal(await page.getByTestId('activity-carol').innerText(), 'Today');
    assert.equal(await page.getByTestId('activity-dave').innerText(), 'Never');
    await snap(page, 'users-list-mfa');

    await nav(page, 'Policy simulator', 'Policy simulator');
    await page.getByLabel('Principal ARN (user, group or role)').fill(`arn:aws:iam::${s.account.accountId}:user/dave`);
    await page.getByLabel(/^Actions/).fill('iam:CreateUser s3:GetObject');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    const decisions = page.getByTestId('sim-decision');
    await decisions.nth(1).waitFor();
    assert.deepEqual(await decisions.allInnerTexts(), ['explicitDeny', 'allowed']);
    await snap(page, 'simulator');

    // A custom policy that needs MFA: without the context key it is an implicit deny, with it allowed.
    await page.getByLabel("A policy I write").check();
    const mfaPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] };
    await page.getByLabel('Policy to simulate').fill(JSON.stringify(mfaPolicy, null, 2));
    await page.getByLabel(/^Actions/).fill('s3:GetObject');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.getByText('Missing context keys: aws:MultiFactorAuthPresent').waitFor();
    assert.deepEqual(await decisions.allInnerTexts(), ['implicitDeny']);
    await page.getByLabel(/^Context keys/).fill('aws:MultiFactorAuthPresent=true');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.getByTestId('sim-decision').filter({ hasText: 'allowed' }).waitFor();
    assert.deepEqual(await decisions.allInnerTexts(), ['allowed']);
    await snap(page, 'simulator-context-keys');
    await ctx.close();
  });

  test("a power user sees IAM's AccessDenied text on IAM pages", async () => {
    const ctx = await browser.context();
    const page = await signIn(ctx, 'dave', DAVE_PASSWORD);
    await page.getByRole('heading', { name: 'IAM dashboard' }).waitFor();
    await nav(page, 'Users', 'Users');
    const alert = page.getByRole('alert').filter({ hasText: 'is not authorized to perform: iam:ListUsers' });
    await alert.waitFor();
    assert.match(await alert.innerText(), new RegExp(`User: arn:aws:iam::${s.account.accountId}:user/dave is not authorized to perform: iam:ListUsers on resource: .* with an explicit deny in an identity-based policy`));
    await snap(page, 'power-user-access-denied');
    await nav(page, 'Policy simulator', 'Policy simulator');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.getByRole('alert').filter({ hasText: 'is not authorized to perform: iam:SimulatePrincipalPolicy' }).waitFor();
    await ctx.close();
  });

  test('works at phone width: the navigation folds behind a menu button', async () => {
    const ctx = await browser.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await signIn(ctx, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'IAM dashboard' }).waitFor();
    assert.equal(await page.getByRole('navigation').isVisible(), false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await nav(page, 'Users', 'Users');
    await snap(page, 'phone-users');
    await ctx.close();
  });
});
