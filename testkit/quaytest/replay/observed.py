"""Check the recorder's `observed` facts that are cheap to check on quayref's answer.

`expires_at_minus_created_s` (within TOLERANCE: Quay computes expires_at a moment before created),
`items`, `next_page_present`, `next_page_length`, `same_items_as_first_page` (against the last answer to
the same path without a query), `authorizations` and `per_application`. `order` is not checked.
"""

import collections
from datetime import datetime

TOLERANCE = 0.6
UNCHECKED = ("order",)


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if isinstance(text, str) else None


def listed(body):
    """The list an answer is about: `tokens` or `authorizations`."""
    for key in ("tokens", "authorizations"):
        if isinstance(body, dict) and isinstance(body.get(key), list):
            return body[key]
    return None


def lifetime(body):
    try:
        return (parse_time(body["expires_at"]) - parse_time(body["created"])).total_seconds()
    except (KeyError, TypeError, ValueError):
        return None


def check_observed(observed, body, ctx, first_page=None):
    """Differences (category `observed`) between the facts and `body` (parsed JSON or None)."""
    items = listed(body)
    for key, want in observed.items():
        where = "observed " + key
        if key == "expires_at_minus_created_s":
            got = lifetime(body)
            if got is None or abs(got - want) > TOLERANCE:
                ctx.add("observed", where, "%s != %s" % (got, want))
        elif key in ("items", "authorizations"):
            if items is None or len(items) != want:
                ctx.add("observed", where, "%s != %s" % (None if items is None else len(items), want))
        elif key == "next_page_present":
            if (isinstance(body, dict) and "next_page" in body) != want:
                ctx.add("observed", where, "%s != %s" % (not want, want))
        elif key == "next_page_length":
            got = len(body.get("next_page") or "") if isinstance(body, dict) else None
            if got != want:
                ctx.add("observed", where, "%s != %s" % (got, want))
        elif key == "same_items_as_first_page":
            if first_page is None:
                ctx.add("observed", where, "no first page to compare with")
            elif (items == first_page) != want:
                ctx.add("observed", where, "%s != %s" % (not want, want))
        elif key == "per_application":
            got = dict(collections.Counter(item.get("application", {}).get("name") for item in items or [] if isinstance(item, dict)))
            if got != want:
                ctx.add("observed", where, "%s != %s" % (got, want))
        elif key not in UNCHECKED:
            ctx.add("observed", where, "the replay has no check for this fact")
