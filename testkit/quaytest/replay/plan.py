"""What the recording did besides the recorded exchanges, so a replay can do it too.

The file lists the scenarios by topic; they ran in one sequence, and their `starting_point`s and the
README ("Config changes") say in which: ORDER is that sequence, with the reason for every scenario that
moved. STEPS are the runner's actions before an exchange: config changes with a restart, waits the notes
mention, the token file deleted, and the unrecorded token creates of 4b.
"""

from dataclasses import dataclass, field

# README "Config changes": 5d, 4d and 6b-6d shared one changed config.
CHANGED_CONFIG = {"FEATURE_SUPERUSERS_FULL_ACCESS": False, "FEATURE_REQUIRE_ENCRYPTED_BASIC_AUTH": True, "BOOTSTRAP_TOKEN_EXPIRATION": 10}
# 6f "put the original config back": the base config's values for the keys the changes touched.
ORIGINAL_CONFIG = {"FEATURE_SUPERUSERS_FULL_ACCESS": True, "FEATURE_REQUIRE_ENCRYPTED_BASIC_AUTH": None, "BOOTSTRAP_TOKEN_EXPIRATION": None,
                   "FEATURE_PROGRAMMATIC_BOOTSTRAP": True}

MOVED = {
    "1b-signin-throttle": "starting point 'orgowner signed in before': orgowner is created and signs in in 5b",
    "6a-bootstrap-token": "5d lists the token 'minted-by-bootstrap' that 6a creates, so 6a ran before 5d",
    "5d-superuser-nonmember-fullaccess-false": "the changed config (README) starts here, after 6a; 4d and 6b share its restart",
    "4d-basic-flag-on": "starting point 'same restart as 5d'",
    # The user views' organization lists: 6a#0 has neither bootorg nor sessorg, 6a#16 and 8#0 bootorg (made
    # in 6a#4) but no sessorg, 1#3 bootorg, 6b#1 on sessorg too (made in 1#6). Only this order gives all.
    "8-discovery-user-health": "its user view lists bootorg (6a#4) but not sessorg (1#6): after 6a, before 1",
    "1-session-signin": "its user view lists bootorg (6a#4), and 6a#16 does not list the sessorg it makes; 6b#1 does",
}

ORDER = (
    "0-setup-initialize", "2-organization", "3-applications", "4a-tokens-bearer", "4b-tokens-paging",
    "4c-tokens-other-credentials", "5a-bearer-failures", "5b-second-user", "1b-signin-throttle",
    "5c-superuser-nonmember-fullaccess-true", "6a-bootstrap-token", "8-discovery-user-health", "1-session-signin",
    "5d-superuser-nonmember-fullaccess-false", "4d-basic-flag-on",
    "6b-bootstrap-expiry", "6c-restart-expired-token", "6d-restart-file-missing", "6e-flag-false", "6f-flag-true-again",
    "7-error-shapes",
)

# Keys quayref may refuse where Quay does not (e.g. an owner that does not exist yet): a start that
# fails is retried without them, and the next restart puts them back (reported as a `server` difference).
START_FALLBACK = ("BOOTSTRAP_TOKEN_OWNER",)

# The runner's own values for what the recording redacted.
PASSWORDS = {"quayadmin:right": "Replay-Quayadmin-Password-1", "quayadmin:wrong": "wrong-password"}
SERVER_HOSTNAME = "quay.replay.test"


@dataclass
class Restart:
    changes: dict = field(default_factory=dict)
    reason: str = ""


@dataclass
class Wait:
    seconds: float
    reason: str = ""


@dataclass
class DeleteTokenFile:
    reason: str = ""


@dataclass
class FetchCsrf:
    """GET /csrf_token with the session jar, binding `placeholder` to the value (a sign-in's first step)."""

    placeholder: str
    reason: str = ""


@dataclass
class CreateTokens:
    """POST tokens named `prefix`N for N in `numbers` on app `client_id` with Bearer `token` (all expected 200)."""

    client_id: str
    token: str
    prefix: str
    numbers: range
    scope: str
    reason: str = ""


STEPS = {
    ("4b-tokens-paging", 0): [CreateTokens("<CLIENT_ID:4>", "<TOKEN:admin-all>", "bulk-", range(1, 52), "repo:read",
                                           "starting point: 51 more tokens are created (bulk-1 … bulk-51), not recorded")],
    ("4a-tokens-bearer", 21): [Wait(1.0, "#11 'fractional expiration' lives 1 s and is not listed here: at Quay's pace "
                                         "(~300 ms per Bearer request, README) it had expired by now")],
    ("5a-bearer-failures", 8): [Wait(2.5, "'same token after expiry': the token of #6 lives 2 s")],
    ("1b-signin-throttle", 6): [Wait(9, "'right password after 9 s'")],
    ("7-error-shapes", 16): [FetchCsrf("<CSRF:10>", "#16 signs in with <CSRF:10>, which no recorded answer gives: "
                                                    "the sign-in flow's GET /csrf_token (README) was not recorded")],
    ("6a-bootstrap-token", 0): [Restart({}, "starting point: 'quayadmin initialized, then one Quay restart' (provisions the token)")],
    ("5d-superuser-nonmember-fullaccess-false", 0): [Restart(CHANGED_CONFIG, "README: 5d, 4d and 6b-6d shared one changed config")],
    ("6b-bootstrap-expiry", 2): [Wait(12, "'same token after 12 s (expired)'")],
    ("6c-restart-expired-token", 0): [Wait(10.5, "starting point: the file holds <TOKEN:bootstrap-5>, expired (10 s)")],
    ("6c-restart-expired-token", 1): [Restart({}, "#1 'token in the file after the restart'")],
    ("6d-restart-file-missing", 0): [DeleteTokenFile("starting point: 'file deleted'"), Restart({}, "notes: 'after restart: file exists False'")],
    ("6e-flag-false", 0): [Restart({"FEATURE_PROGRAMMATIC_BOOTSTRAP": False}, "FEATURE_PROGRAMMATIC_BOOTSTRAP: false + restart")],
    ("6f-flag-true-again", 0): [Restart(ORIGINAL_CONFIG, "README: 6f put the original config back")],
}


def run_order(transcripts, wanted=None):
    """The scenario ids in recording order (only `wanted` ones if given); ids ORDER does not know go last."""
    ids = [scenario.id for scenario in transcripts.scenarios]
    order = [sid for sid in ORDER if sid in ids] + [sid for sid in ids if sid not in ORDER]
    return [sid for sid in order if not wanted or sid in wanted]


def base_config(transcripts, token_path):
    """The recorded base config as quayref config: Quay key names, placeholders replaced, `_`-notes dropped."""
    values = {"<BOOTSTRAP_TOKEN_PATH>": token_path, "<SERVER_HOSTNAME>": SERVER_HOSTNAME}
    return {key: values.get(value, value) if isinstance(value, str) else value
            for key, value in transcripts.base_config.items() if not key.startswith("_")}
