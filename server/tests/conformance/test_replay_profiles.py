"""The recorded Quay 3.18 exchanges, replayed against quayref (section 3 of the quay-3.18 issue).

quay-3.18: every exchange must match (status, the headers a client reads, the body with placeholders
matched by kind), unless docs/compatibility.md lists it with its reason; a listed exchange that
matches fails too, so the list cannot go stale. proposal: the exchanges whose answers both profiles
share (sign-in's CSRF rotation, tag expirations, the duplicate organization, client_secret on
reads) must agree with Quay on the parts named below. One replay per profile serves all its tests.
"""

from pathlib import Path

import pytest

from quaytest.markdown import table_rows
from quaytest.replay import report
from quaytest.replay.runner import Runner

COMPATIBILITY = Path(__file__).resolve().parents[3] / "docs" / "compatibility.md"
UNREPRODUCED_HEADING = "## Recorded exchanges quayref does not reproduce"

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


def unreproduced():
    """{"scenario#index": reason} from the compatibility page's table | `id` | request | reason |."""
    rows = table_rows(COMPATIBILITY, UNREPRODUCED_HEADING, key=r"[^`#]+#\d+")
    for key, cells in rows.items():
        assert len(cells) == 2 and cells[1], "%s: %s needs its request and a reason" % (COMPATIBILITY.name, key)
    return {key: cells[1] for key, cells in rows.items()}


def watched(where, parts):
    return any(where == part or where.startswith((part + ".", part + "[")) for part in parts)


@pytest.fixture(scope="module", name="replayed")
def replayed_fixture(transcripts, pg_cluster, tmp_path_factory):
    """profile -> {scenario: [ExchangeResult]}; each profile replayed once, on the suite's storage."""
    cache = {}

    def replay(profile):
        if profile not in cache:
            db_uri = pg_cluster.create_database() if pg_cluster else None
            workdir = str(tmp_path_factory.mktemp("replay-" + profile))
            # Two workers, as the recording's gunicorn had: state (CSRF, throttling) must be shared.
            results = Runner(transcripts, profile, workdir=workdir, db_uri=db_uri, workers=2).run()
            by_scenario = {}
            for result in results:
                by_scenario.setdefault(result.scenario, []).append(result)
            cache[profile] = by_scenario
        return cache[profile]
    return replay


def scenario_ids():
    from quaytest.replay.transcripts import load  # pylint: disable=import-outside-toplevel
    return [scenario.id for scenario in load().scenarios]


@pytest.mark.parametrize("scenario", scenario_ids())
def test_quay_318_profile_answers_every_recorded_exchange_as_quay(replayed, scenario):
    listed = unreproduced()
    results = replayed("quay-3.18")[scenario]
    ids = {"%s#%d" % (result.scenario, result.index): result for result in results}
    unexpected = [report.failure_line(result) for key, result in ids.items() if not result.passed and key not in listed]
    stale = [key for key, result in ids.items() if result.passed and key in listed]
    assert not unexpected, "quayref differs from Quay 3.18 (not listed in docs/compatibility.md):\n" + "\n".join(unexpected)
    assert not stale, "now reproduced; remove from docs/compatibility.md: %s" % ", ".join(stale)


def test_every_unreproduced_exchange_listed_exists(transcripts):
    known = {"%s#%d" % (exchange.scenario, exchange.index) for scenario in transcripts.scenarios for exchange in scenario.exchanges}
    assert not set(unreproduced()) - known


@pytest.mark.parametrize("scenario,index", sorted(COMMON))
def test_proposal_profile_shares_what_section_1_makes_common(replayed, scenario, index):
    result = replayed("proposal")[scenario][index]
    differing = [str(difference) for difference in result.differences
                 if difference.category != "format" and watched(difference.where, COMMON[(scenario, index)])]
    assert not differing, "%s#%d %s: %s" % (scenario, index, result.request_line, "; ".join(differing))
