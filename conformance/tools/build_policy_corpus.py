#!/usr/bin/env python3
"""Writes conformance/policy/**.json. The JSON files are the corpus; this script is a convenience."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus_lib import write_suite  # noqa: E402
import topics_basic as b  # noqa: E402
import topics_conditions as cnd  # noqa: E402
import topics_access as acc  # noqa: E402
import topics_org as org  # noqa: E402
import topics_seeds as sd  # noqa: E402

SUITES = [
    ("structure/policy-document-shape.json", "policy document structure", b.structure),
    ("actions/action-matching.json", "Action and NotAction matching", b.actions),
    ("resources/resource-matching.json", "Resource and NotResource matching", b.resources),
    ("evaluation/allow-deny-logic.json", "explicit deny, implicit deny and policy union", b.evaluation),
    ("boundary/permissions-boundary.json", "permissions boundaries", acc.boundary),
    ("session/session-policies.json", "session policies", acc.session),
    ("session/scope-down-policies.json", "scope-down policies of GetScopedCredentials sessions", acc.scope_down),
    ("resource-policy/resource-based-policies.json", "resource-based policies", org.resource_policy),
    ("principals/trust-policies.json", "role trust policies and Principal matching", org.principals),
    ("scp/service-control-policies.json", "service control policies", org.scp),
    ("rcp/resource-control-policies.json", "resource control policies", org.rcp),
    ("conditions/string/string-operators.json", "String condition operators", cnd.string_ops),
    ("conditions/numeric/numeric-operators.json", "Numeric condition operators", cnd.numeric_ops),
    ("conditions/date/date-operators.json", "Date condition operators", cnd.date_ops),
    ("conditions/bool-binary/bool-and-binary-operators.json", "Bool and BinaryEquals condition operators", cnd.bool_binary_ops),
    ("conditions/ip/ip-address-operators.json", "IpAddress and NotIpAddress", cnd.ip_ops),
    ("conditions/arn/arn-operators.json", "ARN condition operators", cnd.arn_ops),
    ("conditions/null-ifexists/null-and-ifexists.json", "Null operator and IfExists suffix", cnd.null_ifexists_ops),
    ("conditions/multivalue/set-operators.json", "ForAnyValue, ForAllValues and multivalued keys", cnd.multivalue_ops),
    ("conditions/logic/combining-conditions.json", "several keys, values and operators", cnd.logic_ops),
    ("variables/policy-variables.json", "policy variables", acc.variables),
    ("seeds/seed-policies.json", "seed policies and the force-MFA policy", sd.seeds),
]

if __name__ == "__main__":
    total = 0
    for rel, name, fn in SUITES:
        n = write_suite(rel, name, fn())
        total += n
        print(f"{n:4d}  {rel}")
    print(f"{total:4d}  total")
