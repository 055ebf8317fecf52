"""The recorded Quay 3.18 exchanges, replayed against quayref's default proposal profile: the answers
section 1 of the quay-3.18 issue makes common to both profiles (sign-in's CSRF rotation, tag
expirations, the duplicate organization, client_secret on reads) must agree with Quay on the parts
named below; everything else may differ by design (docs/compatibility.md).

SQLite only (the PostgreSQL suite ignores this file): the proposal's storage is covered there by
the rest of the suite, and the quay-3.18 replay runs on both.
"""

import pytest


# (scenario, index) -> the parts of the answer the proposal profile must share with Quay 3.18
# (a difference's `where`, or a prefix of it); everything else may differ by design, and so may the
# shape of generated values (ids, secrets, CSRF tokens: category `format`), which clients treat as opaque.
COMMON = {
    ("1-session-signin", 2): ("status", "header X-Next-CSRF-Token"),
    ("1-session-signin", 4): ("status",),
    ("1-session-signin", 6): ("status",),
    ("1-session-signin", 7): ("status",),
    ("2-organization", 1): ("status", "body.error_message"),
    ("2-organization", 2): ("status", "body.error_message"),
    ("2-organization", 8): ("status", "body.tag_expiration_s"),
    ("2-organization", 9): ("status", "body.message"),
    ("2-organization", 12): ("status", "body.tag_expiration_s"),
    ("2-organization", 13): ("status", "body.tag_expiration_s"),
    ("2-organization", 14): ("status", "body.tag_expiration_s"),
    ("3-applications", 0): ("status", "body.client_secret"),
    ("3-applications", 4): ("status", "body.applications"),
    ("3-applications", 5): ("status", "body.client_secret"),
    ("3-applications", 6): ("status", "body.client_secret"),
    ("3-applications", 8): ("status", "body.client_secret"),
}


# What the proposal replay runs: the scenarios COMMON names, and the set-up (quayadmin, by initialize) they
# start from, in recording order. The others (tokens, bootstrap and its restarts, 35 s of waits for
# expiries and back-off) are compared with Quay on the quay-3.18 profile only; here nothing of theirs is checked.
SCENARIOS = ("0-setup-initialize",) + tuple(sorted({key[0] for key in COMMON}))


def watched(where, parts):
    return any(where == part or where.startswith((part + ".", part + "[")) for part in parts)


@pytest.mark.parametrize("scenario,index", sorted(COMMON))
def test_proposal_profile_shares_what_section_1_makes_common(replayed, scenario, index):
    result = replayed("proposal", SCENARIOS)[scenario][index]
    differing = [str(difference) for difference in result.differences
                 if difference.category != "format" and watched(difference.where, COMMON[(scenario, index)])]
    assert not differing, "%s#%d %s: %s" % (scenario, index, result.request_line, "; ".join(differing))
