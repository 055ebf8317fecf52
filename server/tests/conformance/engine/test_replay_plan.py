"""The replay plan's waits reproduce what the recording's pace implied."""

from quaytest.replay import plan


def test_the_one_second_token_of_4a_has_expired_before_the_list_that_leaves_it_out(transcripts):
    exchanges = transcripts.scenario("4a-tokens-bearer").exchanges
    created, listed = exchanges[11], exchanges[21]
    # Quay made it live 1 s (1.5 truncated) and did not list it ten requests later, at ~300 ms a request.
    assert created.request["body"]["name"] == "expfrac" and created.request["body"]["expiration"] == 1.5
    assert "expfrac" not in {token["name"] for token in listed.response["body"]["tokens"]}
    waits = [step for step in plan.STEPS[("4a-tokens-bearer", 21)] if isinstance(step, plan.Wait)]
    assert waits and waits[0].seconds >= 1
