from corpus_lib import *

A, E, I = "Allowed", "ExplicitlyDenied", "ImplicitlyDenied"
S3ALL = policy(allow("s3:*"))


def rp(*stmts):
    return policy(*stmts)


def resource_policy():
    c = []
    q = dict(action="sqs:SendMessage", resource=QUEUE)
    c += [
        case("same account: resource policy naming the user grants without identity policy", A, resource_policy=rp(allow("s3:GetObject", OBJ, principal={"AWS": ALICE}))),
        case("same account: Principal * grants without identity policy", A, resource_policy=rp(allow("s3:GetObject", OBJ, principal="*"))),
        case("same account: Principal AWS * grants without identity policy", A, resource_policy=rp(allow("s3:GetObject", OBJ, principal={"AWS": "*"}))),
        case("same account: resource policy naming another user does not grant", I, resource_policy=rp(allow("s3:GetObject", OBJ, principal={"AWS": BOB}))),
        case("same account: resource policy for another action does not grant", I, resource_policy=rp(allow("s3:PutObject", OBJ, principal={"AWS": ALICE}))),
        case("same account: resource policy for another resource does not grant", I, resource_policy=rp(allow("s3:GetObject", "arn:aws:s3:::example-bucket/private/*", principal={"AWS": ALICE}))),
        case("same account: identity allows, resource policy silent", A, identity=[S3ALL], resource_policy=rp(allow("s3:PutObject", OBJ, principal={"AWS": BOB}))),
        case("same account: account root principal needs an identity policy", I, resource_policy=rp(allow("s3:GetObject", OBJ, principal={"AWS": ROOT}))),
        case("same account: account root principal plus identity policy", A, identity=[S3ALL], resource_policy=rp(allow("s3:GetObject", OBJ, principal={"AWS": ROOT}))),
        case("same account: bare account id principal needs an identity policy", I, resource_policy=rp(allow("s3:GetObject", OBJ, principal={"AWS": ACCT}))),
        case("same account: bare account id principal plus identity policy", A, identity=[S3ALL], resource_policy=rp(allow("s3:GetObject", OBJ, principal={"AWS": ACCT}))),
        case("same account: SQS queue policy naming the user", A, resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal={"AWS": ALICE})), **q),
        case("same account: user with a path named by full ARN", A, principal=f"arn:aws:iam::{ACCT}:user/division/dave",
             resource_policy=rp(allow("s3:GetObject", OBJ, principal={"AWS": f"arn:aws:iam::{ACCT}:user/division/dave"}))),
        case("same account: role ARN in resource policy covers its sessions", A, principal=SESSION, resource_policy=rp(allow("s3:GetObject", OBJ, principal={"AWS": ROLE}))),
        case("same account: session ARN in resource policy", A, principal=SESSION, resource_policy=rp(allow("s3:GetObject", OBJ, principal={"AWS": SESSION}))),
        case("same account: other session ARN does not grant", I, principal=SESSION, resource_policy=rp(allow("s3:GetObject", OBJ, principal={"AWS": OTHER_SESSION}))),
        case("same account: role ARN does not grant to a user", I, resource_policy=rp(allow("s3:GetObject", OBJ, principal={"AWS": ROLE}))),
        case("same account: role with a path covers sessions whose ARN has no path", A,
             principal=f"arn:aws:sts::{ACCT}:assumed-role/Deployer/ci-run",
             resource_policy=rp(allow("s3:GetObject", OBJ, principal={"AWS": f"arn:aws:iam::{ACCT}:role/pipelines/Deployer"}))),
        case("same account: resource policy deny beats resource policy allow", E,
             resource_policy=rp(allow("s3:*", [BUCKET, BUCKET + "/*"], principal={"AWS": ALICE}), deny("s3:GetObject", OBJ, principal="*"))),
        case("same account: resource policy deny with SecureTransport false", E, identity=[S3ALL],
             resource_policy=rp(deny("s3:*", [BUCKET, BUCKET + "/*"], principal="*", condition={"Bool": {"aws:SecureTransport": "false"}})),
             context={"aws:SecureTransport": "false"}),
        case("same account: resource policy deny with SecureTransport false spares HTTPS", A, identity=[S3ALL],
             resource_policy=rp(deny("s3:*", [BUCKET, BUCKET + "/*"], principal="*", condition={"Bool": {"aws:SecureTransport": "false"}})),
             context={"aws:SecureTransport": "true"}),
        case("same account: resource policy allow with unmet condition", I,
             resource_policy=rp(allow("s3:GetObject", OBJ, principal={"AWS": ALICE}, condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
             context={"aws:SourceIp": "192.0.2.1"}),
        # cross account
        case("cross account: resource policy and identity both allow", A, principal=OTHER_USER, identity=[policy(allow("sqs:SendMessage"))],
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal={"AWS": OTHER_USER})), **q),
        case("cross account: resource policy alone is not enough", I, principal=OTHER_USER,
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal={"AWS": OTHER_USER})), **q),
        case("cross account: identity alone is not enough", I, principal=OTHER_USER, identity=[policy(allow("sqs:*"))], **q),
        case("cross account: identity allows, resource policy names someone else", I, principal=OTHER_USER, identity=[policy(allow("sqs:*"))],
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal={"AWS": f"arn:aws:iam::{OTHER}:user/dan"})), **q),
        case("cross account: account root principal plus identity", A, principal=OTHER_USER, identity=[policy(allow("sqs:*"))],
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal={"AWS": OTHER_ROOT})), **q),
        case("cross account: bare account id principal plus identity", A, principal=OTHER_USER, identity=[policy(allow("sqs:*"))],
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal={"AWS": OTHER})), **q),
        case("cross account: Principal * plus identity", A, principal=OTHER_USER, identity=[policy(allow("sqs:*"))],
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal="*")), **q),
        case("cross account: Principal * without identity", I, principal=OTHER_USER,
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal="*")), **q),
        case("cross account: root of the resource account does not cover the other account", I, principal=OTHER_USER, identity=[policy(allow("sqs:*"))],
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal={"AWS": ROOT})), **q),
        case("cross account: role ARN covers its sessions", A, principal=OTHER_ROLE_SESSION, identity=[policy(allow("sqs:*"))],
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal={"AWS": OTHER_ROLE})), **q),
        case("cross account: role ARN covers its sessions but identity is still needed", I, principal=OTHER_ROLE_SESSION,
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal={"AWS": OTHER_ROLE})), **q),
        case("cross account: identity deny wins", E, principal=OTHER_USER, identity=[policy(allow("sqs:*"), deny("sqs:SendMessage"))],
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal={"AWS": OTHER_USER})), **q),
        case("cross account: resource policy deny wins", E, principal=OTHER_USER, identity=[policy(allow("sqs:*"))],
             resource_policy=rp(allow("sqs:*", QUEUE, principal={"AWS": OTHER_ROOT}), deny("sqs:SendMessage", QUEUE, principal={"AWS": OTHER_USER})), **q),
        case("cross account: S3 bucket in another account (resourceAccount given)", A, principal=ALICE, identity=[S3ALL],
             resource="arn:aws:s3:::partner-bucket/data.csv", resource_account=OTHER,
             resource_policy=rp(allow("s3:GetObject", "arn:aws:s3:::partner-bucket/*", principal={"AWS": ROOT}))),
        case("cross account: S3 bucket in another account without bucket policy", I, principal=ALICE, identity=[S3ALL],
             resource="arn:aws:s3:::partner-bucket/data.csv", resource_account=OTHER),
        case("cross account: S3 bucket policy alone without identity", I, principal=ALICE,
             resource="arn:aws:s3:::partner-bucket/data.csv", resource_account=OTHER,
             resource_policy=rp(allow("s3:GetObject", "arn:aws:s3:::partner-bucket/*", principal={"AWS": ALICE}))),
        case("cross account: aws:PrincipalOrgID condition on Principal * holds", A, principal=OTHER_USER, identity=[policy(allow("sqs:*"))],
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal="*", condition={"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})),
             context={"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, **q),
        case("cross account: aws:PrincipalOrgID condition on Principal * fails", I, principal=OTHER_USER, identity=[policy(allow("sqs:*"))],
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal="*", condition={"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})),
             context={"aws:PrincipalOrgID": "o-zzzzzzzzzz"}, **q),
    ]
    notp_bob = rp(allow("s3:GetObject", OBJ, principal="*"),
                  stmt("Deny", "s3:*", [BUCKET, BUCKET + "/*"], not_principal={"AWS": [f"arn:aws:iam::{OTHER}:user/bob", OTHER_ROOT]}))
    c += [
        case("NotPrincipal deny spares the listed user", A, principal=f"arn:aws:iam::{OTHER}:user/bob", identity=[S3ALL], resource_policy=notp_bob),
        case("NotPrincipal deny denies another user of the same account", E, principal=OTHER_USER, identity=[S3ALL], resource_policy=notp_bob),
        case("NotPrincipal deny denies a user of the resource account", E, principal=ALICE, identity=[S3ALL], resource_policy=notp_bob),
    ]
    notp_sess = rp(allow("s3:GetObject", OBJ, principal="*"),
                   stmt("Deny", "s3:*", [BUCKET, BUCKET + "/*"], not_principal={"AWS": [OTHER_ROLE_SESSION, OTHER_ROLE, OTHER_ROOT]}))
    notp_role = rp(allow("s3:GetObject", OBJ, principal="*"),
                   stmt("Deny", "s3:*", [BUCKET, BUCKET + "/*"], not_principal={"AWS": [OTHER_ROLE, OTHER_ROOT]}))
    c += [
        case("NotPrincipal deny listing session, role and account spares that session", A, principal=OTHER_ROLE_SESSION, identity=[S3ALL], resource_policy=notp_sess),
        case("NotPrincipal deny listing session, role and account denies another session", E,
             principal=f"arn:aws:sts::{OTHER}:assumed-role/PartnerRole/someone-else", identity=[S3ALL], resource_policy=notp_sess),
        case("NotPrincipal deny listing only role and account denies a session of the role", E, principal=OTHER_ROLE_SESSION, identity=[S3ALL], resource_policy=notp_role),
        case("NotPrincipal deny does not grant by itself", I, principal=f"arn:aws:iam::{OTHER}:user/bob", identity=[S3ALL],
             resource_policy=rp(stmt("Deny", "s3:*", [BUCKET, BUCKET + "/*"], not_principal={"AWS": [f"arn:aws:iam::{OTHER}:user/bob", OTHER_ROOT]}))),
    ]
    # service principals
    sp = rp(allow("sqs:SendMessage", QUEUE, principal={"Service": "sns.amazonaws.com"},
                  condition={"ArnEquals": {"aws:SourceArn": TOPIC}}))
    c += [
        case("Service principal named in queue policy with matching source ARN", A, principal="sns.amazonaws.com", resource_policy=sp,
             context={"aws:SourceArn": TOPIC}, **q),
        case("Service principal with a different source ARN", I, principal="sns.amazonaws.com", resource_policy=sp,
             context={"aws:SourceArn": f"arn:aws:sns:us-east-1:{OTHER}:attacker"}, **q),
        case("different service principal is not matched", I, principal="events.amazonaws.com", resource_policy=sp,
             context={"aws:SourceArn": TOPIC}, **q),
        case("Service principal list contains the caller", A, principal="events.amazonaws.com",
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal={"Service": ["sns.amazonaws.com", "events.amazonaws.com"]})), **q),
        case("Service principal is not matched by an AWS account principal", I, principal="sns.amazonaws.com",
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal={"AWS": ROOT})), **q),
        case("IAM user is not matched by a Service principal", I,
             resource_policy=rp(allow("sqs:SendMessage", QUEUE, principal={"Service": "sns.amazonaws.com"})), **q),
    ]
    return c


ROLE_T = f"arn:aws:iam::{ACCT}:role/DeployRole"


def principals():
    c = []
    t = dict(action="sts:AssumeRole", resource=ROLE_T)
    trust = lambda *stmts: policy(*stmts)
    ar = lambda p, **kw: allow("sts:AssumeRole", None, principal=p, **kw)
    ident = [policy(allow("sts:AssumeRole", ROLE_T))]
    c += [
        case("trust names the account and the user has sts:AssumeRole", A, identity=ident, resource_policy=trust(ar({"AWS": ROOT})), **t),
        case("trust names the account but the user has no permission", I, resource_policy=trust(ar({"AWS": ROOT})), **t),
        case("trust names the account by bare id and the user has permission", A, identity=ident, resource_policy=trust(ar({"AWS": ACCT})), **t),
        case("trust names the user directly (same account, no identity policy)", A, resource_policy=trust(ar({"AWS": ALICE})), **t),
        case("trust names another user", I, identity=ident, resource_policy=trust(ar({"AWS": BOB})), **t),
        case("identity allows but trust policy does not name the caller", I, identity=ident, resource_policy=trust(ar({"AWS": f"arn:aws:iam::{ACCT}:role/Other"})), **t),
        case("cross account: trust names the other account and its user has permission", A, principal=OTHER_USER, identity=ident, resource_policy=trust(ar({"AWS": OTHER_ROOT})), **t),
        case("cross account: trust names the other account but its user lacks permission", I, principal=OTHER_USER, resource_policy=trust(ar({"AWS": OTHER_ROOT})), **t),
        case("cross account: trust names the user directly, identity still required", I, principal=OTHER_USER, resource_policy=trust(ar({"AWS": OTHER_USER})), **t),
        case("cross account: trust names the user directly and identity allows", A, principal=OTHER_USER, identity=ident, resource_policy=trust(ar({"AWS": OTHER_USER})), **t),
        case("cross account: trust names the other account's role, its session assumes", A, principal=OTHER_ROLE_SESSION, identity=ident, resource_policy=trust(ar({"AWS": OTHER_ROLE})), **t),
        case("cross account: trust names the exact session", A, principal=OTHER_ROLE_SESSION, identity=ident, resource_policy=trust(ar({"AWS": OTHER_ROLE_SESSION})), **t),
        case("role chaining in one account: trust names the source role", A, principal=SESSION, identity=ident, resource_policy=trust(ar({"AWS": ROLE})), **t),
        case("trust Principal * with PrincipalOrgID condition, same org", A, principal=OTHER_USER, identity=ident,
             resource_policy=trust(ar("*", condition={"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})), context={"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, **t),
        case("trust Principal * with PrincipalOrgID condition, other org", I, principal=OTHER_USER, identity=ident,
             resource_policy=trust(ar("*", condition={"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})), context={"aws:PrincipalOrgID": "o-9999999999"}, **t),
        case("trust requires sts:ExternalId and it matches", A, principal=OTHER_USER, identity=ident,
             resource_policy=trust(ar({"AWS": OTHER_ROOT}, condition={"StringEquals": {"sts:ExternalId": "Unique-7781"}})), context={"sts:ExternalId": "Unique-7781"}, **t),
        case("trust requires sts:ExternalId and it differs", I, principal=OTHER_USER, identity=ident,
             resource_policy=trust(ar({"AWS": OTHER_ROOT}, condition={"StringEquals": {"sts:ExternalId": "Unique-7781"}})), context={"sts:ExternalId": "unique-7781"}, **t),
        case("trust requires sts:ExternalId and none is given", I, principal=OTHER_USER, identity=ident,
             resource_policy=trust(ar({"AWS": OTHER_ROOT}, condition={"StringEquals": {"sts:ExternalId": "Unique-7781"}})), **t),
        case("trust requires MFA and the caller used MFA", A, identity=ident,
             resource_policy=trust(ar({"AWS": ROOT}, condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})), context={"aws:MultiFactorAuthPresent": "true"}, **t),
        case("trust requires MFA and the caller has long-term keys (key absent)", I, identity=ident,
             resource_policy=trust(ar({"AWS": ROOT}, condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})), **t),
        case("trust requires MFA and the caller has MFA false", I, identity=ident,
             resource_policy=trust(ar({"AWS": ROOT}, condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})), context={"aws:MultiFactorAuthPresent": "false"}, **t),
        case("trust explicitly denies a user the account trusts", E, identity=ident,
             resource_policy=trust(ar({"AWS": ROOT}), stmt("Deny", "sts:AssumeRole", None, principal={"AWS": ALICE})), **t),
        case("identity deny on sts:AssumeRole beats the trust policy", E, identity=[policy(allow("*"), deny("sts:AssumeRole"))],
             resource_policy=trust(ar({"AWS": ALICE})), **t),
        case("trust names the EC2 service", A, principal="ec2.amazonaws.com", resource_policy=trust(ar({"Service": "ec2.amazonaws.com"})), **t),
        case("trust names EC2 but Lambda asks", I, principal="lambda.amazonaws.com", resource_policy=trust(ar({"Service": "ec2.amazonaws.com"})), **t),
        case("trust names several services", A, principal="lambda.amazonaws.com", resource_policy=trust(ar({"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]})), **t),
        case("trust names a service and an account in one Principal", A, identity=ident,
             resource_policy=trust(ar({"Service": "ec2.amazonaws.com", "AWS": ROOT})), **t),
        case("trust for a service does not let users assume the role", I, identity=ident, resource_policy=trust(ar({"Service": "ec2.amazonaws.com"})), **t),
        case("trust names a SAML provider for AssumeRoleWithSAML", A, principal=f"arn:aws:iam::{ACCT}:saml-provider/CorpIdP",
             action="sts:AssumeRoleWithSAML", resource=ROLE_T,
             resource_policy=trust(allow("sts:AssumeRoleWithSAML", None, principal={"Federated": f"arn:aws:iam::{ACCT}:saml-provider/CorpIdP"},
                                         condition={"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}})),
             context={"SAML:aud": "https://signin.aws.amazon.com/saml"}),
        case("trust names another SAML provider", I, principal=f"arn:aws:iam::{ACCT}:saml-provider/CorpIdP",
             action="sts:AssumeRoleWithSAML", resource=ROLE_T,
             resource_policy=trust(allow("sts:AssumeRoleWithSAML", None, principal={"Federated": f"arn:aws:iam::{ACCT}:saml-provider/OtherIdP"}))),
        case("trust names Cognito for AssumeRoleWithWebIdentity with matching audience", A, principal="cognito-identity.amazonaws.com",
             action="sts:AssumeRoleWithWebIdentity", resource=ROLE_T,
             resource_policy=trust(allow("sts:AssumeRoleWithWebIdentity", None, principal={"Federated": "cognito-identity.amazonaws.com"},
                                         condition={"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012"}})),
             context={"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012"}),
        case("trust names Cognito but the audience differs", I, principal="cognito-identity.amazonaws.com",
             action="sts:AssumeRoleWithWebIdentity", resource=ROLE_T,
             resource_policy=trust(allow("sts:AssumeRoleWithWebIdentity", None, principal={"Federated": "cognito-identity.amazonaws.com"},
                                         condition={"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012"}})),
             context={"cognito-identity.amazonaws.com:aud": "us-east-1:00000000-0000-0000-0000-000000000000"}),
        case("trust allows AssumeRole but the request is TagSession", I, identity=[policy(allow("sts:*"))],
             action="sts:TagSession", resource=ROLE_T, resource_policy=trust(ar({"AWS": ROOT}))),
        case("trust allows AssumeRole and TagSession", A, identity=[policy(allow("sts:*"))],
             action="sts:TagSession", resource=ROLE_T, resource_policy=trust(allow(["sts:AssumeRole", "sts:TagSession"], None, principal={"AWS": ROOT}))),
    ]
    return c


FULL = policy(allow("*", sid="FullAWSAccess"))
RCP_FULL = policy(stmt("Allow", "*", "*", principal="*", sid="RCPFullAWSAccess"))


def scp():
    c = []
    c += [
        case("SCP full access at every level plus identity allow", A, identity=[S3ALL], scp=[[FULL], [FULL], [FULL]]),
        case("SCP full access never grants without identity policy", I, scp=[[FULL], [FULL], [FULL]]),
        case("SCP at one OU level allows only EC2: S3 implicitly denied", I, identity=[S3ALL], scp=[[FULL], [policy(allow("ec2:*"))], [FULL]]),
        case("SCP at the account level allows only S3: S3 allowed", A, identity=[S3ALL], scp=[[FULL], [FULL], [policy(allow("s3:*"))]]),
        case("SCP at the account level allows only S3: SQS denied even with identity", I, identity=[policy(allow("*"))], scp=[[FULL], [FULL], [policy(allow("s3:*"))]],
             action="sqs:SendMessage", resource=QUEUE),
        case("SCP at the root allows only S3: every level needs an allow", I, identity=[policy(allow("*"))], scp=[[policy(allow("s3:*"))], [FULL], [FULL]],
             action="iam:GetUser", resource=BOB),
        case("SCP deny at the account level", E, identity=[S3ALL], scp=[[FULL], [FULL], [FULL, policy(deny("s3:GetObject"))]]),
        case("SCP deny at the root level", E, identity=[S3ALL], scp=[[FULL, policy(deny("s3:*"))], [FULL], [FULL]]),
        case("SCP deny at an OU level without identity allow is explicit", E, scp=[[FULL], [FULL, policy(deny("s3:*"))]]),
        case("two SCPs at one level are a union (first)", A, identity=[policy(allow("*"))], scp=[[FULL], [policy(allow("s3:*")), policy(allow("ec2:*"))]]),
        case("two SCPs at one level are a union (second)", A, identity=[policy(allow("*"))], scp=[[FULL], [policy(allow("s3:*")), policy(allow("ec2:*"))]],
             action="ec2:DescribeInstances", resource="*"),
        case("two SCPs at one level: neither allows", I, identity=[policy(allow("*"))], scp=[[FULL], [policy(allow("s3:*")), policy(allow("ec2:*"))]],
             action="iam:GetUser", resource=BOB),
        case("SCP region deny applies outside the approved regions", E, identity=[policy(allow("*"))],
             scp=[[FULL, policy(stmt("Deny", not_action=["iam:*", "sts:*", "organizations:*"], resource="*",
                                     condition={"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}}))]],
             context={"aws:RequestedRegion": "eu-west-1"}),
        case("SCP region deny spares approved regions", A, identity=[policy(allow("*"))],
             scp=[[FULL, policy(stmt("Deny", not_action=["iam:*", "sts:*", "organizations:*"], resource="*",
                                     condition={"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}}))]],
             context={"aws:RequestedRegion": "us-east-1"}),
        case("SCP region deny spares global services listed in NotAction", A, identity=[policy(allow("*"))],
             scp=[[FULL, policy(stmt("Deny", not_action=["iam:*", "sts:*", "organizations:*"], resource="*",
                                     condition={"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}}))]],
             action="iam:GetUser", resource=BOB, context={"aws:RequestedRegion": "eu-west-1"}),
        case("SCP without an allow also limits a same-account resource policy grant", I, scp=[[FULL], [policy(allow("ec2:*"))]],
             resource_policy=policy(allow("s3:GetObject", OBJ, principal={"AWS": ALICE}))),
        case("SCP allows and a same-account resource policy grants", A, scp=[[FULL], [FULL]],
             resource_policy=policy(allow("s3:GetObject", OBJ, principal={"AWS": ALICE}))),
        case("SCP allows more than the identity policy", I, identity=[policy(allow("s3:GetObject"))], scp=[[FULL]], action="s3:PutObject"),
        case("identity deny with SCP full access", E, identity=[policy(allow("*"), deny("s3:GetObject"))], scp=[[FULL]]),
        case("SCP applies to role sessions too", E, principal=SESSION, identity=[policy(allow("*"))], scp=[[FULL, policy(deny("s3:DeleteObject"))]],
             action="s3:DeleteObject"),
        case("SCP protecting a security role with ArnNotLike on the principal", E, principal=SESSION, identity=[policy(allow("*"))],
             scp=[[FULL, policy(deny("iam:DeleteRole", f"arn:aws:iam::*:role/SecurityAudit",
                                     condition={"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::*:role/OrgAdmin"}}))]],
             action="iam:DeleteRole", resource=f"arn:aws:iam::{ACCT}:role/SecurityAudit", context={"aws:PrincipalArn": ROLE}),
        case("SCP with a single level given", A, identity=[S3ALL], scp=[[FULL]]),
        case("SCP allow with NotAction", A, identity=[policy(allow("*"))], scp=[[FULL], [policy(stmt("Allow", not_action="iam:*", resource="*"))]]),
        case("SCP allow with NotAction excludes IAM", I, identity=[policy(allow("*"))], scp=[[FULL], [policy(stmt("Allow", not_action="iam:*", resource="*"))]],
             action="iam:CreateUser", resource=BOB),
        case("SCP level applies to the caller's account for a cross-account request", I, principal=OTHER_USER, identity=[policy(allow("*"))],
             scp=[[FULL], [policy(allow("ec2:*"))]], action="sqs:SendMessage", resource=QUEUE,
             resource_policy=policy(allow("sqs:SendMessage", QUEUE, principal={"AWS": OTHER_USER}))),
    ]
    return c


def rcp():
    c = []
    tls = policy(stmt("Deny", "s3:*", "*", principal="*", condition={"Bool": {"aws:SecureTransport": "false"}}))
    perim = policy(stmt("Deny", ["s3:*", "sqs:*"], "*", principal="*",
                        condition={"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}))
    c += [
        case("RCP full access at every level plus identity allow", A, identity=[S3ALL], rcp=[[RCP_FULL], [RCP_FULL]]),
        case("RCP full access never grants without identity policy", I, rcp=[[RCP_FULL], [RCP_FULL]]),
        case("RCP TLS deny denies plain HTTP", E, identity=[S3ALL], rcp=[[RCP_FULL, tls]], context={"aws:SecureTransport": "false"}),
        case("RCP TLS deny spares HTTPS", A, identity=[S3ALL], rcp=[[RCP_FULL, tls]], context={"aws:SecureTransport": "true"}),
        case("RCP TLS deny also denies a grant that came from the bucket policy", E, rcp=[[RCP_FULL], [RCP_FULL, tls]],
             resource_policy=policy(allow("s3:GetObject", OBJ, principal={"AWS": ALICE})), context={"aws:SecureTransport": "false"}),
        case("RCP data perimeter denies a principal outside the organization", E, principal=OTHER_USER, identity=[S3ALL],
             resource_policy=policy(allow("s3:GetObject", OBJ, principal={"AWS": OTHER_ROOT})), rcp=[[RCP_FULL, perim]],
             context={"aws:PrincipalOrgID": "o-zzzzzzzzzz", "aws:PrincipalIsAWSService": "false"}),
        case("RCP data perimeter allows a principal inside the organization", A, principal=OTHER_USER, identity=[S3ALL],
             resource_policy=policy(allow("s3:GetObject", OBJ, principal={"AWS": OTHER_ROOT})), rcp=[[RCP_FULL, perim]],
             context={"aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:PrincipalIsAWSService": "false"}),
        case("RCP data perimeter on SQS denies outside principal", E, principal=OTHER_USER, identity=[policy(allow("sqs:*"))],
             action="sqs:SendMessage", resource=QUEUE, resource_policy=policy(allow("sqs:SendMessage", QUEUE, principal="*")), rcp=[[RCP_FULL, perim]],
             context={"aws:PrincipalOrgID": "o-zzzzzzzzzz", "aws:PrincipalIsAWSService": "false"}),
        case("RCP deny at the account level only", E, identity=[S3ALL], rcp=[[RCP_FULL], [RCP_FULL], [RCP_FULL, policy(stmt("Deny", "s3:GetObject", "*", principal="*"))]]),
        case("RCP deny for another action does not apply", A, identity=[S3ALL], rcp=[[RCP_FULL, policy(stmt("Deny", "s3:DeleteObject", "*", principal="*"))]]),
        case("RCP level without any allow is implicit deny", I, identity=[S3ALL], rcp=[[RCP_FULL], [policy(stmt("Deny", "s3:DeleteObject", "*", principal="*"))]]),
        case("RCP deny applies to role sessions", E, principal=SESSION, identity=[S3ALL], rcp=[[RCP_FULL, policy(stmt("Deny", "s3:*", "*", principal="*"))]]),
        case("RCP identity deny still wins", E, identity=[policy(allow("*"), deny("s3:GetObject"))], rcp=[[RCP_FULL]]),
        case("RCP deny with ArnNotLike on principal ARN spares the admin role", A,
             principal=f"arn:aws:sts::{ACCT}:assumed-role/DataAdmin/ops", identity=[S3ALL],
             rcp=[[RCP_FULL, policy(stmt("Deny", "s3:DeleteObject", "*", principal="*", condition={"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:role/DataAdmin"}}))]],
             action="s3:DeleteObject", context={"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:role/DataAdmin"}),
        case("RCP deny with condition on principal ARN denies other callers", E, identity=[S3ALL],
             rcp=[[RCP_FULL, policy(stmt("Deny", "s3:DeleteObject", "*", principal="*", condition={"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:role/DataAdmin"}}))]],
             action="s3:DeleteObject"),
        case("RCP together with SCP: both allow", A, identity=[S3ALL], scp=[[FULL]], rcp=[[RCP_FULL]]),
        case("RCP allows but SCP does not", I, identity=[S3ALL], scp=[[policy(allow("ec2:*"))]], rcp=[[RCP_FULL]]),
    ]
    return c
