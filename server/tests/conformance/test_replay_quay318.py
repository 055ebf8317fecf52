"""The recorded Quay 3.18 exchanges, replayed against quayref's quay-3.18 profile (section 3 of its issue).

Every exchange must match (status, the headers a client reads, the body with placeholders matched by
kind), unless docs/compatibility.md lists it with its reason; a listed exchange that matches fails too,
so the list cannot go stale. One replay (conftest `replayed`) serves every scenario's test; it runs on
the suite's storage, SQLite or PostgreSQL.
"""

from pathlib import Path

import pytest

from quaytest.markdown import table_rows
from quaytest.replay import report
from quaytest.replay.transcripts import load

COMPATIBILITY = Path(__file__).resolve().parents[3] / "docs" / "compatibility.md"
UNREPRODUCED_HEADING = "## Recorded exchanges quayref does not reproduce"


def unreproduced():
    """{"scenario#index": reason} from the compatibility page's table | `id` | request | reason |."""
    rows = table_rows(COMPATIBILITY, UNREPRODUCED_HEADING, key=r"[^`#]+#\d+")
    for key, cells in rows.items():
        assert len(cells) == 2 and cells[1], "%s: %s needs its request and a reason" % (COMPATIBILITY.name, key)
    return {key: cells[1] for key, cells in rows.items()}


def scenario_ids():
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
