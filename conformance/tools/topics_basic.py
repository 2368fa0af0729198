import json
from corpus_lib import *

ALLOW_GET = allow("s3:GetObject", OBJ)


def structure():
    c = []
    c.append(case("version 2012-10-17 allow statement grants", "Allowed",
                  identity=[policy(ALLOW_GET)]))
    c.append(case("version 2008-10-17 allow statement grants", "Allowed",
                  identity=[policy(ALLOW_GET, version="2008-10-17")]))
    c.append(case("policy without Version element still grants", "Allowed",
                  identity=[policy(ALLOW_GET, version=None)]))
    c.append(case("Statement given as a single object", "Allowed",
                  identity=[policy(ALLOW_GET, single=True)]))
    c.append(case("Statement single object with Deny effect denies", "ExplicitlyDenied",
                  identity=[policy(allow("s3:*")), policy(deny("s3:GetObject"), single=True)]))
    c.append(case("Statement array with matching second statement", "Allowed",
                  identity=[policy(allow("s3:PutObject", OBJ), ALLOW_GET)]))
    c.append(case("Statement array with no matching statement is implicit deny", "ImplicitlyDenied",
                  identity=[policy(allow("s3:PutObject", OBJ), allow("s3:ListBucket", BUCKET))]))
    c.append(case("Action as a string", "Allowed",
                  identity=[policy(allow("s3:GetObject", "*"))]))
    c.append(case("Action as a one-element array", "Allowed",
                  identity=[policy(allow(["s3:GetObject"], "*"))]))
    c.append(case("Action as an array where a later entry matches", "Allowed",
                  identity=[policy(allow(["s3:PutObject", "s3:DeleteObject", "s3:GetObject"], "*"))]))
    c.append(case("Action array where no entry matches", "ImplicitlyDenied",
                  identity=[policy(allow(["s3:PutObject", "s3:DeleteObject"], "*"))]))
    c.append(case("Resource as a string", "Allowed",
                  identity=[policy(allow("s3:GetObject", OBJ))]))
    c.append(case("Resource as an array where a later entry matches", "Allowed",
                  identity=[policy(allow("s3:GetObject", ["arn:aws:s3:::other-bucket/*", OBJ]))]))
    c.append(case("Resource array where no entry matches", "ImplicitlyDenied",
                  identity=[policy(allow("s3:GetObject", ["arn:aws:s3:::other-bucket/*", BUCKET]))]))
    c.append(case("Sid on the statement does not change the decision", "Allowed",
                  identity=[policy(allow("s3:GetObject", OBJ, sid="ReadReports"))]))
    c.append(case("Sid on an allow and a deny statement, deny wins", "ExplicitlyDenied",
                  identity=[policy(allow("s3:*", "*", sid="AllowS3"), deny("s3:GetObject", OBJ, sid="NoReports"))]))
    c.append(case("policy Id element is accepted", "Allowed",
                  identity=[{"Version": V12, "Id": "reports-read", "Statement": [ALLOW_GET]}]))
    c.append(case("identity policy given as a JSON string", "Allowed",
                  identity=[json.dumps(policy(ALLOW_GET))]))
    c.append(case("identity policy given as a JSON string with a deny", "ExplicitlyDenied",
                  identity=[json.dumps(policy(allow("*"), deny("s3:GetObject")))]))
    c.append(case("JSON string policy and object policy combine", "Allowed",
                  identity=[json.dumps(policy(allow("s3:PutObject"))), policy(ALLOW_GET)]))
    c.append(case("resource policy given as a JSON string", "Allowed",
                  resource_policy=json.dumps(policy(allow("s3:GetObject", OBJ, principal={"AWS": ALICE})))))
    c.append(case("JSON string policy with Statement as a single object", "Allowed",
                  identity=[json.dumps(policy(ALLOW_GET, single=True))]))
    c.append(case("JSON string policy with whitespace and newlines", "Allowed",
                  identity=[json.dumps(policy(ALLOW_GET), indent=4)]))
    c.append(case("empty identity policy list is implicit deny", "ImplicitlyDenied",
                  identity=[]))
    c.append(case("no policies at all is implicit deny", "ImplicitlyDenied"))
    c.append(case("statement order does not matter: deny before allow", "ExplicitlyDenied",
                  identity=[policy(deny("s3:GetObject", OBJ), allow("s3:GetObject", OBJ))]))
    c.append(case("Principal \"*\" as a plain string in a resource policy", "Allowed",
                  resource_policy=policy(allow("s3:GetObject", OBJ, principal="*"))))
    c.append(case("Principal AWS as an array of ARNs", "Allowed",
                  resource_policy=policy(allow("s3:GetObject", OBJ, principal={"AWS": [BOB, ALICE]}))))
    c.append(case("Principal AWS as a single ARN string", "Allowed",
                  resource_policy=policy(allow("s3:GetObject", OBJ, principal={"AWS": ALICE}))))
    c.append(case("Condition element with an empty object places no constraint", "Allowed",
                  identity=[policy(allow("s3:GetObject", OBJ, condition={}))]))
    return c


def actions():
    c = []
    a = lambda pat, act, exp, name, res=OBJ: c.append(case(name, exp, identity=[policy(allow(pat, "*"))], action=act, resource=res))
    a("s3:getobject", "s3:GetObject", "Allowed", "action match ignores case (policy lower case)")
    a("S3:GETOBJECT", "s3:GetObject", "Allowed", "action match ignores case (policy upper case)")
    a("S3:GetObject", "s3:GetObject", "Allowed", "service prefix match ignores case")
    a("s3:GetObject", "s3:GetObject", "Allowed", "exact action match")
    a("s3:GetObject", "s3:PutObject", "ImplicitlyDenied", "different action in same service does not match")
    a("s3:GetObjects", "s3:GetObject", "ImplicitlyDenied", "longer action name does not match as prefix")
    a("s3:GetObj", "s3:GetObject", "ImplicitlyDenied", "action name prefix without wildcard does not match")
    a("s3:Get*", "s3:GetObject", "Allowed", "trailing star matches the rest of the action name")
    a("s3:get*", "s3:GetObject", "Allowed", "lower case wildcard pattern matches action ignoring case")
    a("s3:Get*", "s3:PutObject", "ImplicitlyDenied", "trailing star pattern does not match other prefix")
    a("s3:GetObject*", "s3:GetObject", "Allowed", "star matches zero characters")
    a("s3:GetObject*", "s3:GetObjectTagging", "Allowed", "star after full name matches longer action", res=OBJ)
    a("s3:*", "s3:GetObject", "Allowed", "service wildcard matches any action of the service")
    a("s3:*", "s3:ListBucket", "Allowed", "service wildcard matches bucket action", res=BUCKET)
    a("s3:*", "iam:GetUser", "ImplicitlyDenied", "service wildcard does not match another service", res=ALICE)
    a("*", "s3:GetObject", "Allowed", "bare star matches any action")
    a("*", "iam:CreateUser", "Allowed", "bare star matches an IAM action", res=BOB)
    a("s3:GetObjec?", "s3:GetObject", "Allowed", "question mark matches exactly one character")
    a("s3:GetObj?", "s3:GetObject", "ImplicitlyDenied", "question mark does not match several characters")
    a("s3:GetObject?", "s3:GetObject", "ImplicitlyDenied", "question mark does not match zero characters")
    a("s3:?etObject", "s3:GetObject", "Allowed", "question mark at start of action name")
    a("s3:?etObject", "s3:PutObject", "ImplicitlyDenied", "question mark position must line up")
    a("s3:*Object", "s3:GetObject", "Allowed", "leading star in action name matches GetObject")
    a("s3:*Object", "s3:PutObject", "Allowed", "leading star in action name matches PutObject")
    a("s3:*Object", "s3:ListBucket", "ImplicitlyDenied", "leading star pattern requires the suffix", res=BUCKET)
    mfa = f"arn:aws:iam::{ACCT}:mfa/alice"
    a("iam:*VirtualMFADevice", "iam:CreateVirtualMFADevice", "Allowed", "middle wildcard iam:*VirtualMFADevice matches CreateVirtualMFADevice", res=mfa)
    a("iam:*VirtualMFADevice", "iam:DeleteVirtualMFADevice", "Allowed", "middle wildcard iam:*VirtualMFADevice matches DeleteVirtualMFADevice", res=mfa)
    a("iam:*VirtualMFADevice", "iam:EnableMFADevice", "ImplicitlyDenied", "iam:*VirtualMFADevice does not match EnableMFADevice", res=ALICE)
    a("iam:*VirtualMFADevice", "iam:ListVirtualMFADevices", "ImplicitlyDenied", "iam:*VirtualMFADevice does not match plural ListVirtualMFADevices", res="*")
    a("s3:Get*Acl", "s3:GetObjectAcl", "Allowed", "s3:Get*Acl matches GetObjectAcl")
    a("s3:Get*Acl", "s3:GetBucketAcl", "Allowed", "s3:Get*Acl matches GetBucketAcl", res=BUCKET)
    a("s3:Get*Acl", "s3:GetObjectVersionAcl", "Allowed", "s3:Get*Acl star spans several words")
    a("s3:Get*Acl", "s3:GetObject", "ImplicitlyDenied", "s3:Get*Acl requires the Acl suffix")
    a("s3:Get*Acl", "s3:PutObjectAcl", "ImplicitlyDenied", "s3:Get*Acl requires the Get prefix")
    a("iam:*user*", "iam:CreateUser", "Allowed", "two wildcards around a lower case fragment match CreateUser", res=BOB)
    a("iam:*user*", "iam:GetUserPolicy", "Allowed", "two wildcards match GetUserPolicy", res=BOB)
    a("iam:*user*", "iam:CreateRole", "ImplicitlyDenied", "two wildcards do not match CreateRole", res=ROLE)
    a("iam:Get????", "iam:GetUser", "Allowed", "four question marks match four characters (GetUser)", res=BOB)
    a("iam:Get????", "iam:GetRole", "Allowed", "four question marks match four characters (GetRole)", res=ROLE)
    a("iam:Get????", "iam:GetGroup", "ImplicitlyDenied", "four question marks do not match five characters", res=f"arn:aws:iam::{ACCT}:group/devs")
    a("ec2:Describe*", "ec2:DescribeInstances", "Allowed", "wildcard on an action that only takes resource star", res="*")
    a("sqs:*", "sns:Publish", "ImplicitlyDenied", "service wildcard for sqs does not match sns", res=TOPIC)
    # NotAction
    n = lambda pol, act, exp, name, res=OBJ: c.append(case(name, exp, identity=pol, action=act, resource=res))
    n([policy(stmt("Allow", not_action="iam:*", resource="*"))], "s3:GetObject", "Allowed", "Allow NotAction iam:* allows an S3 action")
    n([policy(stmt("Allow", not_action="iam:*", resource="*"))], "iam:CreateUser", "ImplicitlyDenied", "Allow NotAction iam:* does not allow an IAM action", res=BOB)
    n([policy(stmt("Allow", not_action="IAM:*", resource="*"))], "iam:CreateUser", "ImplicitlyDenied", "NotAction matching ignores case", res=BOB)
    n([policy(stmt("Allow", not_action=["iam:*", "organizations:*"], resource="*"))], "organizations:ListAccounts", "ImplicitlyDenied", "NotAction array excludes every listed action", res="*")
    n([policy(stmt("Allow", not_action=["iam:*", "organizations:*"], resource="*"))], "sqs:SendMessage", "Allowed", "NotAction array allows actions not listed", res=QUEUE)
    n([policy(stmt("Allow", not_action="s3:Get*", resource="*"))], "s3:GetObject", "ImplicitlyDenied", "Allow NotAction with wildcard excludes matching action")
    n([policy(stmt("Allow", not_action="s3:Get*", resource="*"))], "s3:PutObject", "Allowed", "Allow NotAction with wildcard allows non-matching action")
    n([policy(stmt("Allow", not_action="s3:GetObject", resource=BUCKET))], "s3:PutObject", "ImplicitlyDenied", "Allow NotAction still requires the resource to match")
    n([policy(allow("*"), stmt("Deny", not_action="iam:*", resource="*"))], "s3:GetObject", "ExplicitlyDenied", "Deny NotAction iam:* denies every non-IAM action")
    n([policy(allow("*"), stmt("Deny", not_action="iam:*", resource="*"))], "iam:GetUser", "Allowed", "Deny NotAction iam:* leaves IAM actions to the allow", res=BOB)
    n([policy(stmt("Deny", not_action="iam:*", resource="*"))], "iam:GetUser", "ImplicitlyDenied", "Deny NotAction alone grants nothing to the excluded action", res=BOB)
    n([policy(allow("*"), stmt("Deny", not_action=["s3:Get*", "s3:List*"], resource="*"))], "s3:ListBucket", "Allowed", "Deny NotAction read-only exceptions let List through", res=BUCKET)
    n([policy(allow("*"), stmt("Deny", not_action=["s3:Get*", "s3:List*"], resource="*"))], "s3:DeleteObject", "ExplicitlyDenied", "Deny NotAction read-only exceptions deny a write")
    # deny wildcards
    n([policy(allow("s3:*"), deny("s3:Delete*"))], "s3:DeleteObject", "ExplicitlyDenied", "Deny with wildcard overrides service-wide allow")
    n([policy(allow("s3:*"), deny("s3:Delete*"))], "s3:GetObject", "Allowed", "Deny with wildcard does not touch other actions")
    n([policy(allow("s3:GetObject"), deny("*"))], "s3:GetObject", "ExplicitlyDenied", "Deny of every action overrides exact allow")
    n([policy(allow("s3:GetObject"), deny("S3:GETOBJECT"))], "s3:GetObject", "ExplicitlyDenied", "Deny action matches ignoring case")
    return c


def resources():
    c = []
    r = lambda pat, res, exp, name, act="s3:GetObject", acct=None: c.append(case(name, exp, identity=[policy(allow(act, pat))], action=act, resource=res, resource_account=acct))
    r(OBJ, OBJ, "Allowed", "exact object ARN matches")
    r("arn:aws:s3:::Example-Bucket/reports/q1.csv", OBJ, "ImplicitlyDenied", "ARN match is case-sensitive in the bucket name")
    r("arn:aws:s3:::example-bucket/reports/Q1.csv", OBJ, "ImplicitlyDenied", "ARN match is case-sensitive in the object key")
    r("arn:aws:s3:::example-bucket/reports/q1.CSV", OBJ, "ImplicitlyDenied", "ARN match is case-sensitive in the file extension")
    r("arn:aws:s3:::example-bucket/*", OBJ, "Allowed", "bucket slash star matches an object")
    r("arn:aws:s3:::example-bucket/*", "arn:aws:s3:::example-bucket/a/b/c/deep.txt", "Allowed", "star spans several slashes")
    r("arn:aws:s3:::example-bucket/*", BUCKET, "ImplicitlyDenied", "bucket slash star does not match the bucket itself", act="s3:ListBucket")
    r("arn:aws:s3:::example-bucket*", BUCKET, "Allowed", "bucket name followed by star matches the bucket", act="s3:ListBucket")
    r("arn:aws:s3:::example-bucket*", OBJ, "Allowed", "bucket name followed by star also matches its objects")
    r("arn:aws:s3:::example-bucket*", "arn:aws:s3:::example-bucket-logs/x.log", "Allowed", "bucket name followed by star matches a longer bucket name")
    r("arn:aws:s3:::example", BUCKET, "ImplicitlyDenied", "ARN without wildcard is not a prefix match", act="s3:ListBucket")
    r("arn:aws:s3:::*", OBJ, "Allowed", "arn:aws:s3:::* matches any object")
    r("arn:aws:s3:::example-*/reports/*", OBJ, "Allowed", "wildcards in bucket name and key")
    r("arn:aws:s3:::example-*/reports/*", "arn:aws:s3:::example-bucket/archive/q1.csv", "ImplicitlyDenied", "literal middle segment must match")
    r("arn:aws:s3:::example-bucket/*/q1.csv", OBJ, "Allowed", "star in the middle of the key")
    r("arn:aws:s3:::example-bucket/*/q1.csv", "arn:aws:s3:::example-bucket/2024/eu/q1.csv", "Allowed", "star in the middle spans several path segments")
    r("arn:aws:s3:::example-bucket/*/q1.csv", "arn:aws:s3:::example-bucket/reports/q2.csv", "ImplicitlyDenied", "star in the middle still requires the suffix")
    r("arn:aws:s3:::example-bucket/reports/q?.csv", OBJ, "Allowed", "question mark matches one character in a key")
    r("arn:aws:s3:::example-bucket/reports/q?.csv", "arn:aws:s3:::example-bucket/reports/q10.csv", "ImplicitlyDenied", "question mark does not match two characters")
    r("arn:aws:s3:::example-bucket/reports/q?.csv", "arn:aws:s3:::example-bucket/reports/q/.csv", "Allowed", "question mark matches a slash")
    r("*", OBJ, "Allowed", "resource star matches any resource")
    r("*", QUEUE, "Allowed", "resource star matches an SQS queue", act="sqs:SendMessage")
    r("arn:*", QUEUE, "Allowed", "arn:* matches any ARN", act="sqs:SendMessage")
    r("arn:aws:sqs:*", QUEUE, "Allowed", "star spans colons in an ARN", act="sqs:SendMessage")
    r(f"arn:aws:sqs:*:{ACCT}:orders", QUEUE, "Allowed", "star in the region position", act="sqs:SendMessage")
    r(f"arn:aws:sqs:us-east-1:{OTHER}:orders", QUEUE, "ImplicitlyDenied", "different account in ARN does not match", act="sqs:SendMessage")
    r(f"arn:aws:sqs:us-west-2:{ACCT}:orders", QUEUE, "ImplicitlyDenied", "different region in ARN does not match", act="sqs:SendMessage")
    r(f"arn:aws:sqs:us-east-1:{ACCT}:Orders", QUEUE, "ImplicitlyDenied", "queue name is case-sensitive", act="sqs:SendMessage")
    r(f"arn:aws-cn:sqs:us-east-1:{ACCT}:orders", QUEUE, "ImplicitlyDenied", "different partition does not match", act="sqs:SendMessage")
    r(f"arn:aws:dynamodb:us-*:{ACCT}:table/Orders", TABLE, "Allowed", "region wildcard prefix matches us-east-1", act="dynamodb:GetItem")
    r(f"arn:aws:dynamodb:us-*:{ACCT}:table/Orders", f"arn:aws:dynamodb:eu-west-1:{ACCT}:table/Orders", "ImplicitlyDenied", "region wildcard prefix does not match eu-west-1", act="dynamodb:GetItem")
    r(TABLE, f"{TABLE}/index/ByDate", "ImplicitlyDenied", "table ARN does not match one of its indexes", act="dynamodb:Query")
    r(f"{TABLE}/*", f"{TABLE}/index/ByDate", "Allowed", "table slash star matches its indexes", act="dynamodb:Query")
    r(f"{TABLE}/index/*", TABLE, "ImplicitlyDenied", "index pattern does not match the table", act="dynamodb:Query")
    r(f"arn:aws:iam::{ACCT}:user/*", BOB, "Allowed", "user slash star matches a user", act="iam:GetUser")
    r(f"arn:aws:iam::{ACCT}:user/*", f"arn:aws:iam::{ACCT}:user/division/eng/dave", "Allowed", "user slash star matches a user with a path", act="iam:GetUser")
    r(f"arn:aws:iam::{ACCT}:user/division/*", BOB, "ImplicitlyDenied", "path pattern does not match a user outside the path", act="iam:GetUser")
    r(f"arn:aws:iam::{ACCT}:user/Bob", BOB, "ImplicitlyDenied", "user name in resource ARN is matched case-sensitively", act="iam:GetUser")
    r(f"arn:aws:iam::{ACCT}:user/b*", BOB, "Allowed", "partial user name with star", act="iam:GetUser")
    r(f"arn:aws:iam::*", BOB, "Allowed", "star after the empty region spans account and resource", act="iam:GetUser")
    r(f"arn:aws:iam::{ACCT}:role/*", BOB, "ImplicitlyDenied", "role pattern does not match a user", act="iam:GetUser")
    # NotResource
    nr = lambda pol, res, exp, name, act="s3:GetObject": c.append(case(name, exp, identity=pol, action=act, resource=res))
    nr([policy(stmt("Allow", "s3:*", not_resource="arn:aws:s3:::secret-bucket/*"))], OBJ, "Allowed", "Allow NotResource grants resources outside the list")
    nr([policy(stmt("Allow", "s3:*", not_resource="arn:aws:s3:::secret-bucket/*"))], "arn:aws:s3:::secret-bucket/keys.txt", "ImplicitlyDenied", "Allow NotResource does not grant listed resources")
    nr([policy(stmt("Allow", "s3:*", not_resource=["arn:aws:s3:::secret-bucket", "arn:aws:s3:::secret-bucket/*"]))], "arn:aws:s3:::secret-bucket", "ImplicitlyDenied", "Allow NotResource array excludes the bucket", act="s3:ListBucket")
    nr([policy(stmt("Allow", "s3:GetObject", not_resource="arn:aws:s3:::secret-bucket/*"))], OBJ, "Allowed", "Allow NotResource with a specific action")
    nr([policy(stmt("Allow", "s3:GetObject", not_resource="arn:aws:s3:::secret-bucket/*"))], OBJ, "ImplicitlyDenied", "Allow NotResource still needs the action to match", act="s3:PutObject")
    nr([policy(allow("*"), stmt("Deny", "s3:*", not_resource=[BUCKET, BUCKET + "/*"]))], "arn:aws:s3:::other-bucket/x", "ExplicitlyDenied", "Deny NotResource denies everything outside the allowed bucket")
    nr([policy(allow("*"), stmt("Deny", "s3:*", not_resource=[BUCKET, BUCKET + "/*"]))], OBJ, "Allowed", "Deny NotResource leaves the listed bucket to the allow")
    nr([policy(allow("*"), stmt("Deny", "s3:*", not_resource=[BUCKET, BUCKET + "/*"]))], QUEUE, "Allowed", "Deny NotResource does not apply to other services' actions", act="sqs:SendMessage")
    nr([policy(stmt("Allow", "s3:GetObject", not_resource="arn:aws:s3:::Example-Bucket/*"))], OBJ, "Allowed", "NotResource matching is case-sensitive (different case is outside the list)")
    nr([policy(stmt("Allow", "s3:GetObject", not_resource="*"))], OBJ, "ImplicitlyDenied", "NotResource star excludes every resource")
    return [x for x in c if x]


def evaluation():
    c = []
    c.append(case("no policies means implicit deny", "ImplicitlyDenied"))
    c.append(case("only a non-matching identity policy means implicit deny", "ImplicitlyDenied",
                  identity=[policy(allow("s3:PutObject"))]))
    c.append(case("single identity allow grants", "Allowed", identity=[policy(allow("s3:GetObject"))]))
    c.append(case("allow and deny in the same policy: deny wins", "ExplicitlyDenied",
                  identity=[policy(allow("s3:GetObject"), deny("s3:GetObject"))]))
    c.append(case("allow in one policy and deny in another: deny wins", "ExplicitlyDenied",
                  identity=[policy(allow("s3:GetObject")), policy(deny("s3:GetObject"))]))
    c.append(case("deny listed before allow across policies still wins", "ExplicitlyDenied",
                  identity=[policy(deny("s3:*")), policy(allow("*"))]))
    c.append(case("deny-only policy matching the request denies explicitly", "ExplicitlyDenied",
                  identity=[policy(deny("s3:GetObject"))]))
    c.append(case("deny-only policy not matching the request is implicit deny", "ImplicitlyDenied",
                  identity=[policy(deny("s3:PutObject"))]))
    c.append(case("two identity policies: union grants the first action", "Allowed",
                  identity=[policy(allow("s3:GetObject")), policy(allow("sqs:SendMessage"))]))
    c.append(case("two identity policies: union grants the second action", "Allowed",
                  identity=[policy(allow("s3:GetObject")), policy(allow("sqs:SendMessage"))],
                  action="sqs:SendMessage", resource=QUEUE))
    c.append(case("three policies, only the last one allows", "Allowed",
                  identity=[policy(allow("sns:Publish")), policy(allow("sqs:*")), policy(allow("s3:Get*"))]))
    c.append(case("deny whose resource does not match leaves the allow", "Allowed",
                  identity=[policy(allow("s3:*"), deny("s3:*", "arn:aws:s3:::secret-bucket/*"))]))
    c.append(case("deny whose condition does not hold leaves the allow", "Allowed",
                  identity=[policy(allow("s3:*"), deny("s3:*", condition={"Bool": {"aws:SecureTransport": "false"}}))],
                  context={"aws:SecureTransport": "true"}))
    c.append(case("deny whose condition holds overrides the allow", "ExplicitlyDenied",
                  identity=[policy(allow("s3:*"), deny("s3:*", condition={"Bool": {"aws:SecureTransport": "false"}}))],
                  context={"aws:SecureTransport": "false"}))
    c.append(case("allow whose condition does not hold is implicit deny", "ImplicitlyDenied",
                  identity=[policy(allow("s3:*", condition={"Bool": {"aws:SecureTransport": "true"}}))],
                  context={"aws:SecureTransport": "false"}))
    c.append(case("identity deny overrides a same-account resource policy allow", "ExplicitlyDenied",
                  identity=[policy(deny("s3:GetObject"))],
                  resource_policy=policy(allow("s3:GetObject", OBJ, principal={"AWS": ALICE}))))
    c.append(case("resource policy deny overrides an identity allow", "ExplicitlyDenied",
                  identity=[policy(allow("s3:*"))],
                  resource_policy=policy(deny("s3:GetObject", OBJ, principal={"AWS": ALICE}))))
    c.append(case("resource policy deny for everyone overrides an identity allow", "ExplicitlyDenied",
                  identity=[policy(allow("s3:*"))],
                  resource_policy=policy(deny("s3:*", [BUCKET, BUCKET + "/*"], principal="*"))))
    c.append(case("identity allow with same-account resource policy that is silent", "Allowed",
                  identity=[policy(allow("s3:GetObject"))],
                  resource_policy=policy(allow("s3:GetObject", OBJ, principal={"AWS": BOB}))))
    pu = policy(allow("*", sid="AllowAll"), deny(["aws-portal:*", "iam:*"], sid="DenyAwsPortalIam"))
    c.append(case("power user policy allows S3", "Allowed", identity=[pu]))
    c.append(case("power user policy allows EC2 describe", "Allowed", identity=[pu], action="ec2:DescribeInstances", resource="*"))
    c.append(case("power user policy allows sts:AssumeRole", "Allowed", identity=[pu], action="sts:AssumeRole", resource=f"arn:aws:iam::{ACCT}:role/Deploy"))
    c.append(case("power user policy denies iam:CreateUser", "ExplicitlyDenied", identity=[pu], action="iam:CreateUser", resource=BOB))
    c.append(case("power user policy denies iam:GetUser", "ExplicitlyDenied", identity=[pu], action="iam:GetUser", resource=ALICE))
    c.append(case("power user policy denies aws-portal:ViewBilling", "ExplicitlyDenied", identity=[pu], action="aws-portal:ViewBilling", resource="*"))
    c.append(case("power user plus a billing allow still denies billing", "ExplicitlyDenied",
                  identity=[pu, policy(allow("aws-portal:ViewBilling"))], action="aws-portal:ViewBilling", resource="*"))
    c.append(case("power user plus an admin policy still denies IAM", "ExplicitlyDenied",
                  identity=[pu, policy(allow("*"))], action="iam:CreateUser", resource=BOB))
    c.append(case("allow for one resource does not grant another", "ImplicitlyDenied",
                  identity=[policy(allow("s3:GetObject", "arn:aws:s3:::example-bucket/public/*"))]))
    c.append(case("allow statement for an action with different resource and deny for another action", "Allowed",
                  identity=[policy(allow("s3:GetObject", OBJ), deny("s3:PutObject", OBJ))]))
    c.append(case("explicit deny is not reversed by a later broader allow", "ExplicitlyDenied",
                  identity=[policy(deny("s3:GetObject", OBJ)), policy(allow("s3:*", "*")), policy(allow("*", "*"))]))
    return c
