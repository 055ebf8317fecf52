"""Every placeholder of the transcripts has a matcher kind; the file is found or the failure names its path."""

import pytest

from quaytest.replay import placeholders, plan
from quaytest.replay.transcripts import TranscriptsMissing, load


def test_every_placeholder_in_the_file_has_a_kind(transcripts):
    found = placeholders.all_in(transcripts.data["scenarios"]) | placeholders.all_in(transcripts.base_config)
    assert len(found) > 50
    missing = []
    for placeholder in sorted(found):
        try:
            placeholders.kind_of(placeholder)
        except placeholders.UnknownPlaceholder as error:
            missing.append(str(error))
    assert not missing, "new placeholders in %s need a kind in quaytest.replay.placeholders.KINDS: %s" % (transcripts.path, missing)


def test_every_documented_placeholder_has_a_kind(transcripts):
    for placeholder in transcripts.data["placeholders"]:
        if placeholder.startswith("<") and placeholder != "<TOKEN:bootstrap-3b>":  # 3b: "not used (reserved)"
            assert placeholders.kind_of(placeholder.replace(":n>", ":1>").replace("-N>", "-1>")), placeholder


@pytest.mark.parametrize("placeholder", ["<SECRET:1>", "<UUID:one>", "<TOKEN:robot>", "<BASE_URL:2>"])
def test_an_unknown_placeholder_fails_loudly(placeholder):
    with pytest.raises(placeholders.UnknownPlaceholder, match="no matcher kind"):
        placeholders.kind_of(placeholder)


def test_html_tags_are_not_placeholders():
    assert placeholders.find('<!doctype html>\n<html lang=en>\n<title>Redirecting...</title><a href="<BASE_URL>/x/<CLIENT_ID:1>/">') == [
        "<BASE_URL>", "<CLIENT_ID:1>"]


def test_a_missing_transcripts_file_fails_naming_the_path(monkeypatch, tmp_path):
    missing = tmp_path / "nowhere" / "transcripts.json"
    monkeypatch.setenv("QUAY_TRANSCRIPTS", str(missing))
    with pytest.raises(TranscriptsMissing, match=str(missing)):
        load()


def test_the_run_order_holds_every_scenario_once(transcripts):
    ids = [scenario.id for scenario in transcripts.scenarios]
    assert sorted(plan.ORDER) == sorted(ids), "plan.ORDER must list the scenarios of %s" % transcripts.path
    assert plan.run_order(transcripts).index("5b-second-user") < plan.run_order(transcripts).index("1b-signin-throttle")
    for scenario, index in plan.STEPS:
        assert transcripts.exchange(scenario, index)
    assert set(plan.MOVED) <= set(ids)


def test_the_base_config_maps_to_quayref_keys(transcripts):
    config = plan.base_config(transcripts, "/tmp/replay/token.json")
    assert config["BOOTSTRAP_TOKEN_PATH"] == "/tmp/replay/token.json"
    assert config["SERVER_HOSTNAME"] == plan.SERVER_HOSTNAME
    assert config["SUPER_USERS"] == ["quayadmin"]
    assert not [key for key in config if key.startswith("_")]
