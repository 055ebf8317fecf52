"""Body matching, from real exchanges of the transcripts and small synthetic answers."""

import json

from quaytest.replay.match_body import match_body, match_json
from quaytest.replay.observed import check_observed


def categories(ctx):
    return sorted({diff.category for diff in ctx.diffs})


def test_an_answer_like_the_recording_matches(transcripts, answer, make_context):
    for ref in [("4a-tokens-bearer", 0), ("4a-tokens-bearer", 21), ("3-applications", 4), ("2-organization", 6), ("8-discovery-user-health", 3)]:
        exchange = transcripts.exchange(*ref)
        ctx = make_context(exchange)
        match_body(exchange.response, answer(exchange.response)[1], ctx)
        assert ctx.diffs == [], (ref, [str(d) for d in ctx.diffs])


def test_a_uuid_must_be_a_lowercase_uuid4(transcripts, make_context):
    exchange = transcripts.exchange("4a-tokens-bearer", 0)
    body = dict(exchange.response["body"], uuid="5A0C6B8E-1D2C-4F3A-9B8C-7D6E5F4A3B2C", expires_at="2026-12-01T22:30:01.123456Z",
                created="2026-12-01T21:30:01.123456Z", token="t" * 40)
    ctx = make_context(exchange)
    match_body(exchange.response, json.dumps(body), ctx)
    assert [str(d) for d in ctx.diffs] == [
        "body.uuid: <UUID:1> '5A0C6B8E-1D2C-4F3A-9B8C-7D6E5F4A3B2C' does not have Quay's shape (lowercase hyphenated UUID4)"]


def test_token_times_have_six_digit_microseconds_and_z_or_no_fraction(transcripts, make_context):
    exchange = transcripts.exchange("4a-tokens-bearer", 0)

    def diffs_for(created):
        body = dict(exchange.response["body"], uuid="5a0c6b8e-1d2c-4f3a-9b8c-7d6e5f4a3b2c", expires_at="2026-12-01T22:30:01.123456Z",
                    created=created, token="t" * 40)
        ctx = make_context(exchange)
        match_body(exchange.response, json.dumps(body), ctx)
        return [diff.where for diff in ctx.diffs]

    assert diffs_for("2026-12-01T21:30:01.654321Z") == []
    assert diffs_for("2026-12-01T21:30:01Z") == [], "microseconds exactly 0 drop the fraction"
    assert diffs_for("2026-12-01T21:30:01.654Z") == ["body.created"]
    assert diffs_for("2026-12-01T21:30:01.654321+00:00") == ["body.created"]
    assert diffs_for("2026-12-01 21:30:01") == ["body.created"]


def test_extra_and_missing_keys_are_reported(transcripts, make_context):
    exchange = transcripts.exchange("4a-tokens-bearer", 3)
    ctx = make_context(exchange)
    match_body(exchange.response, json.dumps({"message": "Invalid scope: repo:fly", "status": 400}), ctx)
    assert [str(d) for d in ctx.diffs] == ["body.status: extra key (value 400)"]
    ctx = make_context(exchange)
    match_body(exchange.response, json.dumps({"error_message": "Invalid scope: repo:fly"}), ctx)
    assert categories(ctx) == ["extra-key", "missing-key"]


def test_a_shortened_detail_matches_as_a_prefix(transcripts, make_context):
    exchange = transcripts.exchange("4a-tokens-bearer", 1)
    assert exchange.shortened == ["response.body.detail", "response.body.error_message"]
    full = "'scope' is a required property\n\nFailed validating 'required' in schema:\n    {'type': 'object', ...}"
    body = dict(exchange.response["body"], detail=full, error_message=full, type="http://127.0.0.1:8080/api/v1/error/invalid_request")
    ctx = make_context(exchange)
    match_body(exchange.response, json.dumps(body), ctx)
    assert ctx.diffs == []
    ctx = make_context(exchange)
    match_body(exchange.response, json.dumps(dict(body, detail="'scope' is required")), ctx)
    assert [d.where for d in ctx.diffs] == ["body.detail"]


def test_a_shortened_list_keeps_its_first_items_and_its_length(transcripts, answer, make_context):
    exchange = transcripts.exchange("4b-tokens-paging", 2)
    recorded = exchange.response["body"]
    kept = json.loads(answer(exchange.response)[1])["tokens"][:2]
    filler = [dict(kept[1], uuid="00000000-0000-4000-8000-%012d" % number, name="bulk-%d" % (50 - number)) for number in range(48)]
    body = {"tokens": kept + filler, "next_page": "gAAAAA" + "c" * 178}
    ctx = make_context(exchange)
    match_json(recorded, body, "body", ctx)
    assert ctx.diffs == []
    ctx = make_context(exchange)
    match_json(recorded, dict(body, tokens=kept + filler[:10]), "body", ctx)
    assert [str(d) for d in ctx.diffs] == ["body.tokens: 12 items != 50"]
    ctx = make_context(exchange)
    match_json(recorded, dict(body, tokens=kept[::-1] + filler), "body", ctx)
    assert {d.where for d in ctx.diffs} == {"body.tokens[0].name", "body.tokens[1].name"}
    check_observed(exchange.observed, dict(body, next_page="gAAAAA"), ctx, body["tokens"])
    assert [d.where for d in ctx.diffs if d.category == "observed"] == ["observed next_page_length"]


def test_a_shortened_object_keeps_some_keys(transcripts, answer, make_context):
    exchange = transcripts.exchange("8-discovery-user-health", 2)
    kept = json.loads(answer(exchange.response)[1])
    full = {key: value for key, value in kept.items() if key not in ("…", "top_level_keys", "definitions.NewToken")}
    full.update(securityDefinitions={}, tags=[], definitions={"NewToken": kept["definitions.NewToken"], "Other": {}})
    full["paths"]["/api/v1/other"] = {}
    ctx = make_context(exchange)
    match_body(exchange.response, json.dumps(full), ctx)
    assert ctx.diffs == []
    del full["tags"]
    full["definitions"]["NewToken"]["required"] = ["name"]
    ctx = make_context(exchange)
    match_body(exchange.response, json.dumps(full), ctx)
    assert [d.where for d in ctx.diffs] == ["body.top_level_keys", "body.definitions.NewToken.required[0]"]


def test_text_bodies_are_exact(transcripts, make_context):
    exchange = transcripts.exchange("5a-bearer-failures", 1)
    assert exchange.response["headers"]["Content-Type"] == "text/html; charset=utf-8"
    ctx = make_context(exchange)
    match_body(exchange.response, '{"error": "CSRF token was invalid or missing."}', ctx)
    assert ctx.diffs == []
    ctx = make_context(exchange)
    match_body(exchange.response, '{"error":"CSRF token was invalid or missing."}', ctx)
    assert categories(ctx) == ["body"]


def test_a_text_body_with_placeholders_binds_them(transcripts, make_context):
    exchange = transcripts.exchange("4a-tokens-bearer", 33)
    ctx = make_context(exchange)
    ctx.bindings.see("<CLIENT_ID:1>", "C" * 20)
    text = exchange.response["body"].replace("<BASE_URL>", "http://127.0.0.1:8080").replace("<CLIENT_ID:1>", "C" * 20)
    match_body(exchange.response, text, ctx)
    assert ctx.diffs == []
    ctx = make_context(exchange)
    ctx.bindings.see("<CLIENT_ID:1>", "D" * 20)
    match_body(exchange.response, text, ctx)
    assert categories(ctx) == ["binding"]


def test_an_empty_body_and_the_string_created(transcripts, make_context):
    delete = transcripts.exchange("4a-tokens-bearer", 24)
    ctx = make_context(delete)
    match_body(delete.response, "", ctx)
    match_body(delete.response, "null", ctx)
    assert [d.where for d in ctx.diffs] == ["body"]
    create = transcripts.exchange("2-organization", 0)
    ctx = make_context(create)
    match_body(create.response, '"Created"\n', ctx)
    match_body(create.response, '{"name": "platform"}', ctx)
    assert [d.where for d in ctx.diffs] == ["body"]


def test_observed_lifetime_is_checked(transcripts, make_context):
    exchange = transcripts.exchange("4a-tokens-bearer", 11)
    assert exchange.observed == {"expires_at_minus_created_s": 0.723}
    ctx = make_context(exchange)
    check_observed(exchange.observed, {"created": "2026-12-01T21:30:01.000000Z", "expires_at": "2026-12-01T21:30:02Z"}, ctx)
    assert ctx.diffs == [], "1.5 s truncated to 1 s"
    check_observed(exchange.observed, {"created": "2026-12-01T21:30:01Z", "expires_at": "2026-12-01T21:30:02.500000Z"}, ctx)
    assert [str(d) for d in ctx.diffs] == ["observed expires_at_minus_created_s: 1.5 != 0.723"]


def test_authorization_scopes_match_in_any_order_but_not_other_lists(transcripts, make_context):
    recorded = [{"scope": "repo:read", "description": "read"}, {"scope": "org:admin", "description": "admin"}]
    expected = {"authorizations": [{"scopes": recorded, "other": ["a", "b"]}]}

    def diffs_for(scopes, other):
        ctx = make_context(transcripts.exchange("6a-bootstrap-token", 1))
        match_json(expected, {"authorizations": [{"scopes": scopes, "other": other}]}, "body", ctx)
        return [d.where for d in ctx.diffs]

    assert diffs_for(list(reversed(recorded)), ["a", "b"]) == []
    assert diffs_for(recorded[:1] * 2, ["a", "b"]) == ["body.authorizations[0].scopes"], "each recorded scope once"
    assert diffs_for(recorded, ["b", "a"]) == ["body.authorizations[0].other[0]", "body.authorizations[0].other[1]"]


def test_the_user_views_organizations_match_in_any_order(transcripts, make_context):
    expected = {"organizations": [{"name": "platform"}, {"name": "bootorg"}]}

    def diffs_for(names):
        ctx = make_context(transcripts.exchange("8-discovery-user-health", 0))
        match_json(expected, {"organizations": [{"name": name} for name in names]}, "body", ctx)
        return [d.where for d in ctx.diffs]

    assert diffs_for(["bootorg", "platform"]) == []
    assert diffs_for(["bootorg", "platform", "sessorg"]) == ["body.organizations"]
