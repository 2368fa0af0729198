from corpus_lib import *


def cc(name, expected, condition, context=None, *, action="s3:GetObject", resource=OBJ, effect="Allow", principal=ALICE):
    """Allow-effect: the only grant is a statement carrying `condition`.
    Deny-effect: an unconditional allow plus a deny statement carrying `condition`."""
    if effect == "Allow":
        ident = [policy(allow(action, "*", condition=condition))]
    else:
        ident = [policy(allow("*"), deny(action, "*", condition=condition))]
    return case(name, expected, identity=ident, action=action, resource=resource, context=context, principal=principal)


A, E, I = "Allowed", "ExplicitlyDenied", "ImplicitlyDenied"
TEAM = "aws:PrincipalTag/team"
REGION = "aws:RequestedRegion"


def string_ops():
    c = []
    se = lambda v: {"StringEquals": {TEAM: v}}
    c += [
        cc("StringEquals exact value matches", A, se("engineering"), {TEAM: "engineering"}),
        cc("StringEquals different value does not match", I, se("engineering"), {TEAM: "finance"}),
        cc("StringEquals value comparison is case-sensitive", I, se("engineering"), {TEAM: "Engineering"}),
        cc("StringEquals absent key does not match", I, se("engineering")),
        cc("StringEquals several values: any one matching is enough", A, se(["finance", "engineering"]), {TEAM: "engineering"}),
        cc("StringEquals several values: none matching", I, se(["finance", "legal"]), {TEAM: "engineering"}),
        cc("StringEquals treats star as a literal character", I, se("eng*"), {TEAM: "engineering"}),
        cc("StringEquals literal star value matches a literal star", A, se("eng*"), {TEAM: "eng*"}),
        cc("StringEquals empty string does not match a non-empty value", I, se(""), {TEAM: "engineering"}),
        cc("StringEquals in a deny statement denies when it matches", E, se("contractor"), {TEAM: "contractor"}, effect="Deny"),
        cc("StringEquals in a deny statement does not deny other values", A, se("contractor"), {TEAM: "engineering"}, effect="Deny"),
        cc("StringEquals in a deny statement does not deny when the key is absent", A, se("contractor"), effect="Deny"),
        cc("condition key name is case-insensitive (upper case in policy)", A, {"StringEquals": {"AWS:REQUESTEDREGION": "us-east-1"}}, {REGION: "us-east-1"}),
        cc("condition key name is case-insensitive (lower case in policy)", A, {"StringEquals": {"aws:requestedregion": "us-east-1"}}, {REGION: "us-east-1"}),
        cc("condition key name is case-insensitive (mixed case in request context)", A, {"StringEquals": {REGION: "us-east-1"}}, {"AWS:RequestedREGION": "us-east-1"}),
        cc("StringEquals region value is case-sensitive", I, {"StringEquals": {REGION: "US-EAST-1"}}, {REGION: "us-east-1"}),
    ]
    sne = lambda v: {"StringNotEquals": {TEAM: v}}
    c += [
        cc("StringNotEquals different value matches", A, sne("contractor"), {TEAM: "engineering"}),
        cc("StringNotEquals equal value does not match", I, sne("contractor"), {TEAM: "contractor"}),
        cc("StringNotEquals absent key matches", A, sne("contractor")),
        cc("StringNotEquals value differing only in case matches", A, sne("contractor"), {TEAM: "Contractor"}),
        cc("StringNotEquals several values: value equal to one of them does not match", I, sne(["contractor", "vendor"]), {TEAM: "vendor"}),
        cc("StringNotEquals several values: value equal to none matches", A, sne(["contractor", "vendor"]), {TEAM: "engineering"}),
        cc("StringNotEquals in a deny statement denies other values", E, sne("engineering"), {TEAM: "finance"}, effect="Deny"),
        cc("StringNotEquals in a deny statement denies when the key is absent", E, sne("engineering"), effect="Deny"),
        cc("StringNotEquals in a deny statement spares the listed value", A, sne("engineering"), {TEAM: "engineering"}, effect="Deny"),
    ]
    sei = lambda v: {"StringEqualsIgnoreCase": {TEAM: v}}
    c += [
        cc("StringEqualsIgnoreCase matches a value in different case", A, sei("Engineering"), {TEAM: "ENGINEERING"}),
        cc("StringEqualsIgnoreCase matches an identical value", A, sei("engineering"), {TEAM: "engineering"}),
        cc("StringEqualsIgnoreCase different value does not match", I, sei("engineering"), {TEAM: "finance"}),
        cc("StringEqualsIgnoreCase absent key does not match", I, sei("engineering")),
        cc("StringEqualsIgnoreCase treats star as literal", I, sei("ENG*"), {TEAM: "engineering"}),
    ]
    snei = lambda v: {"StringNotEqualsIgnoreCase": {TEAM: v}}
    c += [
        cc("StringNotEqualsIgnoreCase value differing only in case does not match", I, snei("Contractor"), {TEAM: "CONTRACTOR"}),
        cc("StringNotEqualsIgnoreCase different value matches", A, snei("contractor"), {TEAM: "engineering"}),
        cc("StringNotEqualsIgnoreCase absent key matches", A, snei("contractor")),
        cc("StringNotEqualsIgnoreCase several values: equal to one ignoring case does not match", I, snei(["contractor", "vendor"]), {TEAM: "VENDOR"}),
    ]
    sl = lambda v: {"StringLike": {TEAM: v}}
    c += [
        cc("StringLike star matches any suffix", A, sl("eng*"), {TEAM: "engineering"}),
        cc("StringLike star matches an empty suffix", A, sl("eng*"), {TEAM: "eng"}),
        cc("StringLike question mark matches one character", A, sl("te?m"), {TEAM: "team"}),
        cc("StringLike question mark does not match two characters", I, sl("te?m"), {TEAM: "teaam"}),
        cc("StringLike is case-sensitive", I, sl("Eng*"), {TEAM: "engineering"}),
        cc("StringLike without wildcard needs an exact match", I, sl("eng"), {TEAM: "engineering"}),
        cc("StringLike star alone matches any present value", A, sl("*"), {TEAM: "anything"}),
        cc("StringLike star alone does not match an absent key", I, sl("*")),
        cc("StringLike several patterns: any one matching is enough", A, sl(["fin*", "*ring"]), {TEAM: "engineering"}),
        cc("StringLike star in the middle", A, sl("e*g"), {TEAM: "engineering"}),
        cc("StringLike in a deny statement denies a matching value", E, sl("contract*"), {TEAM: "contractor-eu"}, effect="Deny"),
    ]
    snl = lambda v: {"StringNotLike": {TEAM: v}}
    c += [
        cc("StringNotLike value matching the pattern does not match", I, snl("contract*"), {TEAM: "contractor"}),
        cc("StringNotLike value not matching the pattern matches", A, snl("contract*"), {TEAM: "engineering"}),
        cc("StringNotLike absent key matches", A, snl("contract*")),
        cc("StringNotLike several patterns: matching any one does not match", I, snl(["vendor*", "contract*"]), {TEAM: "contractor"}),
        cc("StringNotLike several patterns: matching none matches", A, snl(["vendor*", "contract*"]), {TEAM: "engineering"}),
        cc("StringNotLike in a deny statement denies an absent key", E, snl("*"), effect="Deny"),
    ]
    return c


MFA_AGE = "aws:MultiFactorAuthAge"


def numeric_ops():
    c = []
    n = lambda op, v: {op: {MFA_AGE: v}}
    c += [
        cc("NumericEquals equal value matches", A, n("NumericEquals", "3600"), {MFA_AGE: "3600"}),
        cc("NumericEquals different value does not match", I, n("NumericEquals", "3600"), {MFA_AGE: "3601"}),
        cc("NumericEquals absent key does not match", I, n("NumericEquals", "3600")),
        cc("NumericEquals several values: any one equal is enough", A, n("NumericEquals", ["60", "120"]), {MFA_AGE: "120"}),
        cc("NumericNotEquals equal value does not match", I, n("NumericNotEquals", "3600"), {MFA_AGE: "3600"}),
        cc("NumericNotEquals different value matches", A, n("NumericNotEquals", "3600"), {MFA_AGE: "10"}),
        cc("NumericNotEquals absent key matches", A, n("NumericNotEquals", "3600")),
        cc("NumericNotEquals several values: equal to one does not match", I, n("NumericNotEquals", ["60", "120"]), {MFA_AGE: "60"}),
        cc("NumericLessThan smaller value matches", A, n("NumericLessThan", "3600"), {MFA_AGE: "3599"}),
        cc("NumericLessThan equal value does not match", I, n("NumericLessThan", "3600"), {MFA_AGE: "3600"}),
        cc("NumericLessThan larger value does not match", I, n("NumericLessThan", "3600"), {MFA_AGE: "7200"}),
        cc("NumericLessThan absent key does not match", I, n("NumericLessThan", "3600")),
        cc("NumericLessThan compares numbers not strings", A, n("NumericLessThan", "100"), {MFA_AGE: "99"}),
        cc("NumericLessThan compares numbers not strings (longer number is larger)", I, n("NumericLessThan", "100"), {MFA_AGE: "1000"}),
        cc("NumericLessThanEquals equal value matches", A, n("NumericLessThanEquals", "3600"), {MFA_AGE: "3600"}),
        cc("NumericLessThanEquals larger value does not match", I, n("NumericLessThanEquals", "3600"), {MFA_AGE: "3601"}),
        cc("NumericGreaterThan larger value matches", A, n("NumericGreaterThan", "3600"), {MFA_AGE: "3601"}),
        cc("NumericGreaterThan equal value does not match", I, n("NumericGreaterThan", "3600"), {MFA_AGE: "3600"}),
        cc("NumericGreaterThan absent key does not match", I, n("NumericGreaterThan", "3600")),
        cc("NumericGreaterThanEquals equal value matches", A, n("NumericGreaterThanEquals", "3600"), {MFA_AGE: "3600"}),
        cc("NumericGreaterThanEquals smaller value does not match", I, n("NumericGreaterThanEquals", "3600"), {MFA_AGE: "3599"}),
        cc("NumericLessThan with a decimal policy value", A, n("NumericLessThan", "10.5"), {MFA_AGE: "10"}),
        cc("NumericGreaterThan in a deny statement denies old MFA", E, n("NumericGreaterThan", "3600"), {MFA_AGE: "7200"}, effect="Deny"),
        cc("NumericGreaterThan in a deny statement spares fresh MFA", A, n("NumericGreaterThan", "3600"), {MFA_AGE: "300"}, effect="Deny"),
        cc("NumericGreaterThan in a deny statement does not deny when key is absent", A, n("NumericGreaterThan", "3600"), effect="Deny"),
        cc("NumericLessThanEquals on s3:max-keys within limit", A, {"NumericLessThanEquals": {"s3:max-keys": "100"}}, {"s3:max-keys": "50"}, action="s3:ListBucket", resource=BUCKET),
        cc("NumericLessThanEquals on s3:max-keys over limit", I, {"NumericLessThanEquals": {"s3:max-keys": "100"}}, {"s3:max-keys": "500"}, action="s3:ListBucket", resource=BUCKET),
    ]
    return c


NOW = "aws:CurrentTime"
TIT = "aws:TokenIssueTime"


def date_ops():
    c = []
    d = lambda op, v, key=NOW: {op: {key: v}}
    T = "2024-06-01T12:00:00Z"
    c += [
        cc("DateEquals same instant matches", A, d("DateEquals", T), {NOW: T}),
        cc("DateEquals one second later does not match", I, d("DateEquals", T), {NOW: "2024-06-01T12:00:01Z"}),
        cc("DateEquals same instant written with a UTC offset matches", A, d("DateEquals", "2024-06-01T14:00:00+02:00"), {NOW: T}),
        cc("DateNotEquals same instant does not match", I, d("DateNotEquals", T), {NOW: T}),
        cc("DateNotEquals different instant matches", A, d("DateNotEquals", T), {NOW: "2024-06-02T12:00:00Z"}),
        cc("DateNotEquals absent key matches", A, d("DateNotEquals", T, TIT)),
        cc("DateLessThan earlier time matches", A, d("DateLessThan", "2025-01-01T00:00:00Z"), {NOW: T}),
        cc("DateLessThan equal time does not match", I, d("DateLessThan", T), {NOW: T}),
        cc("DateLessThan later time does not match", I, d("DateLessThan", "2024-01-01T00:00:00Z"), {NOW: T}),
        cc("DateLessThan absent key does not match", I, d("DateLessThan", T, TIT)),
        cc("DateLessThanEquals equal time matches", A, d("DateLessThanEquals", T), {NOW: T}),
        cc("DateLessThanEquals later time does not match", I, d("DateLessThanEquals", T), {NOW: "2024-06-01T12:00:01Z"}),
        cc("DateGreaterThan later time matches", A, d("DateGreaterThan", "2024-01-01T00:00:00Z"), {NOW: T}),
        cc("DateGreaterThan equal time does not match", I, d("DateGreaterThan", T), {NOW: T}),
        cc("DateGreaterThan earlier time does not match", I, d("DateGreaterThan", "2025-01-01T00:00:00Z"), {NOW: T}),
        cc("DateGreaterThanEquals equal time matches", A, d("DateGreaterThanEquals", T), {NOW: T}),
        cc("DateGreaterThanEquals earlier time does not match", I, d("DateGreaterThanEquals", T), {NOW: "2024-06-01T11:59:59Z"}),
        cc("DateGreaterThan with an epoch-seconds policy value (before request)", A, d("DateGreaterThan", "1704067200"), {NOW: T}),
        cc("DateLessThan with an epoch-seconds policy value (before request)", I, d("DateLessThan", "1704067200"), {NOW: T}),
        cc("DateEquals with an epoch-seconds policy value equal to the request time", A, d("DateEquals", "1717243200"), {NOW: T}),
        cc("DateGreaterThan with an epoch-seconds policy value after the request", I, d("DateGreaterThan", "1735689600"), {NOW: T}),
        cc("DateLessThan with an epoch-seconds policy value after the request", A, d("DateLessThan", "1735689600"), {NOW: T}),
        cc("DateLessThan with a date-only policy value", A, d("DateLessThan", "2024-12-31"), {NOW: T}),
        cc("DateGreaterThan with a date-only policy value", I, d("DateGreaterThan", "2024-12-31"), {NOW: T}),
        cc("date window: inside start and end", A, {"DateGreaterThan": {NOW: "2024-01-01T00:00:00Z"}, "DateLessThan": {NOW: "2024-12-31T23:59:59Z"}}, {NOW: T}),
        cc("date window: after the end", I, {"DateGreaterThan": {NOW: "2024-01-01T00:00:00Z"}, "DateLessThan": {NOW: "2024-03-31T23:59:59Z"}}, {NOW: T}),
        cc("DateGreaterThan on aws:TokenIssueTime for a fresh token", A, d("DateGreaterThan", "2024-05-01T00:00:00Z", TIT), {TIT: "2024-06-01T11:00:00Z"}),
        cc("deny DateLessThan on token issue time revokes old sessions", E, d("DateLessThan", "2024-06-01T00:00:00Z", TIT), {TIT: "2024-05-31T09:00:00Z"}, effect="Deny", principal=SESSION),
        cc("deny DateLessThan on token issue time spares newer sessions", A, d("DateLessThan", "2024-06-01T00:00:00Z", TIT), {TIT: "2024-06-01T09:00:00Z"}, effect="Deny", principal=SESSION),
    ]
    return c


SECURE = "aws:SecureTransport"
MFA = "aws:MultiFactorAuthPresent"


def bool_binary_ops():
    c = []
    c += [
        cc("Bool true matches true", A, {"Bool": {SECURE: "true"}}, {SECURE: "true"}),
        cc("Bool true does not match false", I, {"Bool": {SECURE: "true"}}, {SECURE: "false"}),
        cc("Bool false matches false", A, {"Bool": {SECURE: "false"}}, {SECURE: "false"}),
        cc("Bool absent key does not match true", I, {"Bool": {SECURE: "true"}}),
        cc("Bool absent key does not match false", I, {"Bool": {SECURE: "false"}}),
        cc("Bool with a JSON boolean true in the policy matches true", A, {"Bool": {SECURE: True}}, {SECURE: "true"}),
        cc("Bool with a JSON boolean true in the policy does not match false", I, {"Bool": {SECURE: True}}, {SECURE: "false"}),
        cc("Bool with a JSON boolean false in the policy matches false", A, {"Bool": {SECURE: False}}, {SECURE: "false"}),
        cc("deny Bool SecureTransport false denies plain HTTP", E, {"Bool": {SECURE: "false"}}, {SECURE: "false"}, effect="Deny"),
        cc("deny Bool SecureTransport false spares HTTPS", A, {"Bool": {SECURE: "false"}}, {SECURE: "true"}, effect="Deny"),
        cc("deny Bool MFA false does not deny when the MFA key is absent", A, {"Bool": {MFA: "false"}}, effect="Deny"),
        cc("deny BoolIfExists MFA false denies when the MFA key is absent", E, {"BoolIfExists": {MFA: "false"}}, effect="Deny"),
        cc("allow Bool MFA true with MFA session", A, {"Bool": {MFA: "true"}}, {MFA: "true"}),
        cc("allow Bool MFA true without MFA key", I, {"Bool": {MFA: "true"}}),
    ]
    blob = "aws:PrincipalTag/fingerprint"
    c += [
        cc("BinaryEquals equal base64 value matches", A, {"BinaryEquals": {blob: "QmluYXJ5VmFsdWU="}}, {blob: "QmluYXJ5VmFsdWU="}),
        cc("BinaryEquals different base64 value does not match", I, {"BinaryEquals": {blob: "QmluYXJ5VmFsdWU="}}, {blob: "T3RoZXJWYWx1ZQ=="}),
        cc("BinaryEquals absent key does not match", I, {"BinaryEquals": {blob: "QmluYXJ5VmFsdWU="}}),
        cc("BinaryEquals several values: any one equal is enough", A, {"BinaryEquals": {blob: ["T3RoZXJWYWx1ZQ==", "QmluYXJ5VmFsdWU="]}}, {blob: "QmluYXJ5VmFsdWU="}),
    ]
    return c


IP = "aws:SourceIp"


def ip_ops():
    c = []
    ip = lambda v: {"IpAddress": {IP: v}}
    nip = lambda v: {"NotIpAddress": {IP: v}}
    c += [
        cc("IpAddress IPv4 inside the CIDR", A, ip("203.0.113.0/24"), {IP: "203.0.113.7"}),
        cc("IpAddress IPv4 outside the CIDR", I, ip("203.0.113.0/24"), {IP: "198.51.100.7"}),
        cc("IpAddress IPv4 network address is inside", A, ip("203.0.113.0/24"), {IP: "203.0.113.0"}),
        cc("IpAddress IPv4 broadcast address is inside", A, ip("203.0.113.0/24"), {IP: "203.0.113.255"}),
        cc("IpAddress IPv4 first address past the range", I, ip("203.0.113.0/24"), {IP: "203.0.114.0"}),
        cc("IpAddress narrow /30 range", I, ip("203.0.113.4/30"), {IP: "203.0.113.8"}),
        cc("IpAddress single address without mask matches itself", A, ip("203.0.113.7"), {IP: "203.0.113.7"}),
        cc("IpAddress single address without mask does not match its neighbour", I, ip("203.0.113.7"), {IP: "203.0.113.8"}),
        cc("IpAddress explicit /32 matches only that address", A, ip("203.0.113.7/32"), {IP: "203.0.113.7"}),
        cc("IpAddress 0.0.0.0/0 matches any IPv4 address", A, ip("0.0.0.0/0"), {IP: "192.0.2.1"}),
        cc("IpAddress absent key does not match", I, ip("203.0.113.0/24")),
        cc("IpAddress several ranges: any one containing the address", A, ip(["198.51.100.0/24", "203.0.113.0/24"]), {IP: "203.0.113.7"}),
        cc("IpAddress IPv6 inside the CIDR", A, ip("2001:db8::/32"), {IP: "2001:db8:abcd:12::1"}),
        cc("IpAddress IPv6 outside the CIDR", I, ip("2001:db8::/32"), {IP: "2001:db9::1"}),
        cc("IpAddress IPv6 /64 boundary", I, ip("2001:db8:1:2::/64"), {IP: "2001:db8:1:3::1"}),
        cc("IpAddress IPv6 single address without mask", A, ip("2001:db8::1"), {IP: "2001:db8::1"}),
        cc("IpAddress IPv6 address written in long form matches short CIDR", A, ip("2001:db8::/32"), {IP: "2001:0db8:0000:0000:0000:0000:0000:0001"}),
        cc("IpAddress IPv4 address does not match an IPv6 range", I, ip("2001:db8::/32"), {IP: "203.0.113.7"}),
        cc("IpAddress mixed list of IPv4 and IPv6 ranges matches IPv6 address", A, ip(["203.0.113.0/24", "2001:db8::/32"]), {IP: "2001:db8::5"}),
        cc("NotIpAddress address outside the range matches", A, nip("203.0.113.0/24"), {IP: "198.51.100.7"}),
        cc("NotIpAddress address inside the range does not match", I, nip("203.0.113.0/24"), {IP: "203.0.113.7"}),
        cc("NotIpAddress absent key matches", A, nip("203.0.113.0/24")),
        cc("NotIpAddress several ranges: inside any one does not match", I, nip(["198.51.100.0/24", "203.0.113.0/24"]), {IP: "198.51.100.9"}),
        cc("deny NotIpAddress denies requests from outside the corporate range", E, nip(["203.0.113.0/24", "2001:db8::/32"]), {IP: "192.0.2.44"}, effect="Deny"),
        cc("deny NotIpAddress spares requests from the corporate IPv6 range", A, nip(["203.0.113.0/24", "2001:db8::/32"]), {IP: "2001:db8::44"}, effect="Deny"),
    ]
    return c


SRC = "aws:SourceArn"


def arn_ops():
    c = []
    ae = lambda op, v: {op: {SRC: v}}
    c += [
        cc("ArnEquals identical ARN matches", A, ae("ArnEquals", TOPIC), {SRC: TOPIC}),
        cc("ArnEquals different resource does not match", I, ae("ArnEquals", TOPIC), {SRC: f"arn:aws:sns:us-east-1:{ACCT}:other"}),
        cc("ArnEquals is case-sensitive", I, ae("ArnEquals", f"arn:aws:sns:us-east-1:{ACCT}:Alerts"), {SRC: TOPIC}),
        cc("ArnEquals absent key does not match", I, ae("ArnEquals", TOPIC)),
        cc("ArnEquals accepts a wildcard in a component", A, ae("ArnEquals", f"arn:aws:sns:us-east-1:{ACCT}:*"), {SRC: TOPIC}),
        cc("ArnLike wildcard region component", A, ae("ArnLike", f"arn:aws:sns:*:{ACCT}:alerts"), {SRC: TOPIC}),
        cc("ArnLike wildcard account and resource components", A, ae("ArnLike", "arn:aws:sns:us-east-1:*:*"), {SRC: TOPIC}),
        cc("ArnLike other account does not match", I, ae("ArnLike", f"arn:aws:sns:us-east-1:{OTHER}:*"), {SRC: TOPIC}),
        cc("ArnLike question mark in region", A, ae("ArnLike", f"arn:aws:sns:us-east-?:{ACCT}:alerts"), {SRC: TOPIC}),
        cc("ArnLike different service does not match", I, ae("ArnLike", f"arn:aws:sqs:*:{ACCT}:alerts"), {SRC: TOPIC}),
        cc("ArnLike is case-sensitive", I, ae("ArnLike", f"arn:aws:sns:*:{ACCT}:ALERTS"), {SRC: TOPIC}),
        cc("ArnLike absent key does not match", I, ae("ArnLike", "arn:aws:sns:*:*:*")),
        cc("ArnLike star in the resource component spans slashes", A, {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:role/*"}},
           {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:role/teams/data/AppRole"}),
        cc("ArnLike role pattern does not match a user ARN", I, {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:role/*"}}, {"aws:PrincipalArn": ALICE}),
        cc("ArnLike several patterns: any one matching", A, ae("ArnLike", [f"arn:aws:sqs:*:{ACCT}:*", f"arn:aws:sns:*:{ACCT}:*"]), {SRC: TOPIC}),
        cc("ArnLike checks each ARN component separately (star cannot cover region and account)", I, ae("ArnLike", "arn:aws:sns:*:alerts"), {SRC: TOPIC}),
        cc("ArnLike against a value that is not an ARN does not match", I, ae("ArnLike", "arn:aws:sns:*:*:*"), {SRC: "alerts"}),
        cc("ArnNotEquals identical ARN does not match", I, ae("ArnNotEquals", TOPIC), {SRC: TOPIC}),
        cc("ArnNotEquals different ARN matches", A, ae("ArnNotEquals", TOPIC), {SRC: f"arn:aws:sns:us-east-1:{ACCT}:other"}),
        cc("ArnNotEquals absent key matches", A, ae("ArnNotEquals", TOPIC)),
        cc("ArnNotLike matching pattern does not match", I, ae("ArnNotLike", f"arn:aws:sns:*:{ACCT}:*"), {SRC: TOPIC}),
        cc("ArnNotLike non-matching pattern matches", A, ae("ArnNotLike", f"arn:aws:sns:*:{OTHER}:*"), {SRC: TOPIC}),
        cc("ArnNotLike absent key matches", A, ae("ArnNotLike", f"arn:aws:sns:*:{ACCT}:*")),
        cc("ArnNotLike several patterns: matching one does not match", I, ae("ArnNotLike", [f"arn:aws:sqs:*:*:*", f"arn:aws:sns:*:*:*"]), {SRC: TOPIC}),
        cc("deny ArnNotLike on principal ARN denies other roles", E, {"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:role/Admin*"}}, {"aws:PrincipalArn": ROLE}, effect="Deny", principal=SESSION),
        cc("deny ArnNotLike on principal ARN spares admin roles", A, {"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:role/Admin*"}}, {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:role/AdminBreakGlass"}, effect="Deny",
           principal=f"arn:aws:sts::{ACCT}:assumed-role/AdminBreakGlass/ops"),
    ]
    return c


def null_ifexists_ops():
    c = []
    c += [
        cc("Null true matches an absent key", A, {"Null": {TEAM: "true"}}),
        cc("Null true does not match a present key", I, {"Null": {TEAM: "true"}}, {TEAM: "engineering"}),
        cc("Null false matches a present key", A, {"Null": {TEAM: "false"}}, {TEAM: "engineering"}),
        cc("Null false does not match an absent key", I, {"Null": {TEAM: "false"}}),
        cc("deny Null true denies requests without the tag", E, {"Null": {TEAM: "true"}}, effect="Deny"),
        cc("deny Null true spares requests with the tag", A, {"Null": {TEAM: "true"}}, {TEAM: "engineering"}, effect="Deny"),
        cc("Null false on a multivalued key that is present", A, {"Null": {"aws:TagKeys": "false"}}, {"aws:TagKeys": ["team"]}, action="iam:TagUser", resource=BOB),
        cc("Null on two keys: both must satisfy", I, {"Null": {TEAM: "false", "aws:PrincipalTag/cost-center": "false"}}, {TEAM: "engineering"}),
    ]
    c += [
        cc("StringEqualsIfExists absent key matches", A, {"StringEqualsIfExists": {TEAM: "engineering"}}),
        cc("StringEqualsIfExists present equal value matches", A, {"StringEqualsIfExists": {TEAM: "engineering"}}, {TEAM: "engineering"}),
        cc("StringEqualsIfExists present different value does not match", I, {"StringEqualsIfExists": {TEAM: "engineering"}}, {TEAM: "finance"}),
        cc("StringLikeIfExists present non-matching value does not match", I, {"StringLikeIfExists": {TEAM: "eng*"}}, {TEAM: "finance"}),
        cc("NumericLessThanIfExists absent key matches", A, {"NumericLessThanIfExists": {MFA_AGE: "3600"}}),
        cc("NumericLessThanIfExists present large value does not match", I, {"NumericLessThanIfExists": {MFA_AGE: "3600"}}, {MFA_AGE: "9000"}),
        cc("BoolIfExists absent key matches", A, {"BoolIfExists": {MFA: "true"}}),
        cc("BoolIfExists present false does not match true", I, {"BoolIfExists": {MFA: "true"}}, {MFA: "false"}),
        cc("IpAddressIfExists absent key matches", A, {"IpAddressIfExists": {IP: "203.0.113.0/24"}}),
        cc("IpAddressIfExists present address outside the range does not match", I, {"IpAddressIfExists": {IP: "203.0.113.0/24"}}, {IP: "192.0.2.1"}),
        cc("DateLessThanIfExists absent key matches", A, {"DateLessThanIfExists": {TIT: "2024-01-01T00:00:00Z"}}),
        cc("ArnLikeIfExists absent key matches", A, {"ArnLikeIfExists": {SRC: f"arn:aws:sns:*:{ACCT}:*"}}),
        cc("ArnLikeIfExists present non-matching ARN does not match", I, {"ArnLikeIfExists": {SRC: f"arn:aws:sns:*:{ACCT}:*"}}, {SRC: f"arn:aws:sns:us-east-1:{OTHER}:x"}),
        cc("deny StringNotEqualsIfExists denies when the key is absent", E, {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}, effect="Deny"),
        cc("deny StringNotEqualsIfExists spares the expected value", A, {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}, {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, effect="Deny"),
        cc("deny StringNotEqualsIfExists denies another value", E, {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}, {"aws:PrincipalOrgID": "o-zzzzzzzzzz"}, effect="Deny"),
        cc("IfExists operator name suffix is matched ignoring case of the key", A, {"StringEqualsIfExists": {"AWS:PrincipalTag/team": "engineering"}}, {TEAM: "engineering"}),
    ]
    return c


TK = "aws:TagKeys"


def multivalue_ops():
    c = []
    t = lambda name, exp, cond, ctx=None, effect="Allow": cc(name, exp, cond, ctx, action="iam:TagUser", resource=BOB, effect=effect)
    fa = lambda v: {"ForAllValues:StringEquals": {TK: v}}
    fy = lambda v: {"ForAnyValue:StringEquals": {TK: v}}
    c += [
        t("ForAllValues every request value is in the policy list", A, fa(["team", "project"]), {TK: ["team", "project"]}),
        t("ForAllValues subset of the policy list", A, fa(["team", "project", "cost-center"]), {TK: ["project"]}),
        t("ForAllValues one request value outside the list", I, fa(["team", "project"]), {TK: ["team", "owner"]}),
        t("ForAllValues absent key is true", A, fa(["team", "project"])),
        t("ForAllValues empty list is true", A, fa(["team", "project"]), {TK: []}),
        t("ForAllValues is case-sensitive with StringEquals", I, fa(["team"]), {TK: ["Team"]}),
        t("ForAllValues:StringEqualsIgnoreCase ignores case", A, {"ForAllValues:StringEqualsIgnoreCase": {TK: ["team"]}}, {TK: ["Team", "TEAM"]}),
        t("ForAllValues:StringLike every value matches a pattern", A, {"ForAllValues:StringLike": {TK: ["team*", "proj*"]}}, {TK: ["team-a", "project"]}),
        t("ForAllValues:StringLike one value matches no pattern", I, {"ForAllValues:StringLike": {TK: ["team*"]}}, {TK: ["team-a", "owner"]}),
        t("ForAllValues with Null false rejects an absent key", I, {"ForAllValues:StringEquals": {TK: ["team"]}, "Null": {TK: "false"}}),
        t("ForAllValues with Null false accepts a present subset", A, {"ForAllValues:StringEquals": {TK: ["team"]}, "Null": {TK: "false"}}, {TK: ["team"]}),
        t("ForAnyValue one request value in the list", A, fy(["team", "project"]), {TK: ["owner", "team"]}),
        t("ForAnyValue no request value in the list", I, fy(["team", "project"]), {TK: ["owner"]}),
        t("ForAnyValue absent key is false", I, fy(["team"])),
        t("ForAnyValue empty list is false", I, fy(["team"]), {TK: []}),
        t("ForAnyValue:StringLike one value matches a pattern", A, {"ForAnyValue:StringLike": {TK: "cost*"}}, {TK: ["team", "cost-center"]}),
        t("ForAnyValue:StringNotEquals some value outside the list", A, {"ForAnyValue:StringNotEquals": {TK: ["team", "project"]}}, {TK: ["team", "owner"]}),
        t("ForAnyValue:StringNotEquals all values in the list", I, {"ForAnyValue:StringNotEquals": {TK: ["team", "project"]}}, {TK: ["team", "project"]}),
        t("ForAnyValue:StringNotEquals absent key is false", I, {"ForAnyValue:StringNotEquals": {TK: ["team"]}}),
        t("ForAllValues:StringNotEquals no value in the list", A, {"ForAllValues:StringNotEquals": {TK: ["admin", "owner"]}}, {TK: ["team", "project"]}),
        t("ForAllValues:StringNotEquals one value in the list", I, {"ForAllValues:StringNotEquals": {TK: ["admin", "owner"]}}, {TK: ["team", "admin"]}),
        t("ForAllValues:StringNotEquals absent key is true", A, {"ForAllValues:StringNotEquals": {TK: ["admin"]}}),
        t("deny ForAnyValue denies when a forbidden tag key is present", E, fy(["admin"]), {TK: ["team", "admin"]}, effect="Deny"),
        t("deny ForAnyValue spares requests without the forbidden key", A, fy(["admin"]), {TK: ["team"]}, effect="Deny"),
        t("deny ForAnyValue spares requests with no tag keys at all", A, fy(["admin"]), effect="Deny"),
        t("deny ForAllValues matches an absent key and denies", E, fa(["team"]), effect="Deny"),
        t("deny ForAllValues does not deny when a value is outside the list", A, fa(["team"]), {TK: ["team", "owner"]}, effect="Deny"),
        t("negated operator on an absent multivalued key matches", A, {"StringNotEquals": {TK: "admin"}}),
        cc("ForAnyValue on aws:CalledVia with the calling service", A, {"ForAnyValue:StringEquals": {"aws:CalledVia": "cloudformation.amazonaws.com"}},
           {"aws:CalledVia": ["cloudformation.amazonaws.com"]}),
        cc("ForAnyValue on aws:CalledVia when called directly (key absent)", I, {"ForAnyValue:StringEquals": {"aws:CalledVia": "cloudformation.amazonaws.com"}}),
        cc("ForAnyValue on a single-valued key treats the value as a one-element set", A, {"ForAnyValue:StringEquals": {REGION: ["us-east-1", "eu-west-1"]}}, {REGION: "eu-west-1"}),
    ]
    return c


def logic_ops():
    c = []
    c += [
        cc("two keys under one operator: both hold", A, {"StringEquals": {REGION: "us-east-1", TEAM: "engineering"}}, {REGION: "us-east-1", TEAM: "engineering"}),
        cc("two keys under one operator: one fails", I, {"StringEquals": {REGION: "us-east-1", TEAM: "engineering"}}, {REGION: "us-east-1", TEAM: "finance"}),
        cc("two keys under one operator: one absent", I, {"StringEquals": {REGION: "us-east-1", TEAM: "engineering"}}, {REGION: "us-east-1"}),
        cc("two operators: both hold", A, {"StringEquals": {REGION: "us-east-1"}, "IpAddress": {IP: "203.0.113.0/24"}}, {REGION: "us-east-1", IP: "203.0.113.9"}),
        cc("two operators: second fails", I, {"StringEquals": {REGION: "us-east-1"}, "IpAddress": {IP: "203.0.113.0/24"}}, {REGION: "us-east-1", IP: "192.0.2.9"}),
        cc("three operators: all hold", A, {"StringEquals": {REGION: "us-east-1"}, "Bool": {SECURE: "true"}, "NumericLessThan": {MFA_AGE: "3600"}},
           {REGION: "us-east-1", SECURE: "true", MFA_AGE: "60"}),
        cc("three operators: last fails", I, {"StringEquals": {REGION: "us-east-1"}, "Bool": {SECURE: "true"}, "NumericLessThan": {MFA_AGE: "3600"}},
           {REGION: "us-east-1", SECURE: "true", MFA_AGE: "7200"}),
        cc("several values OR, several keys AND: holds", A, {"StringEquals": {REGION: ["us-east-1", "us-west-2"], TEAM: ["engineering", "data"]}}, {REGION: "us-west-2", TEAM: "data"}),
        cc("several values OR, several keys AND: fails on one key", I, {"StringEquals": {REGION: ["us-east-1", "us-west-2"], TEAM: ["engineering", "data"]}}, {REGION: "eu-west-1", TEAM: "data"}),
        cc("negated operator and positive operator combined", A, {"StringNotEquals": {TEAM: "contractor"}, "StringEquals": {REGION: "us-east-1"}}, {TEAM: "engineering", REGION: "us-east-1"}),
        cc("deny with two operators applies only when both hold", A, {"StringEquals": {REGION: "eu-west-1"}, "Bool": {SECURE: "false"}}, {REGION: "eu-west-1", SECURE: "true"}, effect="Deny"),
        cc("deny with two operators: both hold", E, {"StringEquals": {REGION: "eu-west-1"}, "Bool": {SECURE: "false"}}, {REGION: "eu-west-1", SECURE: "false"}, effect="Deny"),
        case("allow with unmet condition plus unconditional allow elsewhere", A,
             identity=[policy(allow("s3:GetObject", condition={"StringEquals": {REGION: "eu-west-1"}}), allow("s3:GetObject", OBJ))],
             context={REGION: "us-east-1"}),
        case("conditions of different statements are independent", I,
             identity=[policy(allow("s3:GetObject", condition={"StringEquals": {REGION: "eu-west-1"}}), allow("s3:GetObject", condition={"StringEquals": {TEAM: "data"}}))],
             context={REGION: "us-east-1", TEAM: "engineering"}),
    ]
    return c
