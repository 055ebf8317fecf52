"""The replay's report: per scenario `N/M exchanges match`, one line per failing exchange, the top categories."""

import collections

from quaytest.replay import plan


def summary(results):
    """{scenario: (matching, total)} in run order."""
    counts = collections.OrderedDict()
    for result in results:
        matching, total = counts.get(result.scenario, (0, 0))
        counts[result.scenario] = (matching + result.passed, total + 1)
    return counts


def categories(results):
    """(category, number of differences, number of exchanges) sorted by exchanges, most first."""
    diffs, exchanges = collections.Counter(), collections.Counter()
    for result in results:
        seen = set()
        for difference in result.differences:
            diffs[difference.category] += 1
            seen.add(difference.category)
        exchanges.update(seen)
    return sorted(((name, diffs[name], exchanges[name]) for name in diffs), key=lambda row: (-row[2], row[0]))


def failure_line(result, limit=None):
    """`scenario#i METHOD path: status 401 != 403; body.message: 'X' != 'Y'; header X-Next-CSRF-Token: missing`."""
    parts = [str(difference) for difference in result.differences]
    if limit and len(parts) > limit:
        parts = parts[:limit] + ["(%d more)" % (len(parts) - limit)]
    return "%s#%d %s: %s" % (result.scenario, result.index, result.request_line, "; ".join(parts))


def render(results, profile, limit=None):
    """The whole report as text (values read: quayref's != Quay 3.18's)."""
    lines = ["Replay of the Quay 3.18 transcripts against quayref, profile %s (differences read: quayref != Quay 3.18)" % profile, ""]
    counts = summary(results)
    for scenario, (matching, total) in counts.items():
        moved = "  (moved: %s)" % plan.MOVED[scenario] if scenario in plan.MOVED else ""
        lines.append("%-44s %3d/%-3d exchanges match%s" % (scenario, matching, total, moved))
    matching = sum(passed for passed, _total in counts.values())
    lines += ["%-44s %3d/%-3d" % ("total", matching, len(results)), "", "Mismatch categories (differences, exchanges):"]
    lines += ["  %-12s %5d %5d" % row for row in categories(results)]
    lines += ["", "Runner steps:"]
    lines += ["  %s#%d %s" % (result.scenario, result.index, step) for result in results for step in result.steps]
    lines += ["", "Failing exchanges:"]
    lines += [failure_line(result, limit) for result in results if not result.passed]
    return "\n".join(lines) + "\n"
