"""Compare an answer's body with the recorded one: JSON deep-equal with placeholders, text exactly.

Key order does not matter; keys quayref adds are differences (`extra-key`). Where the recorder shortened a
field (the exchange's `shortened` paths) a "…" cuts a string (the kept part must be a prefix), a "… (N more
…)" element stands for cut list items, and a shortened object keeps only some of its keys.
"""

import json
import re

from quaytest.replay.differences import short
from quaytest.replay.placeholders import PLACEHOLDER

CUT = "…"
# Lists whose order Quay does not define, compared as multisets: a token's scopes in the authorizations
# come from a Python set (the start-up token's are recorded in three orders); the user view's
# organizations from a DISTINCT query without ORDER BY (recorded platform, bootorg, platform3).
UNORDERED = re.compile(r"(\.authorizations\[\d+\]\.scopes|^body\.organizations)$")


def template(expected):
    """A regex for a recorded string: the literal text, one group per placeholder; and the placeholders."""
    parts, names, last = [], [], 0
    for match in PLACEHOLDER.finditer(expected):
        parts.append(re.escape(expected[last:match.start()]))
        parts.append("(.+?)" if match.end() < len(expected) else "(.+)")
        names.append(match.group(0))
        last = match.end()
    parts.append(re.escape(expected[last:]))
    return re.compile("".join(parts), re.DOTALL), names


def match_string(expected, actual, path, ctx):
    """A recorded string (maybe with placeholders, maybe cut with "…") against quayref's value."""
    prefix_only = CUT in expected and ctx.is_shortened(path)
    wanted = expected.split(CUT, 1)[0] if prefix_only else expected
    if not isinstance(actual, str):
        ctx.add("body", path, "%s != %s" % (short(actual), short(expected)))
        return
    regex, names = template(wanted)
    found = regex.match(actual) if prefix_only else regex.fullmatch(actual)
    if found is None:
        what = "does not start with" if prefix_only else "!="
        ctx.add("body", path, "%s %s %s" % (short(actual), what, short(wanted)))
        return
    for name, value in zip(names, found.groups()):
        ctx.see(name, value, path)


def match_json(expected, actual, path, ctx, lenient=False):
    """Deep comparison; differences go to ctx. `lenient`: inside a shortened object (extra keys allowed)."""
    if isinstance(expected, dict):
        match_object(expected, actual, path, ctx, lenient or ctx.is_shortened(path))
    elif isinstance(expected, list):
        match_list(expected, actual, path, ctx)
    elif isinstance(expected, str):
        match_string(expected, actual, path, ctx)
    elif isinstance(expected, bool) or expected is None or isinstance(actual, bool):
        if actual is not expected:
            ctx.add("body", path, "%s != %s" % (short(actual), short(expected)))
    elif actual != expected or not isinstance(actual, (int, float)):
        ctx.add("body", path, "%s != %s" % (short(actual), short(expected)))


def dotted(actual, key):
    """`definitions.NewToken` names actual["definitions"]["NewToken"] in a shortened object."""
    value = actual
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return False, None
        value = value[part]
    return True, value


def match_object(expected, actual, path, ctx, lenient):
    if not isinstance(actual, dict):
        ctx.add("body", path, "%s is not an object" % short(actual))
        return
    for key, value in expected.items():
        where = "%s.%s" % (path, key)
        if key in actual:
            match_json(value, actual[key], where, ctx, lenient)
        elif lenient and key == CUT:
            continue
        elif lenient and key == "top_level_keys":
            if sorted(value) != sorted(actual):
                ctx.add("body", where, "keys %s != %s" % (sorted(actual), sorted(value)))
        elif lenient and "." in key and dotted(actual, key)[0]:
            match_json(value, dotted(actual, key)[1], where, ctx, lenient)
        else:
            ctx.add("missing-key", where, "missing")
    if not lenient:
        for key in actual:
            if key not in expected:
                ctx.add("extra-key", "%s.%s" % (path, key), "extra key (value %s)" % short(actual[key], 40))


def is_marker(item):
    return isinstance(item, str) and item.startswith(CUT)


def matches(expected, actual, path, ctx):
    """Try a match on scratch bindings; keep them when nothing differs."""
    trial = ctx.fork()
    match_json(expected, actual, path, trial)
    if trial.diffs:
        return False
    ctx.bindings.adopt(trial.bindings)
    return True


def match_list(expected, actual, path, ctx):
    if not isinstance(actual, list):
        ctx.add("body", path, "%s is not a list" % short(actual))
        return
    if UNORDERED.search(path):
        match_unordered(expected, actual, path, ctx)
        return
    cuts = [index for index, item in enumerate(expected) if is_marker(item)]
    if not cuts or not ctx.is_shortened(path):
        if len(actual) != len(expected):
            ctx.add("body", path, "%d items != %d" % (len(actual), len(expected)))
        for index, (want, got) in enumerate(zip(expected, actual)):
            match_json(want, got, "%s[%d]" % (path, index), ctx)
        return
    marker = expected[cuts[0]]
    head, tail = expected[:cuts[0]], expected[cuts[0] + 1:]
    more = re.search(r"(\d+) more", marker)
    if more and len(actual) != len(head) + len(tail) + int(more.group(1)):
        ctx.add("body", path, "%d items != %d" % (len(actual), len(head) + len(tail) + int(more.group(1))))
    if "items" in marker:
        # "… (48 more items of the same shape)": the kept items are the first and the last ones.
        for index, want in enumerate(head):
            if index < len(actual):
                match_json(want, actual[index], "%s[%d]" % (path, index), ctx)
        for offset, want in enumerate(tail):
            index = len(actual) - len(tail) + offset
            if 0 <= index < len(actual):
                match_json(want, actual[index], "%s[%d]" % (path, index), ctx)
        return
    # "… (68 more entries …)": the kept entries are somewhere in the list.
    for want in head + tail:
        if not any(matches(want, got, "%s[%d]" % (path, index), ctx) for index, got in enumerate(actual)):
            ctx.add("body", path, "no item matches the recorded %s" % short(want, 100))


def match_unordered(expected, actual, path, ctx):
    """Each recorded item matches a different item of quayref's list, in any order."""
    if len(actual) != len(expected):
        ctx.add("body", path, "%d items != %d" % (len(actual), len(expected)))
    left = list(enumerate(actual))
    for want in expected:
        found = next((pos for pos, (index, got) in enumerate(left) if matches(want, got, "%s[%d]" % (path, index), ctx)), None)
        if found is None:
            ctx.add("body", path, "no item matches the recorded %s" % short(want, 100))
        else:
            del left[found]


def match_body(recorded, text, ctx):
    """The recorded `response` (status, headers, body) against quayref's body text."""
    expected = recorded.get("body", "")
    media = recorded.get("headers", {}).get("Content-Type", "").split(";")[0].strip().lower()
    if expected == "" or media != "application/json":
        match_string(expected if isinstance(expected, str) else json.dumps(expected), text, "body", ctx)
        return
    try:
        actual = json.loads(text)
    except ValueError:
        ctx.add("body", "body", "not JSON: %s" % short(text))
        return
    match_json(expected, actual, "body", ctx)
