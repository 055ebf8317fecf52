"""Compare the answer headers a client reads with the recorded ones.

Content-Type: media type and charset as recorded. X-Next-CSRF-Token: presence, and its value binds the
`<CSRF:n>`. Location: the recorded URL with `<BASE_URL>` and bound values. Retry-After: presence, whole
seconds. Allow: the same set of methods. WWW-Authenticate: Quay never sent it. A header the recording does
not have must be absent too (the recorder kept all of these when present). Set-Cookie: only that a cookie
of each recorded name is set (category `cookie-name`, so a different cookie name is easy to see).
"""

import re

from quaytest.replay.differences import short
from quaytest.replay.match_body import match_string

CHECKED = ("X-Next-CSRF-Token", "Location", "Retry-After", "Allow", "WWW-Authenticate")


def media_and_charset(value):
    """("application/json", None) for "application/json"; ("text/html", "utf-8") for "text/html; charset=utf-8"."""
    media, _sep, params = (value or "").partition(";")
    charset = None
    for param in params.split(";"):
        name, _sep, val = param.strip().partition("=")
        if name.lower() == "charset":
            charset = val.strip().strip('"').lower()
    return media.strip().lower(), charset


def methods(value):
    return {method.strip().upper() for method in value.split(",") if method.strip()}


def cookie_names(set_cookies):
    return [line.split("=", 1)[0].strip() for line in set_cookies]


def match_headers(recorded, headers, ctx):
    """`recorded`: the recorded headers (dict); `headers`: the answer's (httpx.Headers); differences go to ctx."""
    if "Content-Type" in recorded:
        want, got = media_and_charset(recorded["Content-Type"]), media_and_charset(headers.get("content-type"))
        if want != got:
            ctx.add("header", "header Content-Type", "%s != %s" % (short(headers.get("content-type")), short(recorded["Content-Type"])))
    for name in CHECKED:
        where = "header " + name
        if name not in recorded:
            if name in headers:
                ctx.add("header", where, "unexpected (%s)" % short(headers[name], 60))
            continue
        if name not in headers:
            ctx.add("header", where, "missing")
        elif name == "Retry-After":
            if not re.fullmatch(r"\d+", headers[name].strip()):
                ctx.add("header", where, "%s is not whole seconds" % short(headers[name]))
        elif name == "Allow":
            if methods(headers[name]) != methods(recorded[name]):
                ctx.add("header", where, "%s != %s" % (short(headers[name]), short(recorded[name])))
        else:
            before = len(ctx.diffs)
            match_string(recorded[name], headers[name], where, ctx)
            for diff in ctx.diffs[before:]:
                if diff.category == "body":
                    diff.category = "header"
    if "Set-Cookie" in recorded:
        sent = cookie_names(headers.get_list("set-cookie"))
        for name in cookie_names(recorded["Set-Cookie"]):
            if name not in sent:
                ctx.add("cookie-name", "header Set-Cookie", "no cookie %s (quayref sets: %s)" % (name, ", ".join(sent) or "none"))
