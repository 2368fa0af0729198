"""Helpers for writing the policy-decision conformance corpus (conformance/policy/**.json).

The JSON files are the artefact; these scripts only make them easier to write consistently.
Run: python3 conformance/tools/build_policy_corpus.py
"""
import json
import os
import copy

ACCT = "111122223333"
OTHER = "444455556666"
ALICE = f"arn:aws:iam::{ACCT}:user/alice"
BOB = f"arn:aws:iam::{ACCT}:user/bob"
ROOT = f"arn:aws:iam::{ACCT}:root"
OTHER_ROOT = f"arn:aws:iam::{OTHER}:root"
OTHER_USER = f"arn:aws:iam::{OTHER}:user/carol"
ROLE = f"arn:aws:iam::{ACCT}:role/AppRole"
SESSION = f"arn:aws:sts::{ACCT}:assumed-role/AppRole/app-session"
OTHER_SESSION = f"arn:aws:sts::{ACCT}:assumed-role/AppRole/other-session"
OTHER_ROLE = f"arn:aws:iam::{OTHER}:role/PartnerRole"
OTHER_ROLE_SESSION = f"arn:aws:sts::{OTHER}:assumed-role/PartnerRole/partner-session"
FED = f"arn:aws:sts::{ACCT}:federated-user/bob"

BUCKET = "arn:aws:s3:::example-bucket"
OBJ = "arn:aws:s3:::example-bucket/reports/q1.csv"
QUEUE = f"arn:aws:sqs:us-east-1:{ACCT}:orders"
TOPIC = f"arn:aws:sns:us-east-1:{ACCT}:alerts"
TABLE = f"arn:aws:dynamodb:us-east-1:{ACCT}:table/Orders"
SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCT}:secret:db-password-AbCdEf"
FUNC = f"arn:aws:lambda:us-east-1:{ACCT}:function:process-orders"

V12 = "2012-10-17"


def policy(*statements, version=V12, single=False):
    doc = {}
    if version is not None:
        doc["Version"] = version
    stmts = [copy.deepcopy(s) for s in statements]
    doc["Statement"] = stmts[0] if single and len(stmts) == 1 else stmts
    return doc


def stmt(effect, action=None, resource="*", *, not_action=None, not_resource=None,
         principal=None, not_principal=None, condition=None, sid=None):
    s = {}
    if sid is not None:
        s["Sid"] = sid
    s["Effect"] = effect
    if principal is not None:
        s["Principal"] = principal
    if not_principal is not None:
        s["NotPrincipal"] = not_principal
    if not_action is not None:
        s["NotAction"] = not_action
    else:
        s["Action"] = action
    if not_resource is not None:
        s["NotResource"] = not_resource
    elif resource is not None:
        s["Resource"] = resource
    if condition is not None:
        s["Condition"] = condition
    return s


def allow(action, resource="*", **kw):
    return stmt("Allow", action, resource, **kw)


def deny(action, resource="*", **kw):
    return stmt("Deny", action, resource, **kw)


def S3_ACCOUNT_DEFAULT(resource):
    return resource.startswith("arn:aws:s3:::")


def case(name, expected, *, identity=None, resource_policy=None, boundary=None, session=None,
         scope_down=None, scp=None, rcp=None, principal=ALICE, action="s3:GetObject", resource=OBJ,
         resource_account=None, context=None):
    assert expected in ("Allowed", "ExplicitlyDenied", "ImplicitlyDenied"), expected
    pol = {}
    if identity is not None:
        pol["identity"] = identity
    if resource_policy is not None:
        pol["resource"] = resource_policy
    if boundary is not None:
        pol["boundary"] = boundary
    if session is not None:
        pol["session"] = session
    if scope_down is not None:
        pol["scopeDown"] = scope_down
    if scp is not None:
        pol["scp"] = scp
    if rcp is not None:
        pol["rcp"] = rcp
    req = {"principal": principal, "action": action, "resource": resource}
    if resource_account is None and resource.startswith("arn:aws:s3:::"):
        # S3 ARNs carry no account: say explicitly which account owns the bucket.
        resource_account = ACCT
    if resource_account is not None:
        req["resourceAccount"] = resource_account
    if context:
        req["context"] = context
    return {"name": name, "policies": copy.deepcopy(pol), "request": req, "expected": expected}


ROOT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "policy")


def write_suite(rel_path, suite_name, cases):
    names = [c["name"] for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    assert not dup, f"duplicate case names in {rel_path}: {dup}"
    path = os.path.join(ROOT_DIR, rel_path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"name": suite_name, "cases": cases}, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return len(cases)
