"""Binding: values learned from answers, checked on later sight, and requests filled from them."""

import base64

import pytest

from quaytest.replay.bindings import Bindings, Unbound, fill
from quaytest.replay.match_body import match_body
from quaytest.replay.runner import Runner


def test_same_n_is_the_same_value():
    bindings = Bindings()
    assert bindings.see("<UUID:1>", "a") == []
    assert bindings.see("<UUID:1>", "a") == []
    assert bindings.see("<UUID:1>", "b") == ["<UUID:1> was 'a', now 'b' (same n must be the same value)"]


def test_different_n_is_a_different_value():
    bindings = Bindings()
    bindings.see("<UUID:1>", "a")
    assert bindings.see("<UUID:2>", "a") == ["<UUID:2> has the same value as <UUID:1> (different n must differ)"]
    assert bindings.see("<CLIENT_ID:1>", "a") == [], "another kind may hold the same text"


def test_fixed_values_are_compared_not_bound():
    bindings = Bindings(fixed={"<BASE_URL>": lambda: "http://127.0.0.1:1"})
    assert bindings.see("<BASE_URL>", "http://127.0.0.1:1") == []
    assert bindings.see("<BASE_URL>", "http://localhost") == ["<BASE_URL>: 'http://localhost' != 'http://127.0.0.1:1'"]
    assert bindings.see("<TIME:iso>", "anything") == [], "format kinds are checked by the matcher"


def test_a_request_is_filled_from_earlier_answers(transcripts, answer, make_context):
    create = transcripts.exchange("4a-tokens-bearer", 0)
    ctx = make_context(create)
    ctx.bindings.see("<TOKEN:admin-all>", "A" * 40)
    ctx.bindings.see("<CLIENT_ID:1>", "C" * 20)
    values = {}
    _status, text = answer(create.response, values)
    match_body(create.response, text, ctx)
    assert ctx.diffs == []
    delete = transcripts.exchange("4a-tokens-bearer", 24)
    assert fill(delete.request["path"], ctx.bindings) == "/api/v1/organization/platform/applications/%s/tokens/%s" % ("C" * 20, values["<UUID:1>"])
    assert fill(delete.request["headers"], ctx.bindings) == {"Authorization": "Bearer " + "A" * 40}


def test_an_unbound_placeholder_names_itself(transcripts):
    request = transcripts.exchange("5b-second-user", 8).request
    with pytest.raises(Unbound, match="unbound placeholder <TOKEN_SECRET:18>"):
        fill(request["headers"], Bindings())


def test_the_runner_supplies_passwords_basic_cursors_and_the_token_file(transcripts, tmp_path):
    runner = Runner(transcripts, workdir=str(tmp_path))
    bindings = runner.bindings
    right = bindings.value("<PASSWORD:quayadmin:right>")
    assert bindings.value("<PASSWORD:quayadmin:wrong>") == "wrong-password"
    assert base64.b64decode(bindings.value("<BASIC:quayadmin:right>")).decode() == "quayadmin:" + right
    bindings.see("<CURSOR:1>", "gAAAAAxyz12345")
    assert bindings.value("<CURSOR:1-with-last-4-characters-replaced-by-AAAA>") == "gAAAAAxyz1AAAA"
    with pytest.raises(Unbound):
        bindings.value("<TOKEN:bootstrap-1>")
    (tmp_path / "bootstrap-token.json").write_text('{"access_token": "%s"}' % ("T" * 40))
    assert bindings.value("<TOKEN:bootstrap-1>") == "T" * 40
    (tmp_path / "bootstrap-token.json").unlink()
    assert bindings.value("<TOKEN:bootstrap-2>") == "T" * 40, "the last token seen, once the file is gone"
    assert [str(d) for d in runner.pending] == ["token file: <TOKEN:bootstrap-2> has the same value as <TOKEN:bootstrap-1> (different n must differ)"]
