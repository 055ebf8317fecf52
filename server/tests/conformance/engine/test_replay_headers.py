"""Header rules: Content-Type, X-Next-CSRF-Token, Location, Retry-After, Allow, WWW-Authenticate, Set-Cookie."""

import httpx

from quaytest.replay.match_headers import match_headers


def diffs(ctx):
    return [str(diff) for diff in ctx.diffs]


def test_recorded_headers_match(transcripts, answer, make_context):
    for ref in [("1-session-signin", 2), ("1b-signin-throttle", 2), ("4a-tokens-bearer", 36), ("7-error-shapes", 11)]:
        exchange = transcripts.exchange(*ref)
        ctx = make_context(exchange)
        match_headers(exchange.response["headers"], answer(exchange.response)[0], ctx)
        assert ctx.diffs == [], (ref, diffs(ctx))


def test_content_type_compares_media_type_and_charset(transcripts, make_context):
    recorded = transcripts.exchange("5a-bearer-failures", 1).response["headers"]
    assert recorded == {"Content-Type": "text/html; charset=utf-8"}
    ctx = make_context()
    match_headers(recorded, httpx.Headers({"content-type": "text/html;charset=UTF-8"}), ctx)
    assert ctx.diffs == []
    match_headers(recorded, httpx.Headers({"content-type": "application/json"}), ctx)
    match_headers({"Content-Type": "application/json"}, httpx.Headers({"content-type": "application/json; charset=utf-8"}), ctx)
    assert [d.category for d in ctx.diffs] == ["header", "header"]


def test_x_next_csrf_token_is_present_and_binds(transcripts, make_context):
    signin = transcripts.exchange("1-session-signin", 2)
    ctx = make_context(signin)
    ctx.bindings.see("<CSRF:2>", "a" * 64)
    headers = [("Content-Type", "application/json"), ("X-Next-CSRF-Token", "b" * 64), ("Set-Cookie", "_csrf_token=x; HttpOnly; Path=/")]
    match_headers(signin.response["headers"], httpx.Headers(headers), ctx)
    assert ctx.diffs == [] and ctx.bindings.values["<CSRF:3>"] == "b" * 64
    ctx = make_context(signin, ctx.bindings.fork())
    headers = [("Content-Type", "application/json"), ("X-Next-CSRF-Token", "a" * 64), ("Set-Cookie", "_csrf_token=x")]
    match_headers(signin.response["headers"], httpx.Headers(headers), ctx)
    assert diffs(ctx) == ["header X-Next-CSRF-Token: <CSRF:3> was %r, now %r (same n must be the same value)" % ("b" * 64, "a" * 64)]
    ctx = make_context(signin)
    match_headers(signin.response["headers"], httpx.Headers([("Content-Type", "application/json"), ("Set-Cookie", "_csrf_token=x")]), ctx)
    assert diffs(ctx) == ["header X-Next-CSRF-Token: missing"]
    ctx = make_context()
    match_headers({"Content-Type": "application/json"}, httpx.Headers({"Content-Type": "application/json", "X-Next-CSRF-Token": "c"}), ctx)
    assert diffs(ctx) == ["header X-Next-CSRF-Token: unexpected ('c')"]


def test_location_uses_the_base_url_and_bindings(transcripts, make_context):
    exchange = transcripts.exchange("4a-tokens-bearer", 39)
    headers = {"Content-Type": "text/html; charset=utf-8"}
    ctx = make_context(exchange)
    match_headers(exchange.response["headers"], httpx.Headers(dict(headers, Location="http://127.0.0.1:8080/api/v1/organization/")), ctx)
    assert ctx.diffs == []
    match_headers(exchange.response["headers"], httpx.Headers(dict(headers, Location="/api/v1/organization/")), ctx)
    match_headers(exchange.response["headers"], httpx.Headers(headers), ctx)
    assert [d.where for d in ctx.diffs] == ["header Location", "header Location"]
    assert ctx.diffs[-1].message == "missing"


def test_retry_after_is_whole_seconds(transcripts, make_context):
    recorded = transcripts.exchange("1b-signin-throttle", 2).response["headers"]
    ctx = make_context()
    for value in ("0", "17"):
        match_headers(recorded, httpx.Headers({"Content-Type": "text/html; charset=utf-8", "Retry-After": value}), ctx)
    assert ctx.diffs == []
    match_headers(recorded, httpx.Headers({"Content-Type": "text/html; charset=utf-8", "Retry-After": "1.5"}), ctx)
    match_headers(recorded, httpx.Headers({"Content-Type": "text/html; charset=utf-8"}), ctx)
    assert diffs(ctx) == ["header Retry-After: '1.5' is not whole seconds", "header Retry-After: missing"]


def test_allow_is_a_set_of_methods(transcripts, make_context):
    recorded = transcripts.exchange("4a-tokens-bearer", 36).response["headers"]
    ctx = make_context()
    match_headers(recorded, httpx.Headers({"Content-Type": "application/json", "Allow": "GET,HEAD, OPTIONS,POST"}), ctx)
    assert ctx.diffs == []
    match_headers(recorded, httpx.Headers({"Content-Type": "application/json", "Allow": "GET, POST"}), ctx)
    assert [d.where for d in ctx.diffs] == ["header Allow"]


def test_www_authenticate_was_never_sent(transcripts, make_context):
    recorded = transcripts.exchange("5a-bearer-failures", 0).response["headers"]
    ctx = make_context()
    match_headers(recorded, httpx.Headers({"Content-Type": "application/json", "WWW-Authenticate": 'Bearer realm="quay"'}), ctx)
    assert diffs(ctx) == ["header WWW-Authenticate: unexpected ('Bearer realm=\"quay\"')"]


def test_set_cookie_checks_the_cookie_name_only(transcripts, make_context):
    recorded = transcripts.exchange("1-session-signin", 0).response["headers"]
    ctx = make_context()
    match_headers(recorded, httpx.Headers([("Content-Type", "application/json"), ("Set-Cookie", "_csrf_token=abc; Path=/; Secure")]), ctx)
    assert ctx.diffs == []
    match_headers(recorded, httpx.Headers([("Content-Type", "application/json"), ("Set-Cookie", "quayref_session=abc; Path=/")]), ctx)
    assert [(d.category, d.message) for d in ctx.diffs] == [("cookie-name", "no cookie _csrf_token (quayref sets: quayref_session)")]
    ctx = make_context()
    match_headers({"Content-Type": "application/json"}, httpx.Headers([("Content-Type", "application/json"), ("Set-Cookie", "x=1")]), ctx)
    assert ctx.diffs == [], "a cookie the recording does not show is not checked"
