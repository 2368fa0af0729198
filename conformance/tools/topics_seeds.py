from corpus_lib import *

A, E, I = "Allowed", "ExplicitlyDenied", "ImplicitlyDenied"
U = f"arn:aws:iam::{ACCT}:user/"
MFA_ARN = f"arn:aws:iam::{ACCT}:mfa/"

# Policies from /work/shared/seeds/004_*.txt, with ACCOUNT-ID-WITHOUT-HYPHENS replaced by the test account.
# The seed text is an extracted PDF: the Set Own Password policy is split by a page break and
# "iam>DeleteAccessKey" is an extraction error for "iam:DeleteAccessKey"; both are restored here.
ADMIN = {"Version": V12, "Statement": [{"Sid": "AllowAll", "Effect": "Allow", "Action": "*", "Resource": "*"}]}
POWER = {"Version": V12, "Statement": [
    {"Sid": "AllowAll", "Effect": "Allow", "Action": "*", "Resource": "*"},
    {"Sid": "DenyAwsPortalIam", "Effect": "Deny", "Action": ["aws-portal:*", "iam:*"], "Resource": "*"}]}
BILLING = {"Version": V12, "Statement": [
    {"Sid": "AllowViewBilling", "Effect": "Allow", "Action": ["aws-portal:ViewBilling"], "Resource": ["*"]}]}
OWN_PASSWORD = {"Version": V12, "Statement": [
    {"Sid": "AllowChangeOwnPassword", "Effect": "Allow", "Action": ["iam:ChangePassword"],
     "Resource": [U + "${aws:username}"]},
    {"Sid": "AllowGetAccountPasswordPolicy", "Effect": "Allow", "Action": ["iam:GetAccountPasswordPolicy"], "Resource": ["*"]}]}
OWN_KEYS = {"Version": V12, "Statement": [
    {"Sid": "AllowListUsers", "Effect": "Allow", "Action": ["iam:ListUsers"], "Resource": [U + "*"]},
    {"Sid": "AllowListCreateUpdateDeleteOwnAccessKeys", "Effect": "Allow",
     "Action": ["iam:ListAccessKeys", "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:DeleteAccessKey"],
     "Resource": [U + "${aws:username}"]}]}
OWN_MFA = {"Version": V12, "Statement": [
    {"Sid": "AllowUsersToCreateDeleteTheirOwnVirtualMFADevices", "Effect": "Allow",
     "Action": ["iam:*VirtualMFADevice"], "Resource": [MFA_ARN + "${aws:username}"]},
    {"Sid": "AllowUsersToEnableSyncDisableTheirOwnMFADevices", "Effect": "Allow",
     "Action": ["iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
     "Resource": [U + "${aws:username}"]},
    {"Sid": "AllowUsersToListVirtualMFADevices", "Effect": "Allow", "Action": ["iam:ListVirtualMFADevices"], "Resource": [MFA_ARN + "*"]},
    {"Sid": "AllowUsersToListUsersInConsole", "Effect": "Allow", "Action": ["iam:ListUsers"], "Resource": [U + "*"]}]}

# The well-known "deny most actions unless signed in with MFA" policy.
FORCE_MFA = {"Version": V12, "Statement": [
    {"Sid": "AllowManageOwnVirtualMFADevice", "Effect": "Allow",
     "Action": ["iam:CreateVirtualMFADevice"], "Resource": MFA_ARN + "*"},
    {"Sid": "AllowManageOwnUserMFA", "Effect": "Allow",
     "Action": ["iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ResyncMFADevice"],
     "Resource": U + "${aws:username}"},
    {"Sid": "DenyAllExceptListedIfNoMFA", "Effect": "Deny",
     "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices",
                   "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"],
     "Resource": "*",
     "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}
FORCE_MFA_NO_IFEXISTS = {"Version": V12, "Statement": [
    {"Sid": "DenyAllExceptListedIfNoMFA", "Effect": "Deny",
     "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices",
                   "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"],
     "Resource": "*",
     "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}

MFA_KEY = "aws:MultiFactorAuthPresent"


def seeds():
    c = []
    c += [
        case("Administrator policy allows iam:CreateUser", A, identity=[ADMIN], action="iam:CreateUser", resource=BOB),
        case("Administrator policy allows s3:GetObject", A, identity=[ADMIN]),
        case("Administrator policy allows aws-portal:ViewBilling", A, identity=[ADMIN], action="aws-portal:ViewBilling", resource="*"),
        case("Administrator policy allows ec2:DescribeInstances", A, identity=[ADMIN], action="ec2:DescribeInstances", resource="*"),
        case("Power User policy allows s3:PutObject", A, identity=[POWER], action="s3:PutObject"),
        case("Power User policy allows lambda:InvokeFunction", A, identity=[POWER], action="lambda:InvokeFunction", resource=FUNC),
        case("Power User policy denies iam:AttachUserPolicy", E, identity=[POWER], action="iam:AttachUserPolicy", resource=ALICE),
        case("Power User policy denies iam:ChangePassword on own user", E, identity=[POWER], action="iam:ChangePassword", resource=ALICE),
        case("Power User policy denies aws-portal:ModifyBilling", E, identity=[POWER], action="aws-portal:ModifyBilling", resource="*"),
        case("Power User plus Billing still denies aws-portal:ViewBilling", E, identity=[POWER, BILLING], action="aws-portal:ViewBilling", resource="*"),
        case("Power User plus Set Own Password still denies iam:ChangePassword", E, identity=[POWER, OWN_PASSWORD], action="iam:ChangePassword", resource=ALICE),
        case("Billing policy allows aws-portal:ViewBilling", A, identity=[BILLING], action="aws-portal:ViewBilling", resource="*"),
        case("Billing policy does not allow aws-portal:ModifyBilling", I, identity=[BILLING], action="aws-portal:ModifyBilling", resource="*"),
        case("Billing policy does not allow S3", I, identity=[BILLING]),
        case("Set Own Password allows changing own password", A, identity=[OWN_PASSWORD], action="iam:ChangePassword", resource=ALICE),
        case("Set Own Password does not allow changing another user's password", I, identity=[OWN_PASSWORD], action="iam:ChangePassword", resource=BOB),
        case("Set Own Password allows reading the account password policy", A, identity=[OWN_PASSWORD], action="iam:GetAccountPasswordPolicy", resource="*"),
        case("Set Own Password does not allow UpdateAccountPasswordPolicy", I, identity=[OWN_PASSWORD], action="iam:UpdateAccountPasswordPolicy", resource="*"),
        case("Set Own Password for a user with a name of different case does not match", I, identity=[OWN_PASSWORD], action="iam:ChangePassword",
             resource=U + "Alice"),
        case("Set Own Password does not apply to a role session (no aws:username)", I, identity=[OWN_PASSWORD], principal=SESSION,
             action="iam:ChangePassword", resource=U + "app-session"),
        case("Manage Own Access Keys allows creating own key", A, identity=[OWN_KEYS], action="iam:CreateAccessKey", resource=ALICE),
        case("Manage Own Access Keys allows deleting own key", A, identity=[OWN_KEYS], action="iam:DeleteAccessKey", resource=ALICE),
        case("Manage Own Access Keys allows listing own keys", A, identity=[OWN_KEYS], action="iam:ListAccessKeys", resource=ALICE),
        case("Manage Own Access Keys allows updating own key", A, identity=[OWN_KEYS], action="iam:UpdateAccessKey", resource=ALICE),
        case("Manage Own Access Keys does not allow creating a key for another user", I, identity=[OWN_KEYS], action="iam:CreateAccessKey", resource=BOB),
        case("Manage Own Access Keys does not allow creating a login profile", I, identity=[OWN_KEYS], action="iam:CreateLoginProfile", resource=ALICE),
        case("Manage Own MFA allows creating own virtual MFA device", A, identity=[OWN_MFA], action="iam:CreateVirtualMFADevice", resource=MFA_ARN + "alice"),
        case("Manage Own MFA allows deleting own virtual MFA device", A, identity=[OWN_MFA], action="iam:DeleteVirtualMFADevice", resource=MFA_ARN + "alice"),
        case("Manage Own MFA does not allow creating another user's device", I, identity=[OWN_MFA], action="iam:CreateVirtualMFADevice", resource=MFA_ARN + "bob"),
        case("Manage Own MFA allows enabling MFA on own user", A, identity=[OWN_MFA], action="iam:EnableMFADevice", resource=ALICE),
        case("Manage Own MFA allows deactivating MFA on own user", A, identity=[OWN_MFA], action="iam:DeactivateMFADevice", resource=ALICE),
        case("Manage Own MFA does not allow deactivating another user's MFA", I, identity=[OWN_MFA], action="iam:DeactivateMFADevice", resource=BOB),
        case("Manage Own MFA allows resyncing own MFA device", A, identity=[OWN_MFA], action="iam:ResyncMFADevice", resource=ALICE),
        case("Manage Own MFA does not allow deleting a user", I, identity=[OWN_MFA], action="iam:DeleteUser", resource=ALICE),
    ]
    # force-MFA policy
    c += [
        case("force MFA: long-term keys (MFA key absent) deny S3 despite admin policy", E, identity=[ADMIN, FORCE_MFA]),
        case("force MFA: MFA session with admin policy allows S3", A, identity=[ADMIN, FORCE_MFA], context={MFA_KEY: "true"}),
        case("force MFA: MFA false denies S3", E, identity=[ADMIN, FORCE_MFA], context={MFA_KEY: "false"}),
        case("force MFA: without MFA the user may still create a virtual MFA device", A, identity=[FORCE_MFA],
             action="iam:CreateVirtualMFADevice", resource=MFA_ARN + "alice"),
        case("force MFA: without MFA the user may enable MFA on own user", A, identity=[FORCE_MFA], action="iam:EnableMFADevice", resource=ALICE),
        case("force MFA: without MFA the user may not enable MFA on another user", I, identity=[FORCE_MFA], action="iam:EnableMFADevice", resource=BOB),
        case("force MFA: without MFA the user may call sts:GetSessionToken", A, identity=[ADMIN, FORCE_MFA], action="sts:GetSessionToken", resource="*"),
        case("force MFA: without MFA, iam:DeleteVirtualMFADevice is denied (not in NotAction)", E, identity=[ADMIN, FORCE_MFA],
             action="iam:DeleteVirtualMFADevice", resource=MFA_ARN + "alice"),
        case("force MFA: without MFA, iam:ChangePassword is denied", E, identity=[ADMIN, FORCE_MFA], action="iam:ChangePassword", resource=ALICE),
        case("force MFA: with MFA, iam:ChangePassword is allowed by the admin policy", A, identity=[ADMIN, FORCE_MFA], action="iam:ChangePassword", resource=ALICE,
             context={MFA_KEY: "true"}),
        case("force MFA with Bool instead of BoolIfExists does not deny long-term keys", A, identity=[ADMIN, FORCE_MFA_NO_IFEXISTS]),
        case("force MFA with Bool instead of BoolIfExists denies an MFA-less console session", E, identity=[ADMIN, FORCE_MFA_NO_IFEXISTS], context={MFA_KEY: "false"}),
        case("force MFA plus Power User: MFA session still cannot use IAM", E, identity=[POWER, FORCE_MFA], action="iam:CreateUser", resource=BOB,
             context={MFA_KEY: "true"}),
        case("force MFA plus Power User: MFA session uses S3", A, identity=[POWER, FORCE_MFA], context={MFA_KEY: "true"}),
    ]
    return c
